import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { RecoveryStore } from '../recovery/recovery-store.js';
import { ProgressTracker, type PlannedChange, type ProgressState } from '../terraform/progress/index.js';
import { UserFacingError } from '../errors.js';
import { settleWithin } from '../in-flight-work.js';
import { TerraformError } from '../terraform/terraform-error.js';
import type { TerraformRun, TerraformRunner } from '../terraform/terraform-runner.js';
import type { Session } from '../vault/session.js';
import type { Deployment, DeploymentDetails, DeploymentStore } from './deployment-store.js';
import { readOutputs, readStateResources, runStep } from './terraform-step.js';
import { renderDeploymentFiles, type ResourceKind } from './terraform-templates.js';

export interface DeployRequest {
  session: Session;
  kind: ResourceKind;
  name: string;
  machineType?: string;
  nodeCount?: number;
}

/** A saved plan waiting for approval. */
export interface PlannedRun {
  deployment: Deployment;
  operation: 'apply' | 'destroy';
  changes: PlannedChange[];
  /** The tracker that read the plan: it knows the total the apply will count towards. */
  tracker: ProgressTracker;
  /** Which plan file this is: a newer plan of the same deployment replaces the file, and this one with it. */
  planId: number;
}

export interface ApplyOutcome {
  deployment: Deployment;
  state: ProgressState;
  /** Set when the apply did not complete. */
  error?: TerraformError;
  /** The bot interrupted it to shut down (no one cancelled it). */
  stoppedForShutdown?: boolean;
}

type Phase = 'init' | 'plan' | 'unlock';

/**
 * Deployments as a sequence of Terraform steps, with their records kept in step: the deployment row,
 * and the session's recovery blob status (ACTIVE while applying, so a crash shows up as INTERRUPTED).
 * No Discord here: progress goes to a callback, and the edge decides what to show and how often.
 */
export class DeploymentService {
  readonly #active = new Map<string, { run: TerraformRun; startedBy: string }>();
  /** Projects with a plan or an apply under way, and who started it: one run per project at a time. */
  readonly #busyProjects = new Map<string, { userId: string; what: string }>();
  readonly #latestPlans = new Map<string, number>();
  #plans = 0;
  #shuttingDown = false;

  constructor(
    private readonly deps: { runner: TerraformRunner; deployments: DeploymentStore; recovery: RecoveryStore; clock: Clock; log: Logger },
  ) {}

  /** Throws, naming who and what, while a plan or an apply runs on this session's project. */
  assertProjectFree(session: Session): void {
    const holder = this.#busyProjects.get(this.deps.deployments.projectKey(session));
    if (holder) {
      throw new TerraformError('busy', `<@${holder.userId}> is already ${holder.what} on project \`${session.projectId}\`; wait for it to finish (or cancel it) and try again.`);
    }
  }

  /** Writes the configuration, runs init and plan, and records the deployment as PLANNED. */
  plan(request: DeployRequest, onPhase: (phase: Phase) => void = () => undefined): Promise<PlannedRun> {
    return this.#whileBusy(request.session, 'planning', () => this.#plan(request, onPhase));
  }

