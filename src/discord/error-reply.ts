import { randomBytes } from 'node:crypto';
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { UserFacingError } from '../errors.js';
import type { Logger } from '../log.js';
import { ANSWER_MARKS } from './embed-style.js';

/** What the user is told about a failure: the whole message, and its first line for a one-line ending. */
export interface ErrorDescription {
  text: string;
  summary: string;
}

const SUMMARY_MAX = 200;

/**
 * Turns a failure into words for the user. A {@link UserFacingError} is shown as is; anything else is
 * logged with an incident id and the user sees only that id, never internals.
 */
export function describeError(error: unknown, log: Logger): ErrorDescription {
  if (error instanceof UserFacingError) {
    log.info({ userError: error.message }, 'interaction refused');
    return { text: `${ANSWER_MARKS[error.kind]} ${error.message}`, summary: firstLine(error.message) };
  }
  const incidentId = randomBytes(4).toString('hex');
  log.error({ err: error, incidentId }, 'interaction failed');
  return {
    text: `${ANSWER_MARKS.error} Something went wrong on our side. If it keeps happening, give an admin incident \`${incidentId}\`.`,
    summary: `something went wrong on our side (incident \`${incidentId}\`)`,
  };
}

/** The first line of a message, without bold markers, short enough for a final state in one line. */
function firstLine(message: string): string {
  const line = (message.split('\n').find((l) => l.trim() !== '') ?? '').replace(/\*\*/g, '').trim();
  return line.length <= SUMMARY_MAX ? line : `${line.slice(0, SUMMARY_MAX - 1)}…`;
}

/** The one place a failed interaction turns into a message (see {@link describeError}). */
export async function replyWithError(interaction: RepliableInteraction, error: unknown, log: Logger): Promise<void> {
  const { text: content } = describeError(error, log);
  try {
    if (interaction.deferred && !interaction.replied) {
      await interaction.editReply({ content, embeds: [], components: [] });
    } else if (interaction.replied) {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    }
  } catch (replyError) {
    // The interaction token may have expired (15 min) or Discord may be unreachable; nothing more to do.
    log.warn({ err: replyError }, 'could not tell the user about the error');
  }
}
