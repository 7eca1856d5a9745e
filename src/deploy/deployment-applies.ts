import type { Logger } from '../log.js';
import type { RecoveryStore } from '../recovery/recovery-store.js';
import { everyChangeMade, type ProgressTracker, type ProgressState } from '../terraform/progress/index.js';
import { TerraformError } from '../terraform/terraform-error.js';
import type { TerraformRun, TerraformRunner } from '../terraform/terraform-runner.js';
import type { Session } from '../vault/session.js';
import type { ActiveApplies, ActiveApply, ApplyContext } from './active-applies.js';
import type { DeploymentPlans, PlannedRun } from './deployment-plans.js';
import { readOptions, stepOptions, type DeploymentRecords } from './deployment-records.js';
import type { Deployment, DeploymentDetails, DeploymentStore } from './deployment-store.js';
import { HeldInterrupts } from './held-interrupts.js';
import type { RunAdmission } from './run-admission.js';
import { leftTheLine, type RunLine } from './run-line.js';
import { followStep, readOutputs, readStateResources } from './terraform-step.js';

export interface ApplyOutcome {
  deployment: Deployment;
  state: ProgressState;
  /** Set when the apply did not complete. */
  error?: TerraformError;
  /** This process stopped following it to shut down; Terraform runs on and the next process re-attaches. */
  detached?: boolean;
}

/** Told an apply's place in the line for a Terraform slot (MAX_CONCURRENT_RUNS), each time it moves. */
export type QueueListener = (position: number) => void;

/** Checked by reserveApply, held until the apply ends: `start` runs it, `release` gives the project back unused. */
export interface ApplyReservation {
  /** `onQueued` hears the run's place in line while it waits for a Terraform slot. */
  start(onProgress: (tracker: ProgressTracker) => void, onQueued?: QueueListener): Promise<ApplyOutcome>;
  release(): void;
}

/** What a Cancel of an apply reaches, from the start of its Terraform to its end. */
type CancellableApply = Pick<ActiveApply, 'startedBy' | 'tracker' | 'interrupts'>;

/** What a Cancel pressed on a run did. */
export type CancelResult = 'cancelling' | 'left-queue' | 'not-running' | 'not-yours' | 'nothing-left';

/**
 * Applies of saved plans, from the wait for a Terraform slot to the end of the run, with the deployment
 * record and the session's recovery blob status kept in step (ACTIVE while applying, so a crash shows up
 * as INTERRUPTED); and the Cancel of a run, whether it waits in line or runs.
 */
export class DeploymentApplies {
  /** Applies whose Terraform is being started (the credentials file, the spawn): a Cancel then is kept for the run. */
  readonly #starting = new Map<string, CancellableApply>();

  constructor(
    private readonly deps: {
      runner: TerraformRunner; deployments: DeploymentStore; recovery: RecoveryStore; log: Logger;
      admission: RunAdmission; records: DeploymentRecords; plans: DeploymentPlans; line: RunLine; active: ActiveApplies;
    },
  ) {}

  /**
   * Applies a saved plan. `onProgress` is called on every line with the tracker; the returned promise
   * settles when Terraform exits, with the record updated (it never rejects for a Terraform failure).
   */
  apply(planned: PlannedRun, session: Session, startedBy: string, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    return this.reserveApply(planned, session, startedBy).start(onProgress);
  }

  /**
   * Decides at once (synchronously) whether this plan may be applied now, and if so holds its project
   * for it: the edge checks first, then shows a run, so a refusal never leaves a run on screen that
   * never started. Throws, saying why, when it may not (no credentials, the project busy, a newer plan).
   */
  reserveApply(planned: PlannedRun, session: Session, startedBy: string): ApplyReservation {
    this.deps.admission.assertCredentials(session);
    this.deps.admission.assertProjectFree(session);
    this.deps.plans.claimForApply(planned);
    const release = this.deps.admission.holdForApply(this.deps.deployments.projectKey(session), startedBy, planned.operation);
    let taken = false;
    return {
      start: (onProgress, onQueued) => {
        taken = true;
        return this.#apply(planned, session, startedBy, onProgress, onQueued).finally(release);
      },
      release: () => {
        if (!taken) release();
      },
    };
  }