  async #plan(request: DeployRequest, onPhase: (phase: Phase) => void): Promise<PlannedRun> {
    const { session } = request;
    const rendered = renderDeploymentFiles({
      provider: session.provider, kind: request.kind, projectId: session.projectId, region: session.region, name: request.name,
      ...(request.machineType ? { machineType: request.machineType } : {}),
      ...(request.nodeCount ? { nodeCount: request.nodeCount } : {}),
    });
    const id = this.#deploymentId(session, request.kind, request.name);
    this.deps.runner.workspaces.writeConfig(id, rendered.files, rendered.variables);
    const previous = this.deps.deployments.get(id);
    const details: DeploymentDetails = {
      provider: session.provider, projectId: session.projectId, projectName: session.projectName, region: session.region,
      kind: request.kind, name: request.name, resources: previous?.details.resources ?? [], outputs: previous?.details.outputs ?? {},
      ...(request.machineType ? { machineType: request.machineType } : {}),
      ...(request.nodeCount ? { nodeCount: request.nodeCount } : {}),
    };
    const deployment = this.#save(session, id, previous?.status === 'COMPLETED' ? 'COMPLETED' : 'PLANNED', details);
    return this.#planWorkspace(deployment, session, 'apply', onPhase);
  }

  /**
   * Plans what an interrupted run still has to do (a deployment, or a teardown), from the configuration
   * and state it left in its workspace; what it had already done is carried over into the counts.
   */
  planResume(deployment: Deployment, session: Session, onPhase: (phase: Phase) => void = () => undefined): Promise<PlannedRun> {
    return this.#whileBusy(session, 'resuming', async () => {
      const planned = await this.#planWorkspace(deployment, session, deployment.details.operation ?? 'apply', onPhase);
      const remaining = planned.tracker.state().total;
      const carriedOver = Math.max(0, (deployment.details.plannedOperations ?? remaining) - remaining);
      planned.tracker.carryOver(carriedOver);
      return planned;
    });
  }

  /** Plans the removal of everything a deployment created. */
  planDestroy(deployment: Deployment, session: Session, onPhase: (phase: Phase) => void = () => undefined): Promise<PlannedRun> {
    return this.#whileBusy(session, 'planning a teardown', () => this.#planWorkspace(deployment, session, 'destroy', onPhase));
  }

  /**
   * Applies a saved plan. `onProgress` is called on every line with the tracker; the returned promise
   * settles when Terraform exits, with the record updated (it never rejects for a Terraform failure).
   */
  apply(planned: PlannedRun, session: Session, startedBy: string, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    const what = planned.operation === 'destroy' ? 'a teardown' : 'a deployment';
    return this.#whileBusy(session, what, () => this.#apply(planned, session, startedBy, onProgress), startedBy);
  }

  async #apply(planned: PlannedRun, session: Session, startedBy: string, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    const { operation, tracker } = planned;
    // The record may have moved on since the plan (e.g. its price was added while the user read it).
    const current = this.deps.deployments.get(planned.deployment.id) ?? planned.deployment;
    if (this.#latestPlans.get(current.id) !== planned.planId) {
      throw new UserFacingError('A newer plan was made for this same resource since this one, so this one can no longer be applied; approve the newer plan instead.');
    }
    this.#latestPlans.delete(current.id);
    const destroying = operation === 'destroy';
    const deployment = this.#save(session, current.id, 'ACTIVE', { ...current.details, operation, plannedOperations: tracker.state().total });
    this.deps.recovery.setDeploymentStatus(session.id, 'ACTIVE');
    const log = this.deps.log.child({ deploymentId: deployment.id, operation });
    try {
      const state = await runStep(this.deps.runner, 'apply', {
        ...this.#stepOptions(deployment, session), tracker, onProgress,
        onStart: (run) => this.#active.set(deployment.id, { run, startedBy }),
      });
      const outputs = destroying ? {} : await this.#outputs(deployment, session);
      const resources = await this.#resourcesAfter(deployment, session, tracker);
      const done = this.#save(session, deployment.id, destroying ? 'DESTROYED' : 'COMPLETED', { ...deployment.details, resources, outputs, lastError: undefined });
      this.deps.recovery.setDeploymentStatus(session.id, 'COMPLETED');
      log.info({ completed: state.completed, total: state.total }, 'deployment finished');
      return { deployment: done, state };
    } catch (error) {
      if (!(error instanceof TerraformError)) throw error;
      // A cancelled apply stopped cleanly with its state saved: like a crash, it can be resumed.
      const status = error.failure === 'cancelled' ? 'INTERRUPTED' : 'FAILED';
      const resources = await this.#resourcesAfter(deployment, session, tracker);
      const failed = this.#save(session, deployment.id, status, { ...deployment.details, resources, lastError: error.message.slice(0, 1000) });
      this.deps.recovery.setDeploymentStatus(session.id, status);
      log.warn({ failure: error.failure }, 'deployment did not complete');
      return { deployment: failed, state: tracker.state(), error, ...(this.#shuttingDown && error.failure === 'cancelled' ? { stoppedForShutdown: true } : {}) };
    } finally {
      this.#active.delete(deployment.id);
    }
  }

  /** Adds what the edge learns beside Terraform: the price the user was shown, where a run's progress shows. */
  recordDetails(deploymentId: string, facts: Pick<Partial<DeploymentDetails>, 'monthlyCostUsd' | 'progressMessage'>): void {
    const deployment = this.deps.deployments.get(deploymentId);
    if (deployment) this.deps.deployments.save({ ...deployment, details: { ...deployment.details, ...facts } });
  }

  /** Cancels a running apply; only the person who started it may. */
  cancel(deploymentId: string, userId: string): 'cancelling' | 'not-running' | 'not-yours' {
    const active = this.#active.get(deploymentId);
    if (!active) return 'not-running';
    if (active.startedBy !== userId) return 'not-yours';
    active.run.cancel();
    return 'cancelling';
  }

  /**
   * For shutdown: interrupts every apply (Terraform stops gracefully and saves its state) and waits up
   * to `graceMs` for them to end; each is then recorded as INTERRUPTED, ready to resume.
   */
  async stopAll(graceMs: number): Promise<void> {
    this.#shuttingDown = true;
    const runs = [...this.#active.values()];
    if (runs.length === 0) return;
    this.deps.log.warn({ runs: runs.length }, 'interrupting running deployments for shutdown');
    for (const { run } of runs) run.cancel();
    await settleWithin(runs.map(({ run }) => run.result), graceMs);
  }

  async #whileBusy<T>(session: Session, what: string, work: () => Promise<T>, userId = session.userId): Promise<T> {
    this.assertProjectFree(session);
    const key = this.deps.deployments.projectKey(session);
    this.#busyProjects.set(key, { userId, what: what.startsWith('a ') ? `running ${what}` : what });
    try {
      return await work();
    } finally {
      this.#busyProjects.delete(key);
    }
  }

  async #planWorkspace(deployment: Deployment, session: Session, operation: 'apply' | 'destroy', onPhase: (phase: Phase) => void): Promise<PlannedRun> {
    const options = this.#stepOptions(deployment, session);
    onPhase('init');
    await runStep(this.deps.runner, 'init', options);
    onPhase('plan');
    const step = operation === 'destroy' ? 'plan-destroy' : 'plan';
    let tracker = new ProgressTracker();
    try {
      await runStep(this.deps.runner, step, { ...options, tracker });
    } catch (error) {
      if (!(error instanceof TerraformError) || error.failure !== 'state-locked' || !error.details.lockId) throw error;
      // Our own run lock is held, so no run of ours is using the state: the lock is a crash leftover.
      onPhase('unlock');
      this.deps.log.warn({ deploymentId: deployment.id }, 'clearing a stale Terraform state lock');
      await runStep(this.deps.runner, 'force-unlock', { ...options, lockId: error.details.lockId });
      tracker = new ProgressTracker();
      await runStep(this.deps.runner, step, { ...options, tracker });
    }
    const planId = ++this.#plans;
    this.#latestPlans.set(deployment.id, planId);
    return { deployment, operation, changes: tracker.state().plannedChanges, tracker, planId };
  }

  /** What exists after a run: Terraform's state says, and covers what a crashed run did; else the run's own report. */
  async #resourcesAfter(deployment: Deployment, session: Session, tracker: ProgressTracker): Promise<string[]> {
    const listed = await readStateResources(this.deps.runner, this.#stepOptions(deployment, session)).catch(() => undefined);
    return listed ?? resourcesAfter(deployment.details.resources, tracker);
  }

  async #outputs(deployment: Deployment, session: Session): Promise<Record<string, string>> {
    return readOutputs(this.deps.runner, this.#stepOptions(deployment, session)).catch(() => ({}));
  }

  #stepOptions(deployment: Deployment, session: Session) {
    return {
      workspaceId: deployment.id,
      ...(session.credentials ? { credentials: session.credentials } : {}),
      // azurerm 4.x requires the subscription; it is an ID, not a secret.
      ...(session.provider === 'azure' ? { env: { ARM_SUBSCRIPTION_ID: session.projectId } } : {}),
    };
  }

  #deploymentId(session: Session, kind: ResourceKind, name: string): string {
    return this.deps.deployments.deploymentId(this.deps.deployments.projectKey(session), kind, name);
  }

  #save(session: Session, id: string, status: Deployment['status'], details: DeploymentDetails): Deployment {
    return this.deps.deployments.save({
      id, guildId: session.guildId, projectKey: this.deps.deployments.projectKey(session),
      sessionId: session.id, userId: session.userId, status, details,
    });
  }
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
