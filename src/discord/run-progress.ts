import type { Client, SendableChannels } from 'discord.js';
import type { AppContext } from '../context.js';
import type { ApplyOutcome } from '../deploy/deployment-service.js';
import { renderProgress } from '../terraform/progress/index.js';
import { editChannelMessage, messageLink } from './expiring-messages.js';
import {
  resumedProgressBody, type EditableMessage, type MessageLocation, type ProgressMessage, type ProgressMessageOptions,
} from './progress-message.js';
import { billedNow, describeEnding } from './run-ending.js';

/** What a progress message needs to know about its run, beside the channel it lives in. */
export interface RunShown {
  deploymentId: string;
  operation: 'apply' | 'destroy';
  subject: string;
  ownerId: string;
  cancelCustomId: string;
}

/**
 * Options for a run's progress message in `channel`: when Discord stops edits of the message (it is
 * over an hour old), the progress continues in a fresh one, whose location the deployment then records.
 */
export function progressOptions(ctx: AppContext, run: RunShown, channel: SendableChannels): ProgressMessageOptions {
  return {
    operation: run.operation, subject: run.subject, ownerId: run.ownerId, cancelCustomId: run.cancelCustomId,
    intervalMs: ctx.config.terraform.progressEditIntervalMs, log: ctx.log,
    guildId: 'guildId' in channel ? channel.guildId : null,
    continueIn: (body) => channel.send(body) as Promise<EditableMessage>,
    onMoved: (location) => ctx.deploy.moveProgress(run.deploymentId, location),
    notify: (body) => channel.send(body),
  };
}

/**
 * Ends a progress message as its run really ended: what exists now and what it costs, what is left and
 * what to do next, and a ping for its owner. A run this process let go of (shutdown) is left as it is:
 * the next process re-attaches and keeps editing it. Returns the final title.
 */
export async function endProgress(ctx: AppContext, progress: ProgressMessage, outcome: ApplyOutcome, ownerId: string): Promise<string | undefined> {
  if (outcome.detached) return void progress.stop();
  const { details } = outcome.deployment;
  const estimate = ctx.advisor.estimate({
    provider: details.provider, region: details.region, kind: details.kind,
    ...(details.machineType ? { machineType: details.machineType } : {}), ...(details.nodeCount ? { nodeCount: details.nodeCount } : {}),
  });
  const figures = estimate.ok ? estimate.value : undefined;
  const [how, words] = describeEnding({ outcome, ownerId, figures });
  // What /cloud-status shows for a run that did not complete: the price of what it left, not of the whole.
  if (outcome.error && details.operation !== 'destroy') {
    const billed = figures && billedNow(details.kind, details.resources, outcome.state, figures).monthlyUsd;
    ctx.deploy.recordDetails(outcome.deployment.id, { billedMonthlyUsd: billed });
  }
  await progress.finish(outcome.state, how, words);
  const title = renderProgress(outcome.state, how, details.operation ?? 'apply').title;
  await progress.notifyOwner(title);
  return title;
}

/**
 * The message an interrupted run left ("press **Resume**") once the run is resumed: it points to the
 * resumed run's new message at once, and says how the run ended once it has (call the function returned).
 */
export function pointToResumedRun(ctx: AppContext, client: Client, earlier: MessageLocation, run: RunShown & { resumedBy: string; guildId: string | null }, resumedIn: MessageLocation) {
  const at = ctx.clock.now();
  const link = messageLink(run.guildId, { channelId: resumedIn.channelId, id: resumedIn.messageId });
  const target = { channelId: earlier.channelId, id: earlier.messageId };
  const body = (ended?: string) => resumedProgressBody(run.subject, run.operation, run.resumedBy, at, link, ended);
  const first = editChannelMessage(ctx, client, target, body());
  return async (ended: string | undefined): Promise<void> => {
    await first;
    if (ended) await editChannelMessage(ctx, client, target, body(ended));
  };
}