  async #apply(
    planned: PlannedRun, session: Session, startedBy: string, onProgress: (tracker: ProgressTracker) => void, onQueued: QueueListener = () => undefined,
  ): Promise<ApplyOutcome> {
    const releaseSlot = await this.deps.line.take(planned.deployment.id, startedBy, onQueued);
    if (!releaseSlot) {
      this.deps.records.discardPlan(planned.deployment.id);
      return { deployment: this.deps.records.latest(planned.deployment), state: planned.tracker.state(), error: leftTheLine() };
    }
    try {
      return await this.#applyNow(planned, session, startedBy, onProgress);
    } finally {
      releaseSlot();
    }
  }

  async #applyNow(planned: PlannedRun, session: Session, startedBy: string, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    const { operation, tracker } = planned;
    // The record may have moved on since the plan (e.g. its price was added while the user read it).
    const current = this.deps.records.latest(planned.deployment);
    // What an earlier, unfinished run left is priced again when this one ends.
    const deployment = this.deps.records.save(session, current.id, 'ACTIVE', { ...applying(current.details, operation), operation, plannedOperations: tracker.state().total, billedMonthlyUsd: undefined });
    this.deps.recovery.setDeploymentStatus(session.id, 'ACTIVE');
    const plan = tracker.state().planSummary;
    const context: ApplyContext = {
      startedBy, carriedOver: planned.carriedOver,
      ...(plan ? { plan: { add: plan.add, change: plan.change, destroy: plan.destroy } } : {}),
      ...(deployment.details.progressMessage ? { progressMessage: deployment.details.progressMessage } : {}),
    };
    const starting = { startedBy, tracker, interrupts: new HeldInterrupts() };
    this.#starting.set(deployment.id, starting);
    let run: TerraformRun;
    try {
      run = await this.deps.runner.start({ ...stepOptions(deployment, session), step: 'apply', context });
    } catch (error) {
      if (!(error instanceof TerraformError)) throw error;
      return this.#settle(deployment, tracker, error, session);
    } finally {
      this.#starting.delete(deployment.id);
    }
    return this.followRun(deployment, run, tracker, context, onProgress, session, starting.interrupts);
  }

  /**
   * Follows a started (or re-attached) apply to its end and records how it ended.
   * Without a session (a run re-attached after a restart), Terraform's outputs and state are read without credentials: local state needs none.
   */
  async followRun(
    deployment: Deployment, run: TerraformRun, tracker: ProgressTracker, context: ApplyContext, onProgress: (tracker: ProgressTracker) => void, session?: Session,
    interrupts = new HeldInterrupts(),
  ): Promise<ApplyOutcome> {
    const destroying = deployment.details.operation === 'destroy';
    const log = this.deps.log.child({ deploymentId: deployment.id, operation: deployment.details.operation });
    interrupts.attach(() => run.cancel());
    const ended = this.deps.active.add(deployment.id, { run, startedBy: context.startedBy, context, tracker, interrupts });
    const heard = (progress: ProgressTracker) => {
      interrupts.heard(progress.state());
      onProgress(progress);
    };
    try {
      const state = await followStep(run, 'apply', { tracker, onProgress: heard }).catch((error: unknown) => {
        // A Cancel that came after every change was made stopped nothing: the run completed.
        if (error instanceof TerraformError && error.failure === 'cancelled' && everyChangeMade(tracker.state())) return tracker.state();
        throw error;
      });
      const outputs = destroying ? {} : await this.#outputs(deployment, session);
      const resources = await this.#resourcesAfter(deployment, tracker, session);
      const done = this.deps.records.saveAs(deployment, destroying ? 'DESTROYED' : 'COMPLETED', { ...this.deps.records.latest(deployment).details, resources, outputs, lastError: undefined });
      this.deps.recovery.setDeploymentStatus(deployment.sessionId, 'COMPLETED');
      run.forget?.();
      log.info({ completed: state.completed, total: state.total }, 'deployment finished');
      return { deployment: done, state };
    } catch (error) {
      if (!(error instanceof TerraformError)) throw error;
      // The bot is stopping and Terraform is not: the record stays ACTIVE for the next process.
      if (error.failure === 'detached') return { deployment, state: tracker.state(), error, detached: true };
      const outcome = await this.#settle(deployment, tracker, this.deps.active.interruptedForShutdown && error.failure === 'cancelled' ? stoppedWithBot(error) : error, session);
      run.forget?.();
      return outcome;
    } finally {
      ended();
    }
  }

  /** Records how an apply that did not complete ended; a cancelled or killed one can be resumed. */
  async #settle(deployment: Deployment, tracker: ProgressTracker, error: TerraformError, session?: Session): Promise<ApplyOutcome> {
    const status = error.failure === 'cancelled' || error.failure === 'killed' ? 'INTERRUPTED' : 'FAILED';
    const resources = await this.#resourcesAfter(deployment, tracker, session);
    const failed = this.deps.records.saveAs(deployment, status, { ...this.deps.records.latest(deployment).details, resources, lastError: error.message.slice(0, 1000) });
    this.deps.recovery.setDeploymentStatus(deployment.sessionId, status);
    this.deps.log.warn({ deploymentId: deployment.id, failure: error.failure }, 'deployment did not complete');
    return { deployment: failed, state: tracker.state(), error };
  }

  /** What exists after a run: Terraform's state says, and covers what a crashed run did; else the run's own report. */
  async #resourcesAfter(deployment: Deployment, tracker: ProgressTracker, session?: Session): Promise<string[]> {
    const listed = await readStateResources(this.deps.runner, readOptions(deployment, session)).catch(() => undefined);
    return listed ?? resourcesAfter(deployment.details.resources, tracker);
  }

  async #outputs(deployment: Deployment, session?: Session): Promise<Record<string, string>> {
    return readOutputs(this.deps.runner, readOptions(deployment, session)).catch(() => ({}));
  }

  /** The progress of a run moved to a new message (Discord stops edits of old ones): remember where. */
  moveProgress(deploymentId: string, progressMessage: { channelId: string; messageId: string }): void {
    this.deps.records.recordDetails(deploymentId, { progressMessage });
    const active = this.deps.active.get(deploymentId);
    if (active?.run.record) this.deps.runner.updateContext(active.run.record.id, { ...active.context, progressMessage });
  }

  /** Who started the deployment's run that waits in line or runs now, if there is one (whose Cancel it is). */
  runStartedBy(deploymentId: string): string | undefined {
    return this.deps.line.startedBy(deploymentId) ?? this.#running(deploymentId)?.startedBy;
  }

  /** Cancels a running apply, or takes a waiting plan or apply out of line; only the person who started it may. */
  cancel(deploymentId: string, userId: string): CancelResult {
    const left = this.deps.line.leave(deploymentId, userId);
    if (left !== 'not-waiting') return left === 'left' ? 'left-queue' : 'not-yours';
    const running = this.#running(deploymentId);
    if (!running) return 'not-running';
    if (running.startedBy !== userId) return 'not-yours';
    // Terraform is only saving state and outputs: an interrupt would stop nothing, and could only cut that short.
    if (everyChangeMade(running.tracker.state())) return 'nothing-left';
    running.interrupts.request();
    return 'cancelling';
  }

  /** The deployment's apply whose Terraform is being started, or is followed now. */
  #running(deploymentId: string): CancellableApply | undefined {
    return this.#starting.get(deploymentId) ?? this.deps.active.get(deploymentId);
  }
}

/** The details an apply starts from: a deployment takes on its pending plan's size and price; a teardown drops the plan. */
function applying(details: DeploymentDetails, operation: 'apply' | 'destroy'): DeploymentDetails {
  const { pending, ...deployed } = details;
  if (!pending || operation === 'destroy') return deployed;
  const { machineType: _m, nodeCount: _n, monthlyCostUsd: _c, ...rest } = deployed;
  return { ...rest, ...pending };
}

/** A run interrupted because the bot stopped (see interruptAll), told as such rather than as a Cancel. */
function stoppedWithBot(error: TerraformError): TerraformError {
  return new TerraformError('cancelled', 'The bot was stopped with its container, which would have killed Terraform mid-resource, so Terraform was interrupted and saved what it had done.', { ...error.details, byShutdown: true });
}

/** Without Terraform's word, the resources after a run: those from before, plus what it created, minus what it destroyed. */
function resourcesAfter(before: readonly string[], tracker: ProgressTracker): string[] {
  const resources = new Set(before);
  for (const { address, action } of tracker.finishedOperations()) {
    if (action === 'delete') resources.delete(address);
    else resources.add(address);
  }
  return [...resources];
}
