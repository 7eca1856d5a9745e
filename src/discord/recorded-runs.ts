import { Routes, type Client, type SendableChannels } from 'discord.js';
import { customId } from '../commands/command.js';
import type { AppContext } from '../context.js';
import type { Deployment } from '../deploy/deployment-store.js';
import type { RecordedApply } from '../deploy/deployment-service.js';
import { deploymentSubject } from './deploy-embeds.js';
import { recordApplyFinished } from './deploy-flow.js';
import { cancelRunRoute } from './run-cancel.js';
import { interruptedProgressBody, ProgressMessage } from './progress-message.js';
import { endProgress, progressOptions } from './run-progress.js';

/**
 * Once connected after a start: every apply an earlier process left recorded goes on showing in its own
 * progress message. One still running is followed live (Cancel works again), one that finished while no
 * bot was running shows its true outcome at once, and one whose Terraform was killed says so. Resolves
 * once each is followed; their ends are tracked as in-flight work.
 */
export async function showRecordedRuns(client: Client, ctx: AppContext, recorded: readonly RecordedApply[]): Promise<void> {
  await Promise.all(recorded.map(async (run) => {
    const { deployment, context } = run;
    // The deployment row follows every move of the message at once (a 30046 continuation); prefer it.
    const where = deployment.details.progressMessage ?? context.progressMessage;
    const channel = where ? await sendableChannel(client, where.channelId) : undefined;
    const shown = {
      deploymentId: deployment.id, operation: deployment.details.operation ?? 'apply', subject: deploymentSubject(deployment.details, deployment.details),
      ownerId: context.startedBy, cancelCustomId: customId(cancelRunRoute, deployment.id),
    } as const;
    const progress = channel && where
      ? new ProgressMessage({ id: where.messageId, channelId: channel.id, edit: (body) => channel.messages.edit(where.messageId, body) }, progressOptions(ctx, shown, channel))
      : undefined;
    if (!progress) ctx.log.warn({ deploymentId: deployment.id }, 'the progress message of a recorded run is gone; following it without one');
    ctx.inFlight.track(ctx.deploy.follow(run, (tracker) => progress?.update(() => tracker.state()))
      .then(async (outcome) => {
        recordApplyFinished(ctx, context.startedBy, outcome);
        if (progress) await endProgress(ctx, progress, outcome, context.startedBy);
      }))
      .catch((err: unknown) => ctx.log.error({ err, deploymentId: deployment.id }, 'following a recorded run failed'));
  }));
}

/**
 * The progress messages of runs cut off before Terraform started (no run record) still say "Deploying"
 * with a Cancel button: each is edited to say the run stopped and how to resume it.
 */
export async function markProgressMessagesInterrupted(client: Client, deployments: readonly Deployment[], ctx: AppContext): Promise<void> {
  await Promise.all(deployments.map(async ({ id, userId, details }) => {
    if (!details.progressMessage) return;
    const { channelId, messageId } = details.progressMessage;
    const body = interruptedProgressBody(deploymentSubject(details, details), details.operation ?? 'apply', userId);
    try {
      await client.rest.patch(Routes.channelMessage(channelId, messageId), { body });
    } catch (err) {
      // Deleted, or the channel is gone: the owner still finds the deployment in /cloud-status.
      ctx.log.warn({ err, deploymentId: id }, 'could not mark an interrupted progress message');
    }
  }));
}

async function sendableChannel(client: Client, channelId: string): Promise<SendableChannels | undefined> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  return channel?.isSendable() ? channel : undefined;
}
