import {
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { auditProject } from '../audit/audit-log.js';
import type { AppContext } from '../context.js';
import { resumeButton } from '../discord/deploy-embeds.js';
import { resumeRoute } from '../discord/deploy-flow.js';
import { sessionAlreadyLiveEmbed, sessionRecoveredEmbed } from '../discord/session-embeds.js';
import { refusal, UserFacingError } from '../errors.js';
import { SESSION_ID_PATTERN } from '../vault/session.js';
import { customId, type Command } from './command.js';

// The same words for an unknown ID, another user's or server's session, an expired or a tampered blob:
// anything more specific would tell a guesser which IDs exist.
export const NO_RECOVERABLE_SESSION =
  'No recoverable session with that ID. A session can be recovered by the person who started it, in the same server, until it expires.';

export const data = new SlashCommandBuilder()
  .setName('cloud-recover-session')
  .setDescription('Get your cloud session back after the bot restarted')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o.setName('session_id').setDescription('The session ID /cloud-init gave you').setRequired(true).setMaxLength(64));

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('Sessions belong to a server; use this command in the server you started it in.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });

  const attempt = ctx.recoverLimiter.take(interaction.user.id);
  if (!attempt.allowed) {
    throw refusal(`Too many recovery attempts. Try again in ${Math.ceil(attempt.retryAfterMs / 1000)} seconds.`);
  }
  const sessionId = interaction.options.getString('session_id', true).replace(/^[`\s]+|[`\s]+$/g, ''); // pasted with or without its code block
  if (!SESSION_ID_PATTERN.test(sessionId)) {
    throw new UserFacingError('That is not a session ID: they are 22 letters, digits, `-` or `_`, as shown by /cloud-init.');
  }
  const owner = { userId: interaction.user.id, guildId: interaction.guildId };
  const now = ctx.clock.now();

  const live = ctx.vault.get(sessionId);
  if (live && live.userId === owner.userId && live.guildId === owner.guildId) {
    await interaction.editReply({ embeds: [sessionAlreadyLiveEmbed(live, now)] });
    return;
  }

  const result = ctx.recovery.recover(sessionId, owner);
  if (!result.ok) {
    ctx.log.info({ sessionId, reason: result.reason }, 'session recovery refused');
    throw new UserFacingError(NO_RECOVERABLE_SESSION);
  }
  ctx.vault.put(result.session);
  ctx.log.info({ sessionId, deploymentStatus: result.deploymentStatus }, 'session recovered');
  const session = result.session;
  ctx.audit.record({ guildId: session.guildId, actorId: session.userId, action: 'session.recovered', project: auditProject(session), facts: { sessionId: session.id } });
  // One Resume button per interrupted deployment of this project (a message holds up to 5 rows).
  const owned = ctx.deployments.listForSession(session).filter((d) => d.userId === owner.userId);
  const interrupted = owned.filter((d) => d.status === 'INTERRUPTED').slice(0, 5);
  await interaction.editReply({
    embeds: [sessionRecoveredEmbed(session, owned, result.deploymentStatus, now)],
    components: interrupted.map((d) => resumeButton(customId(resumeRoute, d.id), interrupted.length > 1 ? d.details.name : undefined)),
  });
}

export default { data, execute } satisfies Command;
