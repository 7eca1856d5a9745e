import {
  ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../context.js';
import { policyEmbed } from '../discord/policy-embed.js';
import { refusal, UserFacingError } from '../errors.js';
import { DEFAULT_POLICY, incoherence, policySchema, type Policy } from '../policy/policy.js';
import type { Command } from './command.js';

const ROLE_LISTS = { deploy: 'deployRoles', approve: 'approverRoles', destroy: 'destroyRoles', finance: 'financeRoles', budget: 'budgetRoles' } as const;
type RoleList = keyof typeof ROLE_LISTS;

export const data = new SlashCommandBuilder()
  .setName('cloud-policy')
  .setDescription('Who may deploy, approve and tear down, how many approvers, budgets, audit channel (Manage Server)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) => s.setName('show').setDescription('Show the policy in force'))
  .addSubcommand((s) => s.setName('role').setDescription('Add a role to (or remove it from) one of the policy\'s role lists')
    .addStringOption((o) => o.setName('list').setDescription('Which list').setRequired(true).addChoices(
      { name: 'deploy: may deploy', value: 'deploy' }, { name: 'approve: may approve others\' plans', value: 'approve' },
      { name: 'destroy: may tear down others\' deployments', value: 'destroy' }, { name: 'finance: approves costly plans', value: 'finance' },
      { name: 'budget: approves plans over budget', value: 'budget' }))
    .addRoleOption((o) => o.setName('role').setDescription('The role').setRequired(true))
    .addBooleanOption((o) => o.setName('remove').setDescription('Remove it instead of adding it')))
  .addSubcommand((s) => s.setName('approvals').setDescription('How many distinct approvers, and whether requesters approve their own plans')
    .addBooleanOption((o) => o.setName('self_approval').setDescription('May the requester approve their own plan?'))
    .addIntegerOption((o) => o.setName('deploy').setDescription('Approvers a deployment needs').setMinValue(1).setMaxValue(5))
    .addIntegerOption((o) => o.setName('destroy').setDescription('Approvers a teardown needs').setMinValue(1).setMaxValue(5)))
  .addSubcommand((s) => s.setName('cost-gate').setDescription('Plans above a monthly cost need more approvers (and finance)')
    .addNumberOption((o) => o.setName('above_usd').setDescription('Monthly cost in USD above which the gate applies').setRequired(true).setMinValue(0).setMaxValue(10_000_000))
    .addIntegerOption((o) => o.setName('approvers').setDescription('Approvers such a plan needs').setRequired(true).setMinValue(1).setMaxValue(5))
    .addBooleanOption((o) => o.setName('finance').setDescription('One of them must have a finance role'))
    .addBooleanOption((o) => o.setName('off').setDescription('Remove the cost gate')))
  .addSubcommand((s) => s.setName('budget').setDescription('A monthly budget for the server or one project (0 removes it)')
    .addNumberOption((o) => o.setName('monthly_usd').setDescription('USD per month; 0 removes the budget').setRequired(true).setMinValue(0).setMaxValue(10_000_000))
    .addStringOption((o) => o.setName('project').setDescription('Project ID; leave empty for the whole server').setMaxLength(64))
    .addStringOption((o) => o.setName('over_budget').setDescription('What happens to a plan over budget').addChoices(
      { name: 'needs an approver with a budget role', value: 'budget-role' }, { name: 'refused', value: 'refuse' })))
  .addSubcommand((s) => s.setName('audit-channel').setDescription('Mirror the audit trail to a channel (leave empty to stop)')
    .addChannelOption((o) => o.setName('channel').setDescription('A text channel the bot may post in').addChannelTypes(ChannelType.GuildText)))
  .addSubcommand((s) => s.setName('reset').setDescription('Back to the defaults (the requester approves their own plan)'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('A policy belongs to a server; use this command in one.');
  // Checked here too: a stale registration or a changed integration setting must not open the policy.
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) throw refusal('Only members with the Manage Server permission can read or change the policy.');
  const subcommand = interaction.options.getSubcommand(true);
  // Reset reads nothing of the policy in force: it is how an admin replaces one that no longer opens.
  const current = subcommand === 'reset' ? DEFAULT_POLICY : ctx.policies.get(interaction.guildId);
  if (subcommand === 'show') {
    await interaction.reply({ embeds: [policyEmbed(current, !ctx.policies.isSet(interaction.guildId))], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  const { policy, change } = changed(interaction, subcommand, current);
  const problem = incoherence(policy);
  if (problem) throw new UserFacingError(`Not saved: ${problem}`);
  ctx.policies.put(interaction.guildId, policy, interaction.user.id);
  ctx.audit.record({ guildId: interaction.guildId, actorId: interaction.user.id, action: 'policy.changed', facts: { change } });
  await interaction.reply({ content: `✅ Policy updated: ${change}.`, embeds: [policyEmbed(policy, false)], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** The policy after the subcommand, and the change in words (for the reply and the audit trail). */
function changed(interaction: ChatInputCommandInteraction, subcommand: string, current: Policy): { policy: Policy; change: string } {
  const o = interaction.options;
  switch (subcommand) {
    case 'role': {
      const list = o.getString('list', true) as RoleList;
      const key = ROLE_LISTS[list];
      if (!key) throw new UserFacingError('Unknown role list; choose deploy, approve, destroy, finance or budget.');
      const role = o.getRole('role', true);
      if (role.id === interaction.guildId) throw new UserFacingError('@everyone cannot be a policy role: it would let every member through.');
      const remove = o.getBoolean('remove') ?? false;
      const roles = remove ? current[key].filter((id) => id !== role.id) : [...new Set([...current[key], role.id])];
      if (roles.length > 25) throw new UserFacingError('A role list holds at most 25 roles.');
      return { policy: { ...current, [key]: roles }, change: `${remove ? 'removed' : 'added'} role ${role.id} ${remove ? 'from' : 'to'} ${list}` };
    }
    case 'approvals': {
      const self = o.getBoolean('self_approval');
      const apply = o.getInteger('deploy');
      const destroy = o.getInteger('destroy');
      if (self === null && apply === null && destroy === null) throw new UserFacingError('Give at least one of `self_approval`, `deploy`, `destroy`.');
      const approvals = { apply: apply ?? current.approvals.apply, destroy: destroy ?? current.approvals.destroy };
      return {
        policy: { ...current, selfApproval: self ?? current.selfApproval, approvals },
        change: `self-approval ${(self ?? current.selfApproval) ? 'on' : 'off'}, approvers: deploy ${approvals.apply}, teardown ${approvals.destroy}`,
      };
    }
    case 'cost-gate': {
      if (o.getBoolean('off')) {
        const { costGate: _removed, ...rest } = current;
        return { policy: policySchema.parse(rest), change: 'cost gate removed' };
      }
      const costGate = { aboveUsd: o.getNumber('above_usd', true), approvals: o.getInteger('approvers', true), finance: o.getBoolean('finance') ?? false };
      return { policy: { ...current, costGate }, change: `plans above $${costGate.aboveUsd}/month need ${costGate.approvals} approvers${costGate.finance ? ', one with a finance role' : ''}` };
    }
    case 'budget': {
      const usd = o.getNumber('monthly_usd', true);
      const project = o.getString('project')?.trim().toLowerCase();
      const overBudget = (o.getString('over_budget') as Policy['overBudget'] | null) ?? current.overBudget;
      if (project !== undefined && !/^[a-z0-9][a-z0-9_.:-]{0,63}$/.test(project)) throw new UserFacingError('`project` must be a project ID as given to `/cloud-init`.');
      const budgets = { ...current.budgets, projects: { ...current.budgets.projects } };
      if (project) {
        if (usd === 0) delete budgets.projects[project];
        else budgets.projects[project] = usd;
      } else if (usd === 0) delete budgets.serverUsd;
      else budgets.serverUsd = usd;
      const what = project ? `project ${project}` : 'the server';
      return { policy: { ...current, budgets, overBudget }, change: `${usd === 0 ? `budget of ${what} removed` : `budget of ${what} set to $${usd}/month`}; over budget: ${overBudget}` };
    }
    case 'audit-channel': {
      const channel = o.getChannel('channel');
      if (!channel) {
        const { auditChannelId: _removed, ...rest } = current;
        return { policy: policySchema.parse(rest), change: 'audit channel removed' };
      }
      return { policy: { ...current, auditChannelId: channel.id }, change: `audit channel set to ${channel.id}` };
    }
    case 'reset':
      return { policy: DEFAULT_POLICY, change: 'reset to the defaults' };
    default:
      throw new UserFacingError(`Unknown subcommand \`${subcommand.slice(0, 40)}\`.`);
  }
}

export default { data, execute } satisfies Command;
