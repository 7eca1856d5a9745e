import type { SendableChannels } from 'discord.js';
import { customId, type ComponentRoute } from '../commands/command.js';
import type { AppContext, PendingPlan, PlanApproval } from '../context.js';
import type { ApplyOutcome, ApplyReservation, DeployRequest, PlannedRun } from '../deploy/deployment-service.js';
import { deploymentEvent } from '../audit/audit-log.js';
import { UserFacingError } from '../errors.js';
import { requirementsFor } from '../policy/approvals.js';
import { checkBudgets, deployedMonthlyUsd } from '../policy/budget.js';
import type { Policy } from '../policy/policy.js';
import type { Session } from '../vault/session.js';
import { answeredPlanEmbeds, approvalButtons, deploymentSubject, planEmbed, planListingFits } from './deploy-embeds.js';
import { expireWithSession, messageLink, rewriteChannelMessage, type MessageAt } from './expiring-messages.js';
import {
  APPROVALS_FIELD, BUDGET_FIELD, approvalsText, approvedPlanBody, budgetText, expiredText, needsApprovalsField, planAnswer, pressApprove, pressReject, refusePrivately,
} from './plan-approval.js';
import { forgetPlanReply, PlanningReply, type FlowInteraction } from './planning-reply.js';
import { ProgressMessage } from './progress-message.js';
import { endProgress, pointToResumedRun, progressOptions, type RunShown } from './run-progress.js';
import { queuedNote } from './queue-note.js';
import { cancelRunRoute, stillAllowed } from './run-cancel.js';

/** A plan cleared to run: approved as the policy asks, or resumed after it was. */
type PlanToApply = Omit<PendingPlan, 'approval'>;

/**
 * Plans a deployment and puts the plan, its cost and the cost story in front of the user with Approve
 * and Cancel. The interaction must already be deferred or updated; its reply is edited as work goes on.
 */
export async function planAndAsk(interaction: FlowInteraction, ctx: AppContext, request: DeployRequest): Promise<void> {
  const { session, kind, name } = request;
  const subject = deploymentSubject(session, request);
  // The story is told while Terraform plans: the user waits for the slower of the two, not both.
  const story = ctx.advisor.narrate(
    { provider: session.provider, region: session.region, kind, ...(request.machineType ? { machineType: request.machineType } : {}), ...(request.nodeCount ? { nodeCount: request.nodeCount } : {}) },
    { projectName: session.projectName, resourceName: name },
  );
  const planned = await new PlanningReply(interaction, ctx, subject, 'deploy').run((onPhase) => ctx.deploy.plan(request, onPhase));
  const narrative = await story;
  if (!planned) return;
  if (planned.tracker.state().noChanges) {
    await interaction.editReply({ content: `✅ ${subject} already matches its configuration: nothing to change.`, embeds: [], components: [] });
    forgetPlanReply(ctx, planned.deployment.id);
    return;
  }
  const monthly = narrative.ok ? narrative.value.figures.monthlyUsd : undefined;
  if (monthly !== undefined) ctx.deploy.recordDetails(planned.deployment.id, { monthlyCostUsd: monthly });
  await askApproval(interaction, ctx, { planned, sessionId: session.id, subject }, session, narrative);
}

/**
 * Shows a plan with its Approve/Cancel buttons and what the server's policy asks of it (approvers,
 * budget), registered until the session ends. Every press is then decided against the policy.
 */
