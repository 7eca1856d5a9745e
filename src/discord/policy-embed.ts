import { EmbedBuilder } from 'discord.js';
import { formatUsd } from '../advisor/cost-math.js';
import { mentionRoles } from '../policy/approvals.js';
import type { Policy } from '../policy/policy.js';
import { COLORS, fitEmbed } from './embed-style.js';

/** `/cloud-policy show`: every rule in force, defaults named as such. */
export function policyEmbed(policy: Policy, isDefault: boolean): EmbedBuilder {
  const roles = (list: string[], fallback: string) => (list.length ? mentionRoles(list) : fallback);
  const gate = policy.costGate;
  const projects = Object.entries(policy.budgets.projects).map(([id, usd]) => `\`${id}\`: ${formatUsd(usd)}/month`);
  return new EmbedBuilder()
    .setColor(COLORS.info)
    .setTitle('🛡️ Approval policy')
    .setDescription(isDefault ? 'This server has set no policy: these are the defaults (the requester, with Manage Server, approves their own plan).' : 'Checked at every press, against the presser\'s roles at that moment.')
    .addFields(
      { name: 'May deploy', value: roles(policy.deployRoles, 'Members with Manage Server'), inline: true },
      { name: 'May approve others\' plans', value: roles(policy.approverRoles, 'Nobody: the requester approves'), inline: true },
      { name: 'May tear down others\' deployments', value: roles(policy.destroyRoles, 'Nobody: the owner only'), inline: true },
      { name: 'Requester may approve own plan', value: policy.selfApproval ? 'Yes' : 'No', inline: true },
      { name: 'Approvers needed', value: `Deploy: ${policy.approvals.apply} · Teardown: ${policy.approvals.destroy}`, inline: true },
      { name: 'Costly plans', value: gate ? `Above ${formatUsd(gate.aboveUsd)}/month (or unpriced): ${gate.approvals} approvers${gate.finance ? `, one with ${roles(policy.financeRoles, '(no finance role set)')}` : ''}` : 'No extra rule', inline: true },
      { name: 'Budgets (monthly)', value: fitEmbed([`Server: ${policy.budgets.serverUsd === undefined ? 'none' : `${formatUsd(policy.budgets.serverUsd)}/month`}`, ...projects].join('\n')) },
      { name: 'Over budget', value: policy.overBudget === 'refuse' ? 'Refused' : `Needs an approver with ${roles(policy.budgetRoles, '(no budget role set)')}`, inline: true },
      { name: 'Audit channel', value: policy.auditChannelId ? `<#${policy.auditChannelId}>` : 'None', inline: true },
    );
}
