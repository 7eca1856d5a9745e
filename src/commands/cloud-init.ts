import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  TimestampStyles,
  time,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { MAX_CREDENTIALS_BYTES } from '../cloud/credentials.js';
import { PROVIDERS, PROVIDER_NAMES, REGIONS, isProvider } from '../cloud/providers.js';
import { validateSessionRequest, type SessionRequest } from '../cloud/session-request.js';
import { auditProject } from '../audit/audit-log.js';
import type { AppContext } from '../context.js';
import { downloadTextAttachment } from '../discord/attachments.js';
import { sessionStartedEmbed } from '../discord/session-embeds.js';
import { refusal, UserFacingError, validOrThrow } from '../errors.js';
import { createSession } from '../vault/new-session.js';
import type { Command } from './command.js';

export const data = new SlashCommandBuilder()
  .setName('cloud-init')
  .setDescription('Open a 30-minute session for a cloud project')
  .setContexts(InteractionContextType.Guild)
  // It binds cloud credentials to the server, so by default only server managers may use it.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) =>
    o.setName('provider').setDescription('Cloud provider').setRequired(true)
      .addChoices(...PROVIDERS.map((p) => ({ name: PROVIDER_NAMES[p], value: p }))))
  .addStringOption((o) => o.setName('project_name').setDescription('A label for this project').setRequired(true).setMaxLength(64))
  .addStringOption((o) =>
    o.setName('project_id').setDescription('GCP project ID, AWS account ID or Azure subscription ID').setRequired(true).setMaxLength(64))
  .addStringOption((o) => o.setName('region').setDescription('Region, e.g. us-central1').setRequired(true).setMaxLength(40).setAutocomplete(true))
  .addStringOption((o) =>
    o.setName('service_account_json').setDescription('Credentials JSON pasted as text (or attach a file instead)').setMaxLength(6000))
  .addAttachmentOption((o) => o.setName('credentials').setDescription('Credentials file: GCP key JSON, AWS access key JSON or Azure SP JSON'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('Cloud sessions belong to a server; use this command in one.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });

  const pasted = interaction.options.getString('service_account_json');
  const attached = interaction.options.getAttachment('credentials');
  if (pasted && attached) throw new UserFacingError('Give the credentials once: either `service_account_json` or the `credentials` file, not both.');
  const credentialsText = attached
    ? await downloadTextAttachment(attached, { maxBytes: MAX_CREDENTIALS_BYTES, allowedHosts: ctx.config.discord.attachmentHosts, fetch: ctx.fetch })
    : (pasted ?? undefined);

  const request = validOrThrow(validateSessionRequest({
    provider: interaction.options.getString('provider', true),
    projectName: interaction.options.getString('project_name', true),
    projectId: interaction.options.getString('project_id', true),
    region: interaction.options.getString('region', true),
    credentialsText,
  }));

  refuseSecondSession(ctx, interaction.guildId, interaction.user.id, request);
  refuseOverCap(ctx, interaction.user.id);
  const session = createSession(request, { userId: interaction.user.id, guildId: interaction.guildId }, ctx.clock, ctx.config.sessionTtlMs);
  // Durable copy first: a session the bot cannot recover after a crash is not promised to the user.
  ctx.recovery.save(session);
  ctx.vault.put(session);
  ctx.log.info({ sessionId: session.id, provider: session.provider, hasCredentials: Boolean(session.credentials) }, 'session opened');
  const audited = { guildId: session.guildId, actorId: session.userId, project: auditProject(session) };
  ctx.audit.record({ ...audited, action: 'session.opened', facts: { sessionId: session.id } });
  if (session.credentials) ctx.audit.record({ ...audited, action: 'credentials.uploaded', facts: { sessionId: session.id, with: 'cloud-init' } });

  await interaction.editReply({ embeds: [sessionStartedEmbed(session)] });
}

/**
 * One live session per user and project. A second one would point another region and other credentials
 * at the same Terraform workspaces, and /cloud-status could not say which session owns what; refusing
 * loses nothing, since the live one keeps working and the user is told how to go on.
 */
function refuseSecondSession(ctx: AppContext, guildId: string, userId: string, request: SessionRequest): void {
  const live = ctx.vault.ownedBy(guildId, userId).find((s) => s.provider === request.provider && s.projectId === request.projectId);
  if (!live) return;
  throw refusal(
    `You already have a live session for \`${live.projectId}\` (${live.region}), until ${time(new Date(live.expiresAt), TimestampStyles.ShortTime)}; `
    + `its deployments are listed once, under it, in \`/cloud-status\`. Keep using it (session ID \`${live.id}\`), or open a new one, for example in another region, once it expires.`,
  );
}

/**
 * At most MAX_SESSIONS_PER_USER live sessions per person, across servers: each can plan into its own
 * workspaces, so one member looping /cloud-init over made-up projects could otherwise fill the host.
 */
function refuseOverCap(ctx: AppContext, userId: string): void {
  const live = ctx.vault.liveOf(userId);
  const cap = ctx.config.maxSessionsPerUser;
  if (live.length < cap) return;
  throw new UserFacingError(
    `You already have ${live.length} live sessions, the most this bot allows one person at a time (${cap}). `
    + `Keep working in one of them (\`/cloud-status\` lists those of this server), or open a new one once the first ends, ${time(new Date(live[0]!.expiresAt), TimestampStyles.RelativeTime)}.`,
  );
}

/** Suggests regions of the provider already chosen in the same command. */
export async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
  const provider = interaction.options.getString('provider') ?? '';
  const typed = interaction.options.getFocused().toLowerCase();
  const regions = isProvider(provider) ? REGIONS[provider] : PROVIDERS.flatMap((p) => REGIONS[p]);
  const matches = regions.filter((r) => r.includes(typed)).slice(0, 25);
  await interaction.respond(matches.map((r) => ({ name: r, value: r })));
}

export default { data, execute, autocomplete } satisfies Command;
