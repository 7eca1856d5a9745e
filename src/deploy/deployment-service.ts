import type { Logger } from '../log.js';
import type { RecoveryStore } from '../recovery/recovery-store.js';
import type { ProgressTracker } from '../terraform/progress/index.js';
import { RunSlots } from '../terraform/run-slots.js';
import type { TerraformRunner } from '../terraform/terraform-runner.js';
import type { Session } from '../vault/session.js';
import { ActiveApplies } from './active-applies.js';
import { DeploymentApplies, type ApplyOutcome, type ApplyReservation, type CancelResult } from './deployment-applies.js';
import { DeploymentPlans, type DeployRequest, type PhaseListener, type PlannedRun } from './deployment-plans.js';
import { DeploymentRecords } from './deployment-records.js';
import type { Deployment, DeploymentDetails, DeploymentStore } from './deployment-store.js';
import { RestartHandover, type RecordedApply } from './restart-handover.js';
import { RunAdmission } from './run-admission.js';
import { RunLine } from './run-line.js';

export type { ApplyOutcome, ApplyReservation, CancelResult, QueueListener } from './deployment-applies.js';
export { hasDeployed, type DeployRequest, type PhaseListener, type PlannedRun } from './deployment-plans.js';
export type { RecordedApply } from './restart-handover.js';

/**
 * Deployments as a sequence of Terraform steps, with their records kept in step: the deployment row,
 * and the session's recovery blob status (ACTIVE while applying, so a crash shows up as INTERRUPTED).
 * No Discord here: progress goes to a callback, and the edge decides what to show and how often.
 *
 * The one entry point for the rest of the bot; the work is done by plans (deployment-plans.ts), applies
 * (deployment-applies.ts) and the applies that cross a restart (restart-handover.ts), which share the
 * line for Terraform slots, the projects' holds (run-admission.ts) and the record writes.
 */
export class DeploymentService {
  readonly #admission: RunAdmission;
  readonly #records: DeploymentRecords;
  readonly #plans: DeploymentPlans;
  readonly #applies: DeploymentApplies;
  readonly #handover: RestartHandover;

  constructor(
    deps: {
      runner: TerraformRunner; deployments: DeploymentStore; recovery: RecoveryStore; log: Logger;
      /** ALLOW_HOST_CREDENTIALS: a session without credentials may run on the host's own identity. */
      allowHostCredentials?: boolean;
      /** TEMPLATES_DIR, checked at startup (see template-check.ts). */
      templatesDir: string;
      /** MAX_CONCURRENT_RUNS across every project; unlimited when not given. */
      slots?: RunSlots;
    },
  ) {
    const { runner, deployments, recovery, log } = deps;
    // Plans and applies waiting for a Terraform slot: Cancel takes them out of line.
    const line = new RunLine(deps.slots ?? new RunSlots(Number.MAX_SAFE_INTEGER));
    const active = new ActiveApplies();
    const admission = new RunAdmission({ deployments, allowHostCredentials: deps.allowHostCredentials });
    const records = new DeploymentRecords(deployments);
    const plans = new DeploymentPlans({ runner, deployments, log, templatesDir: deps.templatesDir, admission, records, line });
    const applies = new DeploymentApplies({ runner, deployments, recovery, log, admission, records, plans, line, active });
    this.#admission = admission;
    this.#records = records;
    this.#plans = plans;
    this.#applies = applies;
    this.#handover = new RestartHandover({ runner, deployments, recovery, log, admission, applies, line, active });
  }

  assertCredentials(session: Session): void {
    this.#admission.assertCredentials(session);
  }

  assertProjectFree(session: Session): void {
    this.#admission.assertProjectFree(session);
  }

  plan(request: DeployRequest, onPhase?: PhaseListener): Promise<PlannedRun> {
    return this.#plans.plan(request, onPhase);
  }

  planResume(deployment: Deployment, session: Session, onPhase?: PhaseListener): Promise<PlannedRun> {
    return this.#plans.planResume(deployment, session, onPhase);
  }

  planDestroy(deployment: Deployment, session: Session, onPhase?: PhaseListener): Promise<PlannedRun> {
    return this.#plans.planDestroy(deployment, session, onPhase);
  }

  showPlan(planned: PlannedRun, session: Session): Promise<string | undefined> {
    return this.#plans.showPlan(planned, session);
  }

  discardPlan(deploymentId: string): void {
    this.#records.discardPlan(deploymentId);
  }

  recordDetails(deploymentId: string, facts: Pick<Partial<DeploymentDetails>, 'monthlyCostUsd' | 'billedMonthlyUsd' | 'progressMessage' | 'planReply'>): void {
    this.#records.recordDetails(deploymentId, facts);
  }

  apply(planned: PlannedRun, session: Session, startedBy: string, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    return this.#applies.apply(planned, session, startedBy, onProgress);
  }

  reserveApply(planned: PlannedRun, session: Session, startedBy: string): ApplyReservation {
    return this.#applies.reserveApply(planned, session, startedBy);
  }

  moveProgress(deploymentId: string, progressMessage: { channelId: string; messageId: string }): void {
    this.#applies.moveProgress(deploymentId, progressMessage);
  }

  runStartedBy(deploymentId: string): string | undefined {
    return this.#applies.runStartedBy(deploymentId);
  }

  cancel(deploymentId: string, userId: string): CancelResult {
    return this.#applies.cancel(deploymentId, userId);
  }

  recordedApplies(): { recorded: RecordedApply[]; interrupted: Deployment[] } {
    return this.#handover.recordedApplies();
  }

  follow(recorded: RecordedApply, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    return this.#handover.follow(recorded, onProgress);
  }

  detachAll(): Promise<void> {
    return this.#handover.detachAll();
  }

  interruptAll(timeoutMs: number): Promise<void> {
    return this.#handover.interruptAll(timeoutMs);
  }
}