export async function askApproval(interaction: FlowInteraction, ctx: AppContext, base: Omit<PendingPlan, 'approval'>, session: Session, narrative?: Parameters<typeof planEmbed>[2]): Promise<void> {
  const { planned } = base;
  const policy = ctx.policies.get(session.guildId);
  const approval = planApproval(ctx, policy, planned, session, narrative?.ok ? narrative.value.figures.monthlyUsd : undefined);
  const id = ctx.pendingPlans.add(session.userId, session.expiresAt, { ...base, approval });
  const requirements = requirementsFor(policy, approval.facts);
  const summary = planned.tracker.state().planSummary;
  ctx.audit.record(deploymentEvent(planned.deployment, interaction.user.id, 'plan.created', {
    operation: planned.operation, changes: planned.changes.length,
    ...(summary ? { add: summary.add, change: summary.change, destroy: summary.destroy } : {}),
    ...(approval.facts.monthlyUsd !== undefined ? { monthlyUsd: Number(approval.facts.monthlyUsd.toFixed(2)) } : {}),
    approversNeeded: requirements.approvers, ...(requirements.roles.length ? { rolesNeeded: requirements.roles.join(',') } : {}),
    ...(approval.budget ? { overBudget: approval.budget.overBudget } : {}), ...(requirements.refused ? { refused: true } : {}),
  }));
  const fields = [];
  const budget = approval.budget && budgetText(policy, approval.budget);
  if (budget) fields.push({ name: BUDGET_FIELD, value: budget });
  const guarded = needsApprovalsField(policy, approval);
  if (guarded) fields.push({ name: APPROVALS_FIELD, value: approvalsText(policy, approval) });
  const file = planListingFits(planned) ? undefined : await planAttachment(ctx, planned, session);
  const message = await interaction.editReply({
    ...(file ? { files: [file] } : {}),
    content: requirements.refused ? `🚫 Refused by this server's policy: ${requirements.refused}` : '',
    embeds: [planEmbed(planned, base.subject, narrative, session.userId, session.expiresAt, {
      ...(guarded ? { whoApproves: 'Who may approve: see **Approvals** below.' } : {}), ...(file ? { planFile: file.name } : {}), fields,
    })],
    components: [approvalButtons(customId(approveRoute, id), customId(rejectRoute, id), planned.operation, !requirements.refused)],
    allowedMentions: { parse: [] },
  });
  const entry = ctx.pendingPlans.peek(id);
  if (entry.ok) entry.value.message = { channelId: message.channelId, id: message.id };
  supersedeOlderPlans(interaction, ctx, id, planned, message);
  expireWithSession(ctx, interaction.client, message, session.expiresAt, () => expirePlan(ctx, id, planned), (current) => ({
    content: '', embeds: answeredPlanEmbeds(current.embeds, `⌛ ${expiredText('This plan', session.expiresAt)}`), components: [],
  }));
}

/** Older plans of the same resource can no longer be applied: their messages say so, and lose their buttons. */
function supersedeOlderPlans(interaction: FlowInteraction, ctx: AppContext, newest: string, planned: PlannedRun, shown: MessageAt): void {
  const older = ctx.pendingPlans.find((p) => p.planned.deployment.id === planned.deployment.id && p.planned.operation === planned.operation);
  for (const id of older.filter((other) => other !== newest)) {
    const entry = ctx.pendingPlans.peek(id);
    if (!entry.ok || !ctx.pendingPlans.remove(id, planAnswer('superseded', [], entry.value, ctx.clock.now()))) continue;
    const { message } = entry.value;
    const outcome = `⏭️ Replaced by a newer plan for the same resource (${messageLink(interaction.guildId, shown)}): this one can no longer be approved.`;
    if (message) rewriteChannelMessage(ctx, interaction.client, message, (current) => ({ embeds: answeredPlanEmbeds(current.embeds, outcome), components: [] }));
  }
}

/** A plan whose session ended unanswered: it can no longer be applied, and a restart need not end its reply. */
function expirePlan(ctx: AppContext, id: string, planned: PlannedRun): boolean {
  if (!ctx.pendingPlans.expire(id)) return false;
  forgetPlanReply(ctx, planned.deployment.id);
  ctx.deploy.discardPlan(planned.deployment.id);
  return true;
}

/** Discord takes files up to 10 MiB from bots by default; a bigger plan is cut there, and says so at the cut. */
const MAX_PLAN_FILE_BYTES = 8 * 1024 * 1024;

/** The whole `terraform show` of the saved plan, as a file for the plan message; undefined if Terraform could not show it. */
async function planAttachment(ctx: AppContext, planned: PlannedRun, session: Session): Promise<{ attachment: Buffer; name: string } | undefined> {
  const text = await ctx.deploy.showPlan(planned, session);
  if (text === undefined) return undefined;
  let data = Buffer.from(text, 'utf8');
  if (data.length > MAX_PLAN_FILE_BYTES) {
    const note = Buffer.from(`\n\n[cut here: the plan is ${data.length} bytes, more than Discord takes in one file; run \`terraform show\` on the saved plan for the rest]\n`);
    data = Buffer.concat([data.subarray(0, MAX_PLAN_FILE_BYTES - note.length), note]);
  }
  return { attachment: data, name: `${planned.operation === 'destroy' ? 'teardown-plan' : 'plan'}-${planned.deployment.details.name}.txt` };
}

