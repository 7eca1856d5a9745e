import type { Logger } from '../log.js';
import { ProgressTracker, type PlannedChange } from '../terraform/progress/index.js';
import { UserFacingError } from '../errors.js';
import { TerraformError } from '../terraform/terraform-error.js';
import type { TerraformRunner } from '../terraform/terraform-runner.js';
import type { Session } from '../vault/session.js';
import { stepOptions, type DeploymentRecords } from './deployment-records.js';
import type { Deployment, DeploymentStore } from './deployment-store.js';
import type { RunAdmission } from './run-admission.js';
import { leftTheLine, type RunLine } from './run-line.js';
import { readPlanText, runStep } from './terraform-step.js';
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
  /** Resources an interrupted earlier run completed, counted in the tracker's totals (0 for a fresh plan). */
  carriedOver: number;
}

type Phase = 'queued' | 'init' | 'plan';
/** Told as each planning phase starts, with the deployment being planned; `queued` comes with the place in line, each time it moves. */
export type PhaseListener = (phase: Phase, deployment: Deployment, position?: number) => void;

/**
 * Plans as Terraform makes them (init, then plan, once a Terraform slot is free), with the deployment
 * record kept in step, and which plan of each deployment is the latest: only that one may be applied.
 */
export class DeploymentPlans {
  readonly #latestPlans = new Map<string, number>();
  #plans = 0;

  constructor(
    private readonly deps: {
      runner: TerraformRunner; deployments: DeploymentStore; log: Logger;
      /** TEMPLATES_DIR, checked at startup (see template-check.ts). */
      templatesDir: string;
      admission: RunAdmission; records: DeploymentRecords; line: RunLine;
    },
  ) {}

  /** Writes the configuration, runs init and plan, and records the deployment as PLANNED. */
  plan(request: DeployRequest, onPhase: PhaseListener = () => undefined): Promise<PlannedRun> {
    return this.deps.admission.whileBusy(request.session, 'planning', () => this.#plan(request, onPhase));
  }

  async #plan(request: DeployRequest, onPhase: PhaseListener): Promise<PlannedRun> {
    const { session } = request;
    const rendered = renderDeploymentFiles({
      provider: session.provider, kind: request.kind, projectId: session.projectId, region: session.region, name: request.name,
      ...(request.machineType ? { machineType: request.machineType } : {}),
      ...(request.nodeCount ? { nodeCount: request.nodeCount } : {}),
    }, this.deps.templatesDir);
    const previous = this.#existing(session, request.kind, request.name);
    const id = previous?.id ?? this.deps.deployments.deploymentId(this.deps.deployments.projectKey(session), request.kind, request.name, session.region);
    this.deps.runner.workspaces.writeConfig(id, rendered.files, rendered.variables);
    const spec = { ...(request.machineType ? { machineType: request.machineType } : {}), ...(request.nodeCount ? { nodeCount: request.nodeCount } : {}) };
    // Something is deployed: the record keeps saying what, whose it is and how it stands; the plan waits beside it.
    const deployment = previous && hasDeployed(previous)
      ? this.deps.deployments.save({ ...previous, details: { ...previous.details, pending: spec } })
      : this.deps.records.save(session, id, 'PLANNED', {
        provider: session.provider, projectId: session.projectId, projectName: session.projectName, region: session.region,
        kind: request.kind, name: request.name, resources: previous?.details.resources ?? [], outputs: previous?.details.outputs ?? {}, ...spec,
      });
    try {
      return await this.#planWorkspace(deployment, session, 'apply', onPhase);
    } catch (error) {
      this.#planFailed(deployment, error);
      throw error;
    }
  }

  /**
   * A plan that did not come to be leaves no "planned" behind: a fresh deployment is recorded as failed
   * (nothing deployed, and why), a deployed one drops the change it would have made. An earlier plan
   * still awaiting approval keeps the record as it is; a plan taken out of line was settled already.
   */
  #planFailed(deployment: Deployment, error: unknown): void {
    if (this.#latestPlans.has(deployment.id) || (error instanceof TerraformError && error.failure === 'cancelled')) return;
    const current = this.deps.records.latest(deployment);
    if (current.status !== 'PLANNED') return this.deps.records.discardPlan(deployment.id);
    const why = error instanceof TerraformError ? error.message.slice(0, 1000) : 'planning failed';
    this.deps.records.saveAs(current, 'FAILED', { ...current.details, lastError: why });
  }

