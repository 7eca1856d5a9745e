import type { Logger } from '../log.js';
import type { RecoveryStore } from '../recovery/recovery-store.js';
import type { ProgressTracker } from '../terraform/progress/index.js';
import type { RunRecord } from '../terraform/run-store.js';
import type { TerraformRunner } from '../terraform/terraform-runner.js';
import { applyContextSchema, type ActiveApplies, type ApplyContext } from './active-applies.js';
import type { ApplyOutcome, DeploymentApplies } from './deployment-applies.js';
import { runTracker } from './deployment-plans.js';
import type { Deployment, DeploymentStore } from './deployment-store.js';
import type { RunAdmission } from './run-admission.js';
import type { RunLine } from './run-line.js';

/** A run record's context rebuilt from its deployment, when the record's own does not open: its owner, and where its progress shows. */
function contextOf(deployment: Deployment): ApplyContext {
  const { progressMessage } = deployment.details;
  return { startedBy: deployment.userId, carriedOver: 0, ...(progressMessage ? { progressMessage } : {}) };
}

/** An apply found recorded at startup, with its deployment. */
export interface RecordedApply {
  record: RunRecord;
  deployment: Deployment;
  context: ApplyContext;
}

/**
 * Applies across a restart of the bot: at shutdown each is let go of (Terraform runs on) or interrupted;
 * at startup those the last process left are found again and followed to their end.
 */
export class RestartHandover {
  constructor(
    private readonly deps: {
      runner: TerraformRunner; deployments: DeploymentStore; recovery: RecoveryStore; log: Logger;
      admission: RunAdmission; applies: DeploymentApplies; line: RunLine; active: ActiveApplies;
    },
  ) {}

  /**
   * At startup: the applies an earlier process started and did not see end. Each is still running (to
   * re-attach to), finished while no bot was running, or was killed with Terraform; follow() tells
   * which. ACTIVE deployments without such a run were cut off before Terraform started: INTERRUPTED.
   */
  recordedApplies(): { recorded: RecordedApply[]; interrupted: Deployment[] } {
    const recorded: RecordedApply[] = [];
    const unopened: string[] = [];
    for (const record of this.deps.runner.recordedRuns()) {
      const deployment = this.deps.deployments.get(record.workspaceId);
      if (record.step === 'apply' && !deployment && this.deps.deployments.has(record.workspaceId)) {
        // Sealed under another secret: its Terraform finishes (stopping it would strand half an apply), and a start that opens it settles it.
        this.deps.log.warn({ runId: record.id }, 'keeping a run record whose deployment does not open; restart with RECOVERY_SECRET_PREVIOUS to follow it');
        unopened.push(record.workspaceId);
        continue;
      }
      if (record.step !== 'apply' || !deployment) {
        this.deps.log.warn({ runId: record.id }, 'dropping a run record with no deployment to settle');
        this.deps.runner.forget(record);
        continue;
      }
      const context = applyContextSchema.safeParse(record.context);
      if (!context.success) this.deps.log.warn({ runId: record.id, deploymentId: deployment.id }, 'following the run with what its deployment records: its own context does not open');
      recorded.push({ record, deployment, context: context.success ? context.data : contextOf(deployment) });
    }
    const keep = recorded.map((r) => r.deployment);
    const interrupted = this.deps.deployments.markActiveInterrupted([...keep.map((d) => d.id), ...unopened]);
    this.deps.recovery.markActiveDeploymentsInterrupted(keep.map((d) => d.sessionId));
    return { recorded, interrupted };
  }

  /**
   * Follows a recorded apply to its end from its log (read from the beginning, so the progress is rebuilt),
   * with Cancel working again; the deployment record ends as Terraform really ended.
   */
  follow(recorded: RecordedApply, onProgress: (tracker: ProgressTracker) => void): Promise<ApplyOutcome> {
    const { record, deployment, context } = recorded;
    const tracker = runTracker(this.deps.log, deployment);
    tracker.carryOver(context.carriedOver);
    if (context.plan) tracker.knowPlan(context.plan);
    const releaseProject = this.deps.admission.holdForApply(deployment.projectKey, context.startedBy, deployment.details.operation);
    // Already running: it takes its slot at once, and new runs queue behind it.
    const releaseSlot = this.deps.line.occupy();
    const work = (async () => {
      const run = this.deps.runner.attach(record);
      return this.deps.applies.followRun(deployment, run, tracker, context, onProgress);
    })();
    return work.finally(() => {
      releaseSlot();
      releaseProject();
    });
  }

  /**
   * For shutdown: stops following every apply. Terraform is not interrupted: it runs on, detached, and
   * the next bot process re-attaches to it. Resolves once every follower has let go.
   */
  async detachAll(): Promise<void> {
    if (this.deps.active.size > 0) this.deps.log.info({ runs: this.deps.active.size }, 'leaving running deployments to Terraform; the next start re-attaches');
    await this.deps.runner.detachAll();
  }

  /**
   * For a shutdown that Terraform would not survive (the bot is its container's init: when it exits, the
   * kernel kills every process left, Terraform mid-resource with it): every apply is interrupted as a
   * Cancel does, so Terraform saves its state (what was in flight stays in it, tainted) and each run
   * ends INTERRUPTED, to be resumed. Resolves once every run has ended, or after `timeoutMs`.
   */
  async interruptAll(timeoutMs: number): Promise<void> {
    if (this.deps.active.size === 0) return;
    this.deps.log.warn({ runs: this.deps.active.size }, 'interrupting running deployments: the process that ends now takes Terraform with it');
    const ended = this.deps.active.interruptAll();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
}