/** The facts the policy decides this plan on: its price, and for a deployment, the budgets it meets. */
function planApproval(ctx: AppContext, policy: Policy, planned: PlannedRun, session: Session, priced: number | undefined): PlanApproval {
  const deploying = planned.operation === 'apply';
  // A resumed run has no fresh story: the price it was shown before stands.
  const monthlyUsd = deploying ? (priced ?? planned.deployment.details.monthlyCostUsd) : undefined;
  const budget = deploying
    ? checkBudgets(policy, {
      projectId: session.projectId, planUsd: monthlyUsd,
      projectDeployedUsd: deployedMonthlyUsd(ctx.deployments.listForSession(session), planned.deployment.id),
      serverDeployedUsd: deployedMonthlyUsd(ctx.deployments.listForGuild(session.guildId), planned.deployment.id),
    })
    : undefined;
  return {
    facts: { requesterId: session.userId, ownerId: planned.deployment.userId, operation: planned.operation, monthlyUsd, overBudget: budget?.overBudget ?? false },
    approvals: [],
    ...(budget && (budget.checks.length > 0 || budget.unpriced) ? { budget } : {}),
  };
}

/** Checks that the plan may run now and holds its project for it; throws, saying why not, before anything is shown. */
export function reserveApply(ctx: AppContext, pending: PlanToApply, session: Session): ApplyReservation {
  return ctx.deploy.reserveApply(pending.planned, session, session.userId);
}

/**
 * Applies an approved plan with a live progress message in the channel; returns when the message shows
 * the end. The run is reserved first (or `reservation` was), so a refused one never posts a message.
 */
export function applyWithProgress(
  interaction: FlowInteraction, ctx: AppContext, pending: PlanToApply, session: Session, reservation = reserveApply(ctx, pending, session),
): Promise<ApplyOutcome> {
  const { deployment, operation } = pending.planned;
  ctx.audit.record(deploymentEvent(deployment, interaction.user.id, 'apply.started', { operation }));
  return ctx.inFlight.track(applyAndShow(interaction, ctx, pending, session, reservation)).catch((error: unknown) => {
    ctx.audit.record(deploymentEvent(deployment, interaction.user.id, 'apply.finished', { operation, outcome: 'error' }));
    throw error;
  });
}

/** The audit row for the end of an apply; none for one this process let go of (the next process records its end). */
export function recordApplyFinished(ctx: AppContext, userId: string, outcome: ApplyOutcome): void {
  if (outcome.detached) return;
  const { deployment } = outcome;
  const result = outcome.error ? outcome.error.failure : 'succeeded';
  ctx.audit.record(deploymentEvent(deployment, userId, 'apply.finished', { operation: deployment.details.operation ?? 'apply', outcome: result, resources: deployment.details.resources.length }));
}

async function applyAndShow(interaction: FlowInteraction, ctx: AppContext, pending: PlanToApply, session: Session, reservation: ApplyReservation): Promise<ApplyOutcome> {
  const { planned } = pending;
  // While the run waits for a Terraform slot, the message says its place in line.
  const queue: { note: string | undefined } = { note: undefined };
  // The run is its requester's (whose session it uses), even when the last approval came from someone else.
  let progress: ProgressMessage;
  let shown: RunShown;
  try {
    const channel = await sendableChannel(interaction);
    shown = {
      deploymentId: planned.deployment.id, operation: planned.operation, subject: pending.subject, ownerId: session.userId,
      cancelCustomId: customId(cancelRunRoute, planned.deployment.id),
    };
    progress = await ProgressMessage.post(channel, planned.tracker.state(), { ...progressOptions(ctx, shown, channel), note: () => queue.note });
  } catch (error) {
    reservation.release();
    throw error;
  }
  // A resumed run's earlier message says "press Resume": it points to the new one instead.
  const earlier = planned.deployment.status === 'INTERRUPTED' ? ctx.deployments.get(planned.deployment.id)?.details.progressMessage : undefined;
  ctx.deploy.recordDetails(planned.deployment.id, { progressMessage: progress.location });
  const resumed = earlier && pointToResumedRun(ctx, interaction.client, earlier, { ...shown, resumedBy: interaction.user.id, guildId: interaction.guildId }, progress.location);
  progress.update(() => planned.tracker.state());
  const outcome = await reservation.start(
    (tracker) => {
      queue.note = undefined;
      progress.update(() => tracker.state());
    },
    (position) => {
      queue.note = queuedNote(position, ctx.config.terraform.maxConcurrentRuns);
      progress.update(() => planned.tracker.state());
    },
  );
  // In the trail before the message shows the end: whoever reads the end can find it there.
  recordApplyFinished(ctx, interaction.user.id, outcome);
  const ended = await endProgress(ctx, progress, outcome, session.userId);
  await resumed?.(ended);
  return outcome;
}

