import type { SendableChannels } from 'discord.js';
import type { AppContext } from '../context.js';
import type { ApplyOutcome } from '../deploy/deployment-service.js';
import type { ProgressState, RunOutcome } from '../terraform/progress/index.js';
import { resumeHint, type EditableMessage, type ProgressMessage, type ProgressMessageOptions, type RunEnding } from './progress-message.js';

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
  };
}

/**
 * Ends a progress message as its run really ended. A run this process let go of (shutdown) is left
 * as it is: the next process re-attaches and keeps editing it.
 */
export async function endProgress(progress: ProgressMessage, outcome: ApplyOutcome, ownerId: string): Promise<void> {
  if (outcome.detached) return progress.stop();
  await progress.finish(outcome.state, ...ending(outcome, ownerId));
}

function ending({ error, deployment, state }: ApplyOutcome, ownerId: string): [Exclude<RunOutcome, 'running'>, RunEnding] {
  if (!error) return ['succeeded', { outputs: deployment.details.outputs }];
  if (error.failure === 'killed') return ['interrupted', { next: `${killedWarning(state)}\n${resumeHint(ownerId)}` }];
  return [error.failure === 'cancelled' ? 'cancelled' : 'failed', { error: error.message }];
}

/** Terraform was killed: what was in flight may have been made without Terraform recording it. */
function killedWarning(state: ProgressState): string {
  const addresses = state.inFlight.map((op) => `\`${op.address}\``);
  if (addresses.length === 0) return 'Terraform itself was killed mid-run; nothing was in flight at that moment.';
  const many = addresses.length > 1;
  return `Terraform itself was killed mid-run, while working on ${addresses.join(', ')}: ${many ? 'they' : 'it'} may exist in the cloud without being in Terraform's state. Check before resuming; Resume creates what is not in the state.`;
}
