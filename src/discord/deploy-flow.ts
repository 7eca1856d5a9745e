import {
  MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type SendableChannels, type StringSelectMenuInteraction,
} from 'discord.js';
import { customId, type ComponentRoute } from '../commands/command.js';
import type { AppContext, PendingPlan } from '../context.js';
import type { ApplyOutcome, DeployRequest } from '../deploy/deployment-service.js';
import type { ApprovalRefusal } from '../deploy/pending-approvals.js';
import { deploymentEvent } from '../audit/audit-log.js';
import { UserFacingError } from '../errors.js';
import type { Session } from '../vault/session.js';
import { approvalButtons, deploymentSubject, planEmbed } from './deploy-embeds.js';
import { ProgressMessage } from './progress-message.js';
import { endProgress, progressOptions } from './run-progress.js';

/** An interaction whose reply this flow edits as it goes: the command itself or a button/select on its message. */
type FlowInteraction = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

const PHASES = { init: '⚙️ Preparing Terraform (init)…', plan: '📋 Planning…', unlock: '🔓 Clearing a stale state lock left by the interruption, then planning…' };

/** Shows each planning phase under `heading` in the interaction's reply, as it starts. */
export function showPhases(interaction: FlowInteraction, heading: string): (phase: keyof typeof PHASES) => void {
  return (phase) => void interaction.editReply({ content: `${heading}\n${PHASES[phase]}` });
}

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
  const planned = await ctx.deploy.plan(request, showPhases(interaction, subject));
  const narrative = await story;
  if (planned.tracker.state().noChanges) {
    await interaction.editReply({ content: `✅ ${subject} already matches its configuration: nothing to change.`, embeds: [], components: [] });
    return;
  }
  const monthly = narrative.ok ? narrative.value.figures.monthlyUsd : undefined;
  if (monthly !== undefined) ctx.deploy.recordDetails(planned.deployment.id, { monthlyCostUsd: monthly });
  await askApproval(interaction, ctx, { planned, sessionId: session.id, subject }, session, narrative);
}

/** Shows a plan with its Approve/Cancel buttons, registered for the session's owner until the session ends. */
export async function askApproval(interaction: FlowInteraction, ctx: AppContext, pending: PendingPlan, session: Session, narrative?: Parameters<typeof planEmbed>[2]): Promise<void> {
  const id = ctx.pendingPlans.add(session.userId, session.expiresAt, pending);
  const { planned } = pending;
  const summary = planned.tracker.state().planSummary;
  const monthly = narrative?.ok ? narrative.value.figures.monthlyUsd : undefined;
  ctx.audit.record(deploymentEvent(planned.deployment, interaction.user.id, 'plan.created', {
    operation: planned.operation, changes: planned.changes.length,
    ...(summary ? { add: summary.add, change: summary.change, destroy: summary.destroy } : {}),
    ...(monthly !== undefined ? { monthlyUsd: Number(monthly.toFixed(2)) } : {}),
  }));
  await interaction.editReply({
    content: '',
    embeds: [planEmbed(pending.planned, pending.subject, narrative, session.userId, session.expiresAt)],
    components: [approvalButtons(customId(approveRoute, id), customId(rejectRoute, id), pending.planned.operation)],
  });
}

/** Applies an approved plan with a live progress message in the channel; returns when the message shows the end. */
export function applyWithProgress(interaction: FlowInteraction, ctx: AppContext, pending: PendingPlan, session: Session): Promise<ApplyOutcome> {
  const { deployment, operation } = pending.planned;
  ctx.audit.record(deploymentEvent(deployment, interaction.user.id, 'apply.started', { operation }));
  return ctx.inFlight.track(applyAndShow(interaction, ctx, pending, session)).then(
    (outcome) => {
      recordApplyFinished(ctx, interaction.user.id, outcome);
      return outcome;
    },
    (error: unknown) => {
      ctx.audit.record(deploymentEvent(deployment, interaction.user.id, 'apply.finished', { operation, outcome: 'error' }));
      throw error;
    },
  );
}

/** The audit row for the end of an apply; none for one this process let go of (the next process records its end). */
export function recordApplyFinished(ctx: AppContext, userId: string, outcome: ApplyOutcome): void {
  if (outcome.detached) return;
  const { deployment } = outcome;
  const result = outcome.error ? outcome.error.failure : 'succeeded';
  ctx.audit.record(deploymentEvent(deployment, userId, 'apply.finished', { operation: deployment.details.operation ?? 'apply', outcome: result, resources: deployment.details.resources.length }));
}

