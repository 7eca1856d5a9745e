import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { RecoveryStore } from '../recovery/recovery-store.js';
import { ProgressTracker, type PlannedChange, type ProgressState } from '../terraform/progress/index.js';
import { TerraformError } from '../terraform/terraform-error.js';
import type { TerraformRun, TerraformRunner } from '../terraform/terraform-runner.js';
import type { Session } from '../vault/session.js';
import type { Deployment, DeploymentDetails, DeploymentStore } from './deployment-store.js';
import { readOutputs, runStep } from './terraform-step.js';
import { renderDeploymentFiles, type ResourceKind } from './terraform-templates.js';

export interface DeployRequest {
  session: Session;
  kind: ResourceKind;
  name: string;
  machineType?: string;
  nodeCount?: number;
  monthlyCostUsd?: number;
}

/** A saved plan waiting for approval. */
export interface PlannedRun {
  deployment: Deployment;
  operation: 'apply' | 'destroy';
  changes: PlannedChange[];
  /** The tracker that read the plan: it knows the total the apply will count towards. */
  tracker: ProgressTracker;
}

export interface ApplyOutcome {
  deployment: Deployment;
  state: ProgressState;
  /** Set when the apply did not complete. */
  error?: TerraformError;
}

type Phase = 'init' | 'plan' | 'unlock';

/**
 * Deployments as a sequence of Terraform steps, with their records kept in step: the deployment row,
 * and the session's recovery blob status (ACTIVE while applying, so a crash shows up as INTERRUPTED).
 * No Discord here: progress goes to a callback, and the edge decides what to show and how often.
 */
export class DeploymentService {
  readonly #active = new Map<string, { run: TerraformRun; startedBy: string }>();

  constructor(
    private readonly deps: { runner: TerraformRunner; deployments: DeploymentStore; recovery: RecoveryStore; clock: Clock; log: Logger },
  ) {}

  /** The deployment record this request maps to (same project, kind and name → same workspace), if any. */
  existing(session: Session, kind: ResourceKind, name: string): Deployment | undefined {
    return this.deps.deployments.get(this.#deploymentId(session, kind, name));
  }

  /** Writes the configuration, runs init and plan, and records the deployment as PLANNED. */
  async plan(request: DeployRequest, onPhase: (phase: Phase) => void = () => undefined): Promise<PlannedRun> {
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
      ...(request.monthlyCostUsd !== undefined ? { monthlyCostUsd: request.monthlyCostUsd } : {}),
    };
    const deployment = this.#save(session, id, previous?.status === 'COMPLETED' ? 'COMPLETED' : 'PLANNED', details);
    return this.#planWorkspace(deployment, session, 'apply', onPhase);
  }

  /** Plans the removal of everything a deployment created. */
  planDestroy(deployment: Deployment, session: Session, onPhase: (phase: Phase) => void = () => undefined): Promise<PlannedRun> {
    return this.#planWorkspace(deployment, session, 'destroy', onPhase);
  }

  /**
   * Applies a saved plan. `onProgress` is called on every line with the tracker; the returned promise
   * settles when Terraform exits, with the record updated (it never rejects for a Terraform failure).
   */
  async apply(planned: PlannedRun, session: Session, startedBy: string, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    const { deployment, operation, tracker } = planned;
    const destroying = operation === 'destroy';
    this.#save(session, deployment.id, 'ACTIVE', deployment.details);
    this.deps.recovery.setDeploymentStatus(session.id, 'ACTIVE');
    const log = this.deps.log.child({ deploymentId: deployment.id, operation });
    try {
      const state = await runStep(this.deps.runner, 'apply', {
        ...this.#stepOptions(deployment, session), tracker, onProgress,
        onStart: (run) => this.#active.set(deployment.id, { run, startedBy }),
      });
      const outputs = destroying ? {} : await this.#outputs(deployment, session);
      const created = planned.changes.filter((c) => c.action === 'create' || c.action === 'replace').map((c) => c.address);
      const resources = destroying ? [] : [...new Set([...deployment.details.resources, ...created])];
      const done = this.#save(session, deployment.id, destroying ? 'DESTROYED' : 'COMPLETED', { ...deployment.details, resources, outputs, lastError: undefined });
      this.deps.recovery.setDeploymentStatus(session.id, 'COMPLETED');
      log.info({ completed: state.completed, total: state.total }, 'deployment finished');
      return { deployment: done, state };
    } catch (error) {
      if (!(error instanceof TerraformError)) throw error;
      // A cancelled apply stopped cleanly with its state saved: like a crash, it can be resumed.
      const status = error.failure === 'cancelled' ? 'INTERRUPTED' : 'FAILED';
      const failed = this.#save(session, deployment.id, status, { ...deployment.details, lastError: error.message.slice(0, 1000) });
      this.deps.recovery.setDeploymentStatus(session.id, status);
      log.warn({ failure: error.failure }, 'deployment did not complete');
      return { deployment: failed, state: tracker.state(), error };
    } finally {
      this.#active.delete(deployment.id);
    }
  }

  /** Cancels a running apply; only the person who started it may. */
  cancel(deploymentId: string, userId: string): 'cancelling' | 'not-running' | 'not-yours' {
    const active = this.#active.get(deploymentId);
    if (!active) return 'not-running';
    if (active.startedBy !== userId) return 'not-yours';
    active.run.cancel();
    return 'cancelling';
  }

  isRunning(deploymentId: string): boolean {
    return this.#active.has(deploymentId) || this.deps.runner.workspaces.isBusy(deploymentId);
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
    return { deployment, operation, changes: tracker.state().plannedChanges, tracker };
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
    return this.deps.deployments.deploymentId(this.deps.deployments.projectKey(session.guildId, session.provider, session.projectId), kind, name);
  }

  #save(session: Session, id: string, status: Deployment['status'], details: DeploymentDetails): Deployment {
    return this.deps.deployments.save({
      id, guildId: session.guildId, projectKey: this.deps.deployments.projectKey(session.guildId, session.provider, session.projectId),
      sessionId: session.id, userId: session.userId, status, details,
    });
  }
}
