import { randomBytes } from 'node:crypto';
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { UserFacingError } from '../errors.js';
import type { Logger } from '../log.js';

/**
 * The one place a failed interaction turns into a message. A {@link UserFacingError} is shown as is;
 * anything else is logged with an incident id and the user sees only that id, never internals.
 */
export async function replyWithError(interaction: RepliableInteraction, error: unknown, log: Logger): Promise<void> {
  let content: string;
  if (error instanceof UserFacingError) {
    content = `❌ ${error.message}`;
    log.info({ userError: error.message }, 'interaction refused');
  } else {
    const incidentId = randomBytes(4).toString('hex');
    log.error({ err: error, incidentId }, 'interaction failed');
    content = `⚠️ Something went wrong on our side. If it keeps happening, give an admin incident \`${incidentId}\`.`;
  }
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