async function applyAndShow(interaction: FlowInteraction, ctx: AppContext, pending: PendingPlan, session: Session): Promise<ApplyOutcome> {
  const { planned } = pending;
  const channel = await sendableChannel(interaction);
  const shown = {
    deploymentId: planned.deployment.id, operation: planned.operation, subject: pending.subject, ownerId: interaction.user.id,
    cancelCustomId: customId(cancelRunRoute, planned.deployment.id),
  };
  const progress = await ProgressMessage.post(channel, planned.tracker.state(), progressOptions(ctx, shown, channel));
  ctx.deploy.recordDetails(planned.deployment.id, { progressMessage: progress.location });
  const outcome = await ctx.deploy.apply(planned, session, interaction.user.id, (tracker) => progress.update(() => tracker.state()));
  await endProgress(progress, outcome, interaction.user.id);
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

const REFUSALS: Record<Exclude<ApprovalRefusal, 'not-yours'>, string> = {
  unknown: 'This plan is no longer waiting for approval: it was already answered, or the bot restarted since. Run `/cloud-deploy-v2` again for a fresh plan.',
  expired: 'This plan expired with its session. Run `/cloud-recover-session` or `/cloud-init`, then `/cloud-deploy-v2` again.',
};

/** Answers a press that cannot go ahead, privately to the one who pressed. */
async function refuse(interaction: ButtonInteraction | StringSelectMenuInteraction, message: string): Promise<void> {
  await interaction.reply({ content: `🚫 ${message}`, flags: MessageFlags.Ephemeral });
}

/** Takes the plan a button answers, for its owner only; anyone else, or a stale button, is refused privately. */
async function claimPlan(interaction: ButtonInteraction | StringSelectMenuInteraction, ctx: AppContext, id: string): Promise<PendingPlan | undefined> {
  const claim = ctx.pendingPlans.claim(id, interaction.user.id);
  if (claim.ok) return claim.value;
  await refuse(interaction, claim.reason === 'not-yours' ? `Only <@${claim.ownerId}>, who asked for this plan, can answer it.` : REFUSALS[claim.reason]);
  return undefined;
}

export const approveRoute: ComponentRoute = {
  prefix: 'plan-approve',
  async handle(interaction, ctx, id) {
    const pending = await claimPlan(interaction, ctx, id);
    if (!pending) return;
    ctx.audit.record(deploymentEvent(pending.planned.deployment, interaction.user.id, 'plan.approved', { operation: pending.planned.operation }));
    const session = ctx.vault.get(pending.sessionId);
    if (!session) return refuse(interaction, REFUSALS.expired);
    const verb = pending.planned.operation === 'destroy' ? 'Teardown confirmed' : 'Approved';
    await interaction.update({ content: `✅ ${verb} by <@${interaction.user.id}>; progress below.`, components: [] });
    await applyWithProgress(interaction, ctx, pending, session);
  },
};

export const rejectRoute: ComponentRoute = {
  prefix: 'plan-reject',
  async handle(interaction, ctx, id) {
    const pending = await claimPlan(interaction, ctx, id);
    if (!pending) return;
    ctx.audit.record(deploymentEvent(pending.planned.deployment, interaction.user.id, 'plan.rejected', { operation: pending.planned.operation }));
    const what = pending.planned.operation === 'destroy' ? 'Teardown called off' : 'Deployment cancelled';
    await interaction.update({ content: `🛑 ${what} by <@${interaction.user.id}>; nothing was changed.`, embeds: [], components: [] });
  },
};

/** The Cancel button on a progress message: SIGINT to Terraform (a second press stops it at once). */
export const cancelRunRoute: ComponentRoute = {
  prefix: 'run-cancel',
  async handle(interaction, ctx, deploymentId) {
    const result = ctx.deploy.cancel(deploymentId, interaction.user.id);
    const deployment = ctx.deployments.get(deploymentId);
    const owner = deployment?.userId;
    if (result === 'cancelling' && deployment) ctx.audit.record(deploymentEvent(deployment, interaction.user.id, 'run.cancelled'));
    const answers = {
      cancelling: '🛑 Cancelling: Terraform is stopping gracefully and saving its state. Press Cancel again to stop it at once.',
      'not-running': 'This run is not in progress any more.',
      'not-yours': `Only <@${owner ?? 'the person who started it'}> can cancel this run.`,
    };
    await interaction.reply({ content: answers[result], flags: MessageFlags.Ephemeral });
  },
};

/** Resume after a crash: re-plans what the interrupted run left undone and applies it. */
export const resumeRoute: ComponentRoute = {
  prefix: 'run-resume',
  async handle(interaction, ctx, deploymentId) {
    const deployment = ctx.deployments.get(deploymentId);
    if (!deployment || deployment.guildId !== interaction.guildId) return refuse(interaction, 'There is no interrupted deployment to resume here.');
    if (deployment.userId !== interaction.user.id) return refuse(interaction, `Only <@${deployment.userId}>, who started this deployment, can resume it.`);
    if (deployment.status !== 'INTERRUPTED') return refuse(interaction, `This deployment is ${deployment.status.toLowerCase()}, not interrupted: nothing to resume.`);
    const session = ctx.vault.ownedBy(deployment.guildId, deployment.userId).find((s) => ctx.deployments.projectKey(s) === deployment.projectKey);
    if (!session) return refuse(interaction, 'Get the session back first with `/cloud-recover-session`, then press Resume again.');

    const subject = deploymentSubject(session, deployment.details);
    await interaction.update({ content: `⏩ Resuming where we left off: ${subject}`, embeds: [], components: [] });
    const planned = await ctx.deploy.planResume(deployment, session, showPhases(interaction, `⏩ Resuming where we left off: ${subject}`));
    const pending = { planned, sessionId: session.id, subject };
    // The user approved creating these resources before the interruption; anything more needs a new yes.
    if (planned.changes.some((c) => c.action === 'delete' || c.action === 'replace' || c.action === 'update')) {
      return askApproval(interaction, ctx, pending, session);
    }
    await interaction.editReply({ content: `⏩ Resuming where we left off: ${subject}; progress below.` });
    await applyWithProgress(interaction, ctx, pending, session);
  },
};

export const deployFlowRoutes: readonly ComponentRoute[] = [approveRoute, rejectRoute, cancelRunRoute, resumeRoute];
