import {
  EmbedBuilder, MessageFlags, PermissionFlagsBits, TimestampStyles, time, type ButtonInteraction, type ChatInputCommandInteraction, type StringSelectMenuInteraction,
} from 'discord.js';
import { formatUsd } from '../advisor/cost-math.js';
import { deploymentEvent } from '../audit/audit-log.js';
import type { AppContext, PendingPlan, PlanAnswer, PlanApproval } from '../context.js';
import type { Deployment } from '../deploy/deployment-store.js';
import type { Gone } from '../deploy/pending-approvals.js';
import {
  decideApproval, describeMissing, mayReject, mentionRoles, progressOf, requirementsFor, rolesFor, type ApprovalProgress as Progress,
} from '../policy/approvals.js';
import type { BudgetVerdict } from '../policy/budget.js';
import type { Actor, Policy } from '../policy/policy.js';
import { answeredPlanEmbeds } from './deploy-embeds.js';
import { ANSWER_MARKS, fitEmbed } from './embed-style.js';

type Press = ButtonInteraction | StringSelectMenuInteraction;

export const APPROVALS_FIELD = 'Approvals';
export const BUDGET_FIELD = '💸 Budget';

/** The presser as Discord describes them in this very interaction: roles and permissions now, not when the message was posted. */
export function actorOf(interaction: Press | ChatInputCommandInteraction): Actor {
  const member = interaction.member;
  const roleIds = !member ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return { userId: interaction.user.id, roleIds, manageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false };
}

