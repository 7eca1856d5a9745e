import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, InteractionContextType, MessageFlags, SlashCommandBuilder, TimestampStyles, time,
  type ChatInputCommandInteraction, type InteractionEditReplyOptions,
} from 'discord.js';
import type { AppContext } from '../context.js';
import { packPages } from '../discord/embed-pages.js';
import { sessionStatusSection } from '../discord/status-embed.js';
import { UserFacingError } from '../errors.js';
import { deployedMonthlyUsd, spendAgainstBudget } from '../policy/budget.js';
import type { Session } from '../vault/session.js';
import { customId, type Command, type ComponentRoute } from './command.js';

export const data = new SlashCommandBuilder()
  .setName('cloud-status')
  .setDescription('Your cloud sessions in this server: time left, deployments and what they created')
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('Sessions belong to a server; use this command in one.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply(statusPage(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, 0));
}

/**
 * Page `wanted` of the caller's status, built afresh from the records. However many sessions and
 * deployments there are, each page fits one message (see packPages), with Previous/Next when there is more.
 */
function statusPage(ctx: AppContext, owner: { guildId: string; userId: string }, wanted: number): InteractionEditReplyOptions {
  const sessions = ctx.vault.ownedBy(owner.guildId, owner.userId);
  if (sessions.length === 0) return { content: noLiveSession(ctx, owner), embeds: [], components: [] };

  const status = {
    viewerId: owner.userId,
    now: ctx.clock.now(),
    awaitingApproval: new Set(ctx.pendingPlans.waiting().map((p) => p.planned.deployment.id)),
  };
  // Unreadable (a changed server secret): the status still shows, without budget lines.
  const policy = ctx.policies.forDisplay(owner.guildId);
  const serverSpend = deployedMonthlyUsd(ctx.deployments.listForGuild(owner.guildId), '');
  const pages = packPages(sessions.map((session) => {
    const deployments = ctx.deployments.listForSession(session);
    const budget = policy && spendAgainstBudget(policy, session.projectId, deployedMonthlyUsd(deployments, ''), serverSpend);
    return sessionStatusSection(session, deployments, status, budget);
  }));
  const index = Math.min(Math.max(wanted, 0), pages.length - 1);
  const embeds = pages[index]!;
  if (pages.length === 1) return { content: '', embeds, components: [] };
  embeds.at(-1)!.footer = { text: `Page ${index + 1} of ${pages.length}` };
  return { content: '', embeds, components: [pageButtons(index, pages.length)] };
}

function pageButtons(index: number, count: number): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId(pageRoute, String(index - 1))).setLabel('Previous').setEmoji('◀️').setStyle(ButtonStyle.Secondary).setDisabled(index === 0),
    new ButtonBuilder().setCustomId(customId(pageRoute, String(index + 1))).setLabel('Next').setEmoji('▶️').setStyle(ButtonStyle.Secondary).setDisabled(index === count - 1),
  );
}

/** The status message is ephemeral, so only its viewer can press; the page is rebuilt from their own records. */
const pageRoute: ComponentRoute = {
  prefix: 'status-page',
  async handle(interaction, ctx, argument) {
    if (!interaction.inGuild()) return;
    const page = statusPage(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, Number.parseInt(argument, 10) || 0);
    await interaction.update({ content: page.content ?? '', embeds: page.embeds ?? [], components: page.components ?? [] });
  },
};

/** No live session: say so, and name the ones a restart left that the caller can still get back. */
function noLiveSession(ctx: AppContext, owner: { guildId: string; userId: string }): string {
  const recoverable = ctx.recovery.recoverableBy(owner);
  if (recoverable.length === 0) {
    return 'You have no live cloud session in this server. Start one with `/cloud-init`, or get yours back with `/cloud-recover-session`.';
  }
  const lines = recoverable.slice(0, 10).map((s) => `• ${describeRecoverable(s)}`);
  if (recoverable.length > 10) lines.push(`… and ${recoverable.length - 10} more`);
  return [
    'You have no live cloud session in this server, but the bot restarted and kept yours. Get one back with `/cloud-recover-session`:',
    ...lines,
  ].join('\n');
}

function describeRecoverable(session: Session): string {
  const expires = time(new Date(session.expiresAt), TimestampStyles.RelativeTime);
  return `**${session.projectName}** (\`${session.projectId}\`, ${session.region}), recoverable until ${expires}: session ID \`${session.id}\``;
}

export default { data, execute, components: [pageRoute] } satisfies Command;
