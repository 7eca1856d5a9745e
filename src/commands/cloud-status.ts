import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../context.js';
import { sessionStatusEmbed } from '../discord/status-embed.js';
import { UserFacingError } from '../errors.js';
import { deployedMonthlyUsd, spendAgainstBudget } from '../policy/budget.js';
import type { Command } from './command.js';

// A message holds at most 10 embeds.
const MAX_SESSIONS_SHOWN = 10;

export const data = new SlashCommandBuilder()
  .setName('cloud-status')
  .setDescription('Your cloud sessions in this server: time left, deployments and what they created')
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('Sessions belong to a server; use this command in one.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const sessions = ctx.vault.ownedBy(interaction.guildId, interaction.user.id);
  if (sessions.length === 0) {
    await interaction.editReply('You have no live cloud session in this server. Start one with `/cloud-init`, or get yours back with `/cloud-recover-session`.');
    return;
  }
  const now = ctx.clock.now();
  const policy = ctx.policies.get(interaction.guildId);
  const serverSpend = deployedMonthlyUsd(ctx.deployments.listForGuild(interaction.guildId), '');
  const embeds = sessions.slice(-MAX_SESSIONS_SHOWN).map((session) => {
    const deployments = ctx.deployments.listForSession(session);
    return sessionStatusEmbed(session, deployments, now, spendAgainstBudget(policy, session.projectId, deployedMonthlyUsd(deployments, ''), serverSpend));
  });
  await interaction.editReply({ embeds });
}

export default { data, execute } satisfies Command;