/** Answers a press that cannot go ahead, privately to the one who pressed. */
export async function refusePrivately(interaction: Press, message: string): Promise<void> {
  await interaction.reply({ content: `${ANSWER_MARKS.refusal} ${message}`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

const UNKNOWN = 'This plan is no longer waiting for approval: the bot restarted since it was made, or it was answered long ago. Run `/cloud-deploy-v2` again for a fresh plan.';

/** What a session's end means for what was waiting on it: an expired session cannot be recovered, only replaced. */
export function expiredText(what: string, at: number): string {
  return `${what} expired with its session ${time(new Date(at), TimestampStyles.RelativeTime)}, so nothing was applied. Start a new session with \`/cloud-init\`, then run \`/cloud-deploy-v2\` again.`;
}

const RUN_STATE: Partial<Record<Deployment['status'], string>> = {
  // Approved and about to start (PLANNED still) reads as running: it is, by the time the user reads it.
  PLANNED: 'running: follow the progress message below', ACTIVE: 'running: follow the progress message below',
  COMPLETED: 'the run has finished: see its progress message', DESTROYED: 'the run has finished: see its progress message',
  FAILED: 'the run has ended, and failed: its progress message says what to do', INTERRUPTED: 'the run stopped before its end: its progress message says what is left',
};

/** A press on a plan that is not waiting any more: what became of it, from whoever answered it. */
async function answerGone(interaction: Press, ctx: AppContext, gone: Gone<PlanAnswer>): Promise<void> {
  if (gone.reason === 'unknown') return refusePrivately(interaction, UNKNOWN);
  if (gone.reason === 'expired') return refusePrivately(interaction, expiredText('This plan', gone.expiredAt));
  const { answer } = gone;
  const by = `${answer.by.map((id) => `<@${id}>`).join(', ')} ${time(new Date(answer.at), TimestampStyles.RelativeTime)}`;
  if (answer.kind === 'superseded') return refusePrivately(interaction, 'A newer plan was made for this same resource, so this one can no longer be applied; answer the newer plan instead.');
  if (answer.kind === 'rejected') {
    return refusePrivately(interaction, `This plan was already called off by ${by}; nothing was changed. Run \`/cloud-deploy-v2\` again for a fresh plan.`);
  }
  const status = ctx.deployments.get(answer.deploymentId)?.status;
  const verb = answer.operation === 'destroy' ? 'Teardown already confirmed' : 'Already approved';
  await interaction.reply({ content: `✅ ${verb} by ${by}; ${(status && RUN_STATE[status]) ?? 'see its progress message'}.`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** How the plan was answered, remembered for later presses. */
export function planAnswer(kind: PlanAnswer['kind'], by: string[], pending: PendingPlan, now: number): PlanAnswer {
  return { kind, by, at: now, deploymentId: pending.planned.deployment.id, operation: pending.planned.operation };
}

/**
 * An Approve (or Destroy) press, decided against the policy in force and the presser's roles now.
 * Returns the plan once its last needed approval is in (and takes it, so it runs once); until then the
 * plan message shows who approved and what is still needed.
 */
export async function pressApprove(interaction: Press, ctx: AppContext, id: string): Promise<PendingPlan | undefined> {
  const entry = ctx.pendingPlans.peek(id);
  if (!entry.ok) return void (await answerGone(interaction, ctx, entry));
  const pending = entry.value;
  const { approval, planned } = pending;
  const policy = ctx.policies.get(planned.deployment.guildId);
  const requirements = requirementsFor(policy, approval.facts);
  const decision = decideApproval(policy, approval.facts, requirements, approval.approvals, actorOf(interaction), ctx.clock.now());
  if (decision.kind === 'refused') {
    ctx.audit.record(deploymentEvent(planned.deployment, interaction.user.id, 'approval.refused', { operation: planned.operation, reason: decision.reason.slice(0, 200) }));
    return void (await refusePrivately(interaction, decision.reason));
  }
  if (decision.kind === 'duplicate') {
    const left = describeMissing(policy, progressOf(requirements, approval.approvals));
    return void (await refusePrivately(interaction, `You already approved this plan ${time(new Date(decision.approval.at), TimestampStyles.RelativeTime)}; an approver counts once. Still needed: ${left}.`));
  }
  approval.approvals.push(decision.approval);
  const { progress } = decision;
  ctx.audit.record(deploymentEvent(planned.deployment, interaction.user.id, 'plan.approved', {
    operation: planned.operation, approvers: approval.approvals.length, needed: requirements.approvers, done: progress.done,
    ...(decision.approval.meets.length ? { meets: decision.approval.meets.join(',') } : {}),
  }));
  if (progress.done) {
    // Synchronously after the decision: of two last presses arriving together, only one takes the plan.
    const answer = planAnswer('approved', approval.approvals.map((a) => a.userId), pending, ctx.clock.now());
    if (!ctx.pendingPlans.remove(id, answer)) return void (await answerGone(interaction, ctx, ctx.pendingPlans.peek(id) as Gone<PlanAnswer>));
    return pending;
  }
  const embed = EmbedBuilder.from(interaction.message.embeds[0]!);
  setField(embed, APPROVALS_FIELD, approvalsText(policy, pending.approval, progress));
  await interaction.update({ embeds: [embed, ...interaction.message.embeds.slice(1)] });
  return undefined;
}

/** A Cancel/Keep press: the requester (still allowed to deploy) or anyone who may approve it. Returns the plan, taken. */
export async function pressReject(interaction: Press, ctx: AppContext, id: string): Promise<PendingPlan | undefined> {
  const entry = ctx.pendingPlans.peek(id);
  if (!entry.ok) return void (await answerGone(interaction, ctx, entry));
  const { approval, planned } = entry.value;
  const policy = ctx.policies.get(planned.deployment.guildId);
  if (!mayReject(policy, approval.facts, actorOf(interaction))) {
    ctx.audit.record(deploymentEvent(planned.deployment, interaction.user.id, 'approval.refused', { operation: planned.operation, reason: 'may not reject' }));
    const only = interaction.user.id === approval.facts.requesterId
      ? 'You no longer have the permission or role this server asks for to deploy, so you cannot answer this plan.'
      : `Only <@${approval.facts.requesterId}>, who asked for this plan, can answer it.`;
    return void (await refusePrivately(interaction, only));
  }
  if (!ctx.pendingPlans.remove(id, planAnswer('rejected', [interaction.user.id], entry.value, ctx.clock.now()))) {
    return void (await answerGone(interaction, ctx, ctx.pendingPlans.peek(id) as Gone<PlanAnswer>));
  }
  ctx.audit.record(deploymentEvent(planned.deployment, interaction.user.id, 'plan.rejected', { operation: planned.operation }));
  return entry.value;
}

/**
 * The plan message once its last approval is in: it says who approved it when (not who may, until when),
 * with the final approvals, and has no buttons left.
 */
export function approvedPlanBody(interaction: Press, ctx: AppContext, pending: PendingPlan) {
  const verb = pending.planned.operation === 'destroy' ? 'Teardown confirmed' : 'Approved';
  const by = pending.approval.approvals.map((a) => `<@${a.userId}>`).join(', ');
  const policy = ctx.policies.get(pending.planned.deployment.guildId);
  // Who approved is in the content just above; the line that said who may, until when, now says when.
  const outcome = `✅ ${verb} ${time(new Date(ctx.clock.now()), TimestampStyles.RelativeTime)}.`;
  return {
    content: `✅ ${verb} by ${by}; progress below.`,
    embeds: answeredPlanEmbeds(interaction.message.embeds.map((e) => e.toJSON()), outcome, [{ name: APPROVALS_FIELD, value: approvalsText(policy, pending.approval) }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** Does this policy ask for more than the requester's own Approve? Then the plan shows an Approvals field. */
export function needsApprovalsField(policy: Policy, approval: PlanApproval): boolean {
  const requirements = requirementsFor(policy, approval.facts);
  return requirements.approvers > 1 || requirements.roles.length > 0 || !policy.selfApproval || policy.approverRoles.length > 0 || requirements.refused !== undefined;
}

/** Who approved when, and what the plan still waits for. */
export function approvalsText(policy: Policy, approval: PlanApproval, progress: Progress = progressOf(requirementsFor(policy, approval.facts), approval.approvals)): string {
  const requirements = requirementsFor(policy, approval.facts);
  if (requirements.refused) return fitEmbed(`🚫 Refused: ${requirements.refused}`, 400);
  const rule = `Needs ${requirements.approvers} distinct approver${requirements.approvers > 1 ? 's' : ''}`
    + requirements.roles.map((need) => `, one with ${mentionRoles(rolesFor(policy, need))} (${need})`).join('')
    + (policy.selfApproval ? '' : `, not <@${approval.facts.requesterId}>`)
    + (policy.approverRoles.length ? `; approvers: ${mentionRoles(policy.approverRoles)}` : '') + '.';
  const given = approval.approvals.map((a) => `✅ <@${a.userId}> ${time(new Date(a.at), TimestampStyles.RelativeTime)}`);
  const left = progress.done ? '' : `Still needed: ${describeMissing(policy, progress)}.`;
  return fitEmbed([rule, ...given, left].filter(Boolean).join('\n'), 400);
}

/** The budget lines of the cost story: running total, budget, amount over. */
export function budgetText(policy: Policy, verdict: BudgetVerdict): string | undefined {
  const lines = verdict.checks.map((c) => {
    const scope = c.scope === 'project' ? 'Project budget' : 'Server budget';
    const total = `running total ${formatUsd(c.totalUsd)}/month (${formatUsd(c.deployedUsd)} deployed + ${formatUsd(c.planUsd)} this plan)`;
    return c.overUsd > 0
      ? `⚠️ **Over budget.** ${scope} ${formatUsd(c.budgetUsd)}/month; ${total}: **${formatUsd(c.overUsd)} over**.`
      : `${scope} ${formatUsd(c.budgetUsd)}/month; ${total}: ${formatUsd(c.budgetUsd - c.totalUsd)} left.`;
  });
  if (verdict.unpriced) lines.push('⚠️ This plan has no price, so it cannot be shown to fit the budget: it is treated as over budget.');
  if (lines.length === 0) return undefined;
  if (verdict.overBudget) lines.push(policy.overBudget === 'refuse' ? 'The policy of this server refuses plans over budget.' : `It needs an approver with ${mentionRoles(policy.budgetRoles)} (budget).`);
  return fitEmbed(lines.join('\n'), 600);
}

function setField(embed: EmbedBuilder, name: string, value: string): void {
  const fields = embed.data.fields ?? [];
  const at = fields.findIndex((f) => f.name === name);
  if (at >= 0) embed.spliceFields(at, 1, { name, value });
  else embed.addFields({ name, value });
}