/** The channel the interaction came from, fetched if not cached, if the bot may post there. */
async function sendableChannel(interaction: FlowInteraction): Promise<SendableChannels> {
  const channel = interaction.channel ?? (interaction.channelId ? await interaction.client.channels.fetch(interaction.channelId).catch(() => null) : null);
  if (!channel?.isSendable()) {
    throw new UserFacingError('I cannot post the progress message in this channel; give me the Send Messages permission here, or run the command in another channel.');
  }
  return channel;
}


/** Approve (or Destroy): counted against the policy at the press; the last approval needed starts the run. */
export const approveRoute: ComponentRoute = {
  prefix: 'plan-approve',
  async handle(interaction, ctx, id) {
    const pending = await pressApprove(interaction, ctx, id);
    if (!pending) return;
    const session = ctx.vault.get(pending.sessionId);
    if (!session) return refusePrivately(interaction, expiredText('This plan', ctx.clock.now()));
    // Checked before anything says "approved" or a progress message is posted: a refusal leaves no run on screen.
    const reservation = reserveApply(ctx, pending, session);
    forgetPlanReply(ctx, pending.planned.deployment.id);
    try {
      await interaction.update(approvedPlanBody(interaction, ctx, pending));
    } catch (error) {
      reservation.release();
      throw error;
    }
    await applyWithProgress(interaction, ctx, pending, session, reservation);
  },
};

export const rejectRoute: ComponentRoute = {
  prefix: 'plan-reject',
  async handle(interaction, ctx, id) {
    const pending = await pressReject(interaction, ctx, id);
    if (!pending) return;
    forgetPlanReply(ctx, pending.planned.deployment.id);
    ctx.deploy.discardPlan(pending.planned.deployment.id);
    const what = pending.planned.operation === 'destroy' ? 'Teardown called off' : 'Deployment cancelled';
    await interaction.update({ content: `🛑 ${what} by <@${interaction.user.id}>; nothing was changed.`, embeds: [], components: [], allowedMentions: { parse: [] } });
  },
};

/** Resume after a crash: re-plans what the interrupted run left undone and applies it. */
export const resumeRoute: ComponentRoute = {
  prefix: 'run-resume',
  async handle(interaction, ctx, deploymentId) {
    const deployment = ctx.deployments.get(deploymentId);
    if (!deployment || deployment.guildId !== interaction.guildId) return refusePrivately(interaction, 'There is no interrupted deployment to resume here.');
    if (deployment.userId !== interaction.user.id) return refusePrivately(interaction, `Only <@${deployment.userId}>, who started this deployment, can resume it.`);
    if (!stillAllowed(ctx, interaction, deployment)) return refusePrivately(interaction, 'You no longer have the permission or role this server asks for to deploy, so you cannot resume this run.');
    if (deployment.status !== 'INTERRUPTED') return refusePrivately(interaction, `This deployment is ${deployment.status.toLowerCase()}, not interrupted: nothing to resume.`);
    const session = ctx.vault.ownedBy(deployment.guildId, deployment.userId).find((s) => ctx.deployments.projectKey(s) === deployment.projectKey);
    if (!session) return refusePrivately(interaction, 'Get the session back first with `/cloud-recover-session`, then press Resume again.');

    const subject = deploymentSubject(session, deployment.details);
    await interaction.update({ content: `⏩ Resuming where we left off: ${subject}`, embeds: [], components: [] });
    const reply = new PlanningReply(interaction, ctx, `⏩ Resuming where we left off: ${subject}`, 'resume');
    const planned = await reply.run((onPhase) => ctx.deploy.planResume(deployment, session, onPhase));
    if (!planned) return;
    const pending = { planned, sessionId: session.id, subject };
    // The user approved creating these resources before the interruption; anything more needs a new yes.
    if (planned.changes.some((c) => c.action === 'delete' || c.action === 'replace' || c.action === 'update')) {
      return askApproval(interaction, ctx, pending, session);
    }
    forgetPlanReply(ctx, deployment.id);
    await interaction.editReply({ content: `⏩ Resuming where we left off: ${subject}; progress below.` });
    await applyWithProgress(interaction, ctx, pending, session);
  },
};

export const deployFlowRoutes: readonly ComponentRoute[] = [approveRoute, rejectRoute, cancelRunRoute, resumeRoute];
