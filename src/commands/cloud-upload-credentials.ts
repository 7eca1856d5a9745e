import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { MAX_CREDENTIALS_BYTES, parseCredentials } from '../cloud/credentials.js';
import { PROVIDER_NAMES } from '../cloud/providers.js';
import { auditProject } from '../audit/audit-log.js';
import type { AppContext } from '../context.js';
import { downloadTextAttachment } from '../discord/attachments.js';
import { requireSession, updateSession } from '../discord/session-lookup.js';
import { UserFacingError, validOrThrow } from '../errors.js';
import type { Command } from './command.js';

export const data = new SlashCommandBuilder()
  .setName('cloud-upload-credentials')
  .setDescription("Attach this server's cloud credentials to your session")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addAttachmentOption((o) =>
    o.setName('file').setDescription('GCP service-account key JSON, AWS access key JSON or Azure service principal JSON').setRequired(true))
  .addStringOption((o) => o.setName('project_id').setDescription('Which session, if you have several').setMaxLength(64));

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('Credentials belong to a server; use this command in one.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const session = requireSession(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, interaction.options.getString('project_id'));

  const text = await downloadTextAttachment(interaction.options.getAttachment('file', true), {
    maxBytes: MAX_CREDENTIALS_BYTES, allowedHosts: ctx.config.discord.attachmentHosts, fetch: ctx.fetch,
  });
  const credentials = validOrThrow(parseCredentials(session.provider, text));

  const replaced = Boolean(session.credentials);
  updateSession(ctx, { ...session, credentials });
  ctx.log.info({ sessionId: session.id, provider: session.provider, replaced }, 'credentials stored');
  ctx.audit.record({ guildId: session.guildId, actorId: session.userId, action: 'credentials.uploaded', project: auditProject(session), facts: { sessionId: session.id, replaced } });
  await interaction.editReply(
    `🔐 ${PROVIDER_NAMES[session.provider]} credentials ${replaced ? 'replaced' : 'stored'} for \`${session.projectId}\`, ` +
      'encrypted in memory and in the recovery blob. They reach Terraform only as a private temporary file or environment variables, for the length of a run.',
  );
}

export default { data, execute } satisfies Command;