  /**
   * The deployment this request continues: the same kind and name in the same region of the project.
   * Found by what it is rather than by recomputing its ID, so an ID made under an older scheme (or an
   * older server secret) keeps its workspace, and another region never re-targets it.
   */
  #existing(session: Session, kind: ResourceKind, name: string): Deployment | undefined {
    return this.deps.deployments.listForSession(session).find((d) => d.details.kind === kind && d.details.name === name && d.details.region === session.region);
  }

  /**
   * Plans what an interrupted run still has to do (a deployment, or a teardown), from the configuration
   * and state it left in its workspace; what it had already done is carried over into the counts.
   */
  planResume(deployment: Deployment, session: Session, onPhase: PhaseListener = () => undefined): Promise<PlannedRun> {
    return this.deps.admission.whileBusy(session, 'resuming', async () => {
      const planned = await this.#planWorkspace(deployment, session, deployment.details.operation ?? 'apply', onPhase);
      const remaining = planned.tracker.state().total;
      const carriedOver = Math.max(0, (deployment.details.plannedOperations ?? remaining) - remaining);
      planned.tracker.carryOver(carriedOver);
      return { ...planned, carriedOver };
    });
  }

  /** Plans the removal of everything a deployment created. */
  planDestroy(deployment: Deployment, session: Session, onPhase: PhaseListener = () => undefined): Promise<PlannedRun> {
    return this.deps.admission.whileBusy(session, 'planning a teardown', () => this.#planWorkspace(deployment, session, 'destroy', onPhase));
  }

  /**
   * The whole saved plan as text, for review beside the summary; undefined when Terraform cannot show
   * it, or when a newer plan has replaced this one's file.
   */
  showPlan(planned: PlannedRun, session: Session): Promise<string | undefined> {
    return this.deps.admission.whileBusy(session, 'reading a plan', async () => {
      if (!this.#isLatest(planned)) return undefined;
      return readPlanText(this.deps.runner, stepOptions(planned.deployment, session));
    }).catch(() => undefined);
  }

  /** Takes the plan for its apply: only the latest plan of a deployment may be applied, and only once. */
  claimForApply(planned: PlannedRun): void {
    if (!this.#isLatest(planned)) {
      throw new UserFacingError('A newer plan was made for this same resource since this one, so this one can no longer be applied; approve the newer plan instead.');
    }
    this.#latestPlans.delete(planned.deployment.id);
  }

  #isLatest(planned: PlannedRun): boolean {
    return this.#latestPlans.get(planned.deployment.id) === planned.planId;
  }

  async #planWorkspace(deployment: Deployment, session: Session, operation: 'apply' | 'destroy', onPhase: PhaseListener): Promise<PlannedRun> {
    const releaseSlot = await this.deps.line.take(deployment.id, session.userId, (position) => onPhase('queued', deployment, position));
    if (!releaseSlot) {
      // An earlier plan of this deployment may still await its approval: its record stands.
      if (!this.#latestPlans.has(deployment.id)) this.deps.records.discardPlan(deployment.id);
      throw leftTheLine();
    }
    try {
      return await this.#planWorkspaceNow(deployment, session, operation, onPhase);
    } finally {
      releaseSlot();
    }
  }

  async #planWorkspaceNow(deployment: Deployment, session: Session, operation: 'apply' | 'destroy', onPhase: PhaseListener): Promise<PlannedRun> {
    const options = stepOptions(deployment, session);
    onPhase('init', deployment);
    await runStep(this.deps.runner, 'init', options);
    onPhase('plan', deployment);
    const step = operation === 'destroy' ? 'plan-destroy' : 'plan';
    // No stale-lock handling: with local state, a crashed run's lock dies with its process (at most an
    // inert .terraform.tfstate.lock.info stays). See runStep for remote backends' locks.
    const tracker = runTracker(this.deps.log, deployment);
    await runStep(this.deps.runner, step, { ...options, tracker });
    const planId = ++this.#plans;
    this.#latestPlans.set(deployment.id, planId);
    return { deployment, operation, changes: tracker.state().plannedChanges, tracker, planId, carriedOver: 0 };
  }
}

/** Whether a deployment has anything in the cloud (or did complete): a new plan must not make it look like a fresh one. */
export function hasDeployed(deployment: Deployment): boolean {
  return deployment.details.resources.length > 0 || deployment.status === 'COMPLETED';
}

/** A run's progress model, in resources (a replacement counts once); what it does not count (a provisioner's imitation of Terraform, say) is logged. */
export function runTracker(log: Logger, deployment: Deployment): ProgressTracker {
  const runLog = log.child({ deploymentId: deployment.id });
  return new ProgressTracker({ countReplacementOnce: true, onIgnored: (operation) => runLog.warn({ operation }, 'terraform output reported an operation that is not counted (not in the plan, or counted already)') });
}
