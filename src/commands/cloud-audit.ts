import {
  InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction, type StringSelectMenuInteraction,
} from 'discord.js';
import { parseSince } from '../audit/since.js';
import type { AppContext } from '../context.js';
import { auditPageButtons, auditPageEmbed } from '../discord/audit-embed.js';
import { refusal, UserFacingError, validOrThrow } from '../errors.js';
import { customId, type Command, type ComponentRoute } from './command.js';

const PAGE_SIZE = 10;

export const data = new SlashCommandBuilder()
  .setName('cloud-audit')
  .setDescription('Read the audit trail of this server: plans, approvals, applies, policy changes (admins)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) => o.setName('project').setDescription('Only this project ID').setMaxLength(64))
  .addUserOption((o) => o.setName('user').setDescription('Only what this member did'))
  .addStringOption((o) => o.setName('since').setDescription('From: 24h, 7d, or a date such as 2026-12-01 (UTC)').setMaxLength(40));

/** What a page shows; it travels in the page buttons' custom IDs, so paging needs no server state. */
interface AuditView {
  page: number;
  since?: number;
  actorId?: string;
  /** The project's tags: under the current secret, and (during a rotation) under the previous one. */
  projectTags?: string[];
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('The audit trail belongs to a server; use this command in one.');
  assertAdmin(interaction);
  const project = interaction.options.getString('project')?.trim();
  const since = interaction.options.getString('since');
  const view: AuditView = {
    page: 0,
    ...(since ? { since: validOrThrow(parseSince(since, ctx.clock.now())) } : {}),
    ...(interaction.options.getUser('user') ? { actorId: interaction.options.getUser('user', true).id } : {}),
    ...(project ? { projectTags: ctx.audit.projectTags(interaction.guildId, project) } : {}),
  };
  await interaction.reply({ ...renderPage(ctx, interaction.guildId, view, describeFilters(project, view)), flags: MessageFlags.Ephemeral });
}

const pageRoute: ComponentRoute = {
  prefix: 'audit-page',
  async handle(interaction, ctx, argument) {
    if (!interaction.inGuild()) return;
    // Checked again at the press: the Manage Server a member had when the reply was sent may be gone.
    assertAdmin(interaction);
    const view = decodeView(argument);
    if (!view) throw new UserFacingError('This page button is from an older version of the bot; run `/cloud-audit` again.');
    const filters = interaction.message.embeds[0]?.footer?.text.split(' · ').slice(2, -1).join(' · ') ?? '';
    await interaction.update(renderPage(ctx, interaction.guildId, view, filters));
  },
};

function renderPage(ctx: AppContext, guildId: string, view: AuditView, filters: string) {
  const { entries, total } = ctx.audit.query({
    guildId, limit: PAGE_SIZE, offset: view.page * PAGE_SIZE,
    ...(view.since !== undefined ? { since: view.since } : {}), ...(view.actorId ? { actorId: view.actorId } : {}), ...(view.projectTags ? { projectTags: view.projectTags } : {}),
  });
  const pages = Math.ceil(total / PAGE_SIZE);
  const previous = view.page > 0 ? customId(pageRoute, encodeView({ ...view, page: view.page - 1 })) : undefined;
  const next = view.page + 1 < pages ? customId(pageRoute, encodeView({ ...view, page: view.page + 1 })) : undefined;
  return {
    embeds: [auditPageEmbed(entries, view.page, pages, total, filters)],
    components: pages > 1 ? [auditPageButtons(previous, next)] : [],
    allowedMentions: { parse: [] },
  };
}

function assertAdmin(interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw refusal('The audit trail is for members with the Manage Server permission.');
  }
}

function describeFilters(project: string | undefined, view: AuditView): string {
  return [
    project ? `project ${project.slice(0, 64)}` : '',
    view.actorId ? `user ${view.actorId}` : '',
    view.since !== undefined ? `since ${new Date(view.since).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '',
  ].filter(Boolean).join(' · ');
}

// page:since(base 36):actor:tag[.previous tag], each part possibly empty: at most ~90 characters.
function encodeView(view: AuditView): string {
  return [view.page, view.since?.toString(36) ?? '', view.actorId ?? '', view.projectTags?.join('.') ?? ''].join(':');
}

function decodeView(text: string): AuditView | undefined {
  const [page, since, actorId, tags] = text.split(':');
  if (!page || !/^\d+$/.test(page) || (since && !/^[0-9a-z]+$/.test(since)) || (actorId && !/^\d{17,20}$/.test(actorId)) || (tags && !/^[\w-]{22}(\.[\w-]{22})?$/.test(tags))) return undefined;
  return { page: Number(page), ...(since ? { since: parseInt(since, 36) } : {}), ...(actorId ? { actorId } : {}), ...(tags ? { projectTags: tags.split('.') } : {}) };
}

export default { data, execute, components: [pageRoute] } satisfies Command;
