import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { RecoveryStore } from '../recovery/recovery-store.js';
import { everyChangeMade, ProgressTracker, type PlannedChange, type ProgressState } from '../terraform/progress/index.js';
import { UserFacingError } from '../errors.js';
import { TerraformError } from '../terraform/terraform-error.js';
import type { RunRecord } from '../terraform/run-store.js';
import { LeftQueueError, RunSlots } from '../terraform/run-slots.js';
import type { TerraformRun, TerraformRunner } from '../terraform/terraform-runner.js';
import { z } from 'zod';
import type { Session } from '../vault/session.js';
import type { Deployment, DeploymentDetails, DeploymentStore } from './deployment-store.js';
import { followStep, readOutputs, readPlanText, readStateResources, runStep } from './terraform-step.js';
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

export interface ApplyOutcome {
  deployment: Deployment;
  state: ProgressState;
  /** Set when the apply did not complete. */
  error?: TerraformError;
  /** This process stopped following it to shut down; Terraform runs on and the next process re-attaches. */
  detached?: boolean;
}

/** What a run record says about an apply beyond the runner's part (sealed in the record). */
const applyContextSchema = z.object({
  startedBy: z.string(),
  carriedOver: z.number().int().nonnegative(),
  /** The plan's counts: a run followed from its log after a restart knows its total before Terraform's last line. */
  plan: z.object({ add: z.number().int(), change: z.number().int(), destroy: z.number().int() }).optional(),
  progressMessage: z.object({ channelId: z.string(), messageId: z.string() }).optional(),
});
type ApplyContext = z.infer<typeof applyContextSchema>;

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

type Phase = 'queued' | 'init' | 'plan';
/** Told as each planning phase starts, with the deployment being planned; `queued` comes with the place in line, each time it moves. */
export type PhaseListener = (phase: Phase, deployment: Deployment, position?: number) => void;
/** Told an apply's place in the line for a Terraform slot (MAX_CONCURRENT_RUNS), each time it moves. */
export type QueueListener = (position: number) => void;

/**
 * Deployments as a sequence of Terraform steps, with their records kept in step: the deployment row,
 * and the session's recovery blob status (ACTIVE while applying, so a crash shows up as INTERRUPTED).
 * No Discord here: progress goes to a callback, and the edge decides what to show and how often.
 */
export class DeploymentService {
  /** Set by interruptAll: the runs that end cancelled now were stopped with the bot, not by their owner. */
  #interruptedForShutdown = false;
  readonly #active = new Map<string, { run: TerraformRun; startedBy: string; context: ApplyContext; tracker: ProgressTracker; ended: Promise<unknown> }>();
  /** Applies waiting in line for a Terraform slot: Cancel takes them out of it. */
  readonly #queued = new Map<string, { startedBy: string; leave: AbortController }>();
  readonly #slots: RunSlots;
  /** Projects with a plan or an apply under way, and who started it: one run per project at a time. */
  readonly #busyProjects = new Map<string, { userId: string; what: string }>();
  readonly #latestPlans = new Map<string, number>();
  #plans = 0;

  constructor(
    private readonly deps: {
      runner: TerraformRunner; deployments: DeploymentStore; recovery: RecoveryStore; clock: Clock; log: Logger;
      /** ALLOW_HOST_CREDENTIALS: a session without credentials may run on the host's own identity. */
      allowHostCredentials?: boolean;
      /** TEMPLATES_DIR, checked at startup (see template-check.ts). */
      templatesDir: string;
      /** MAX_CONCURRENT_RUNS across every project; unlimited when not given. */
      slots?: RunSlots;
    },
  ) {
    this.#slots = deps.slots ?? new RunSlots(Number.MAX_SAFE_INTEGER);
  }

  /** Throws unless the session brings its own credentials (or the operator allowed the host's identity). */
  assertCredentials(session: Session): void {
    if (session.credentials || this.deps.allowHostCredentials) return;
    throw new UserFacingError(
      `Your session for \`${session.projectId}\` has no cloud credentials, and this bot never deploys with its host's own identity. ` +
        'Attach the project\'s credentials with `/cloud-upload-credentials`, then try again.',
    );
  }

  /** Throws, naming who and what, while a plan or an apply runs on this session's project. */
  assertProjectFree(session: Session): void {
    const holder = this.#busyProjects.get(this.deps.deployments.projectKey(session));
    if (holder) {
      throw new TerraformError('busy', `<@${holder.userId}> is already ${holder.what} on project \`${session.projectId}\`; wait for it to finish (or cancel it) and try again.`);
    }
  }

  /** Writes the configuration, runs init and plan, and records the deployment as PLANNED. */
  plan(request: DeployRequest, onPhase: PhaseListener = () => undefined): Promise<PlannedRun> {
    return this.#whileBusy(request.session, 'planning', () => this.#plan(request, onPhase));
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
      : this.#save(session, id, 'PLANNED', {
        provider: session.provider, projectId: session.projectId, projectName: session.projectName, region: session.region,
        kind: request.kind, name: request.name, resources: previous?.details.resources ?? [], outputs: previous?.details.outputs ?? {}, ...spec,
      });
    return this.#planWorkspace(deployment, session, 'apply', onPhase);
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
    return this.#whileBusy(session, 'resuming', async () => {
      const planned = await this.#planWorkspace(deployment, session, deployment.details.operation ?? 'apply', onPhase);
      const remaining = planned.tracker.state().total;
      const carriedOver = Math.max(0, (deployment.details.plannedOperations ?? remaining) - remaining);
      planned.tracker.carryOver(carriedOver);
      return { ...planned, carriedOver };
    });
  }

  /** Plans the removal of everything a deployment created. */
  planDestroy(deployment: Deployment, session: Session, onPhase: PhaseListener = () => undefined): Promise<PlannedRun> {
    return this.#whileBusy(session, 'planning a teardown', () => this.#planWorkspace(deployment, session, 'destroy', onPhase));
  }

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
    this.assertCredentials(session);
    this.assertProjectFree(session);
    if (this.#latestPlans.get(planned.deployment.id) !== planned.planId) {
      throw new UserFacingError('A newer plan was made for this same resource since this one, so this one can no longer be applied; approve the newer plan instead.');
    }
    this.#latestPlans.delete(planned.deployment.id);
    const key = this.deps.deployments.projectKey(session);
    this.#busyProjects.set(key, { userId: startedBy, what: `running ${planned.operation === 'destroy' ? 'a teardown' : 'a deployment'}` });
    let taken = false;
    const release = () => this.#busyProjects.delete(key);
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
    const leave = new AbortController();
    this.#queued.set(planned.deployment.id, { startedBy, leave });
    let releaseSlot: () => void;
    try {
      releaseSlot = await this.#slots.acquire({ onQueued, signal: leave.signal });
    } catch (error) {
      if (!(error instanceof LeftQueueError)) throw error;
      this.discardPlan(planned.deployment.id);
      const deployment = this.deps.deployments.get(planned.deployment.id) ?? planned.deployment;
      return { deployment, state: planned.tracker.state(), error: new TerraformError('cancelled', 'Cancelled while waiting in line: Terraform never started, and nothing was changed.') };
    } finally {
      this.#queued.delete(planned.deployment.id);
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
    const current = this.deps.deployments.get(planned.deployment.id) ?? planned.deployment;
    // What an earlier, unfinished run left is priced again when this one ends.
    const deployment = this.#save(session, current.id, 'ACTIVE', { ...applying(current.details, operation), operation, plannedOperations: tracker.state().total, billedMonthlyUsd: undefined });
    this.deps.recovery.setDeploymentStatus(session.id, 'ACTIVE');
    const plan = tracker.state().planSummary;
    const context: ApplyContext = {
      startedBy, carriedOver: planned.carriedOver,
      ...(plan ? { plan: { add: plan.add, change: plan.change, destroy: plan.destroy } } : {}),
      ...(deployment.details.progressMessage ? { progressMessage: deployment.details.progressMessage } : {}),
    };
    let run: TerraformRun;
    try {
      run = await this.deps.runner.start({ ...this.#stepOptions(deployment, session), step: 'apply', context });
    } catch (error) {
      if (!(error instanceof TerraformError)) throw error;
      return this.#settle(deployment, tracker, error, session);
    }
    return this.#follow(deployment, run, tracker, context, onProgress, session);
  }

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
    const tracker = this.#tracker(deployment);
    tracker.carryOver(context.carriedOver);
    if (context.plan) tracker.knowPlan(context.plan);
    const key = deployment.projectKey;
    this.#busyProjects.set(key, { userId: context.startedBy, what: `running ${deployment.details.operation === 'destroy' ? 'a teardown' : 'a deployment'}` });
    // Already running: it takes its slot at once, and new runs queue behind it.
    const releaseSlot = this.#slots.occupy();
    const work = (async () => {
      const run = this.deps.runner.attach(record);
      return this.#follow(deployment, run, tracker, context, onProgress);
    })();
    return work.finally(() => {
      releaseSlot();
      this.#busyProjects.delete(key);
    });
  }

  /** The progress of a run moved to a new message (Discord stops edits of old ones): remember where. */
  moveProgress(deploymentId: string, progressMessage: { channelId: string; messageId: string }): void {
    this.recordDetails(deploymentId, { progressMessage });
    const active = this.#active.get(deploymentId);
    if (active?.run.record) this.deps.runner.updateContext(active.run.record.id, { ...active.context, progressMessage });
  }

  /** Without a session (a run re-attached after a restart), Terraform's outputs and state are read without credentials: local state needs none. */
  async #follow(
    deployment: Deployment, run: TerraformRun, tracker: ProgressTracker, context: ApplyContext, onProgress: (tracker: ProgressTracker) => void, session?: Session,
  ): Promise<ApplyOutcome> {
    const destroying = deployment.details.operation === 'destroy';
    const log = this.deps.log.child({ deploymentId: deployment.id, operation: deployment.details.operation });
    let ended = () => {};
    this.#active.set(deployment.id, { run, startedBy: context.startedBy, context, tracker, ended: new Promise<void>((resolve) => (ended = resolve)) });
    try {
      const state = await followStep(run, 'apply', { tracker, onProgress }).catch((error: unknown) => {
        // A Cancel that came after every change was made stopped nothing: the run completed.
        if (error instanceof TerraformError && error.failure === 'cancelled' && everyChangeMade(tracker.state())) return tracker.state();
        throw error;
      });
      const outputs = destroying ? {} : await this.#outputs(deployment, session);
      const resources = await this.#resourcesAfter(deployment, tracker, session);
      const done = this.#saveAs(deployment, destroying ? 'DESTROYED' : 'COMPLETED', { ...this.#latest(deployment).details, resources, outputs, lastError: undefined });
      this.deps.recovery.setDeploymentStatus(deployment.sessionId, 'COMPLETED');
      run.forget?.();
      log.info({ completed: state.completed, total: state.total }, 'deployment finished');
      return { deployment: done, state };
    } catch (error) {
      if (!(error instanceof TerraformError)) throw error;
      // The bot is stopping and Terraform is not: the record stays ACTIVE for the next process.
      if (error.failure === 'detached') return { deployment, state: tracker.state(), error, detached: true };
      const outcome = await this.#settle(deployment, tracker, this.#interruptedForShutdown && error.failure === 'cancelled' ? stoppedWithBot(error) : error, session);
      run.forget?.();
      return outcome;
    } finally {
      this.#active.delete(deployment.id);
      ended();
    }
  }

  /** Records how an apply that did not complete ended; a cancelled or killed one can be resumed. */
  async #settle(deployment: Deployment, tracker: ProgressTracker, error: TerraformError, session?: Session): Promise<ApplyOutcome> {
    const status = error.failure === 'cancelled' || error.failure === 'killed' ? 'INTERRUPTED' : 'FAILED';
    const resources = await this.#resourcesAfter(deployment, tracker, session);
    const failed = this.#saveAs(deployment, status, { ...this.#latest(deployment).details, resources, lastError: error.message.slice(0, 1000) });
    this.deps.recovery.setDeploymentStatus(deployment.sessionId, status);
    this.deps.log.warn({ deploymentId: deployment.id, failure: error.failure }, 'deployment did not complete');
    return { deployment: failed, state: tracker.state(), error };
  }

  /**
   * The whole saved plan as text, for review beside the summary; undefined when Terraform cannot show
   * it, or when a newer plan has replaced this one's file.
   */
  showPlan(planned: PlannedRun, session: Session): Promise<string | undefined> {
    return this.#whileBusy(session, 'reading a plan', async () => {
      if (this.#latestPlans.get(planned.deployment.id) !== planned.planId) return undefined;
      return readPlanText(this.deps.runner, this.#stepOptions(planned.deployment, session));
    }).catch(() => undefined);
  }

  /**
   * Adds what the edge learns beside Terraform: the price the user was shown (the pending plan's, while
   * something else is deployed), where a run's progress shows.
   */
  recordDetails(deploymentId: string, facts: Pick<Partial<DeploymentDetails>, 'monthlyCostUsd' | 'billedMonthlyUsd' | 'progressMessage' | 'planReply'>): void {
    const deployment = this.deps.deployments.get(deploymentId);
    if (!deployment) return;
    const { pending } = deployment.details;
    const { monthlyCostUsd, ...rest } = facts;
    const details = pending && monthlyCostUsd !== undefined
      ? { ...deployment.details, ...rest, pending: { ...pending, monthlyCostUsd } }
      : { ...deployment.details, ...facts };
    this.deps.deployments.save({ ...deployment, details });
  }

  /**
   * A plan its owner called off: a deployment never applied is CANCELLED, not awaiting approval any
   * more; one with something deployed stays as it was, its pending plan dropped.
   */
  discardPlan(deploymentId: string): void {
    const deployment = this.deps.deployments.get(deploymentId);
    if (!deployment) return;
    const { pending: _dropped, ...details } = deployment.details;
    if (deployment.status === 'PLANNED') this.deps.deployments.save({ ...deployment, status: 'CANCELLED', details });
    else if (_dropped) this.deps.deployments.save({ ...deployment, details });
  }

  /** Cancels a running apply, or takes a waiting one out of line; only the person who started it may. */
  cancel(deploymentId: string, userId: string): 'cancelling' | 'left-queue' | 'not-running' | 'not-yours' | 'nothing-left' {
    const queued = this.#queued.get(deploymentId);
    if (queued) {
      if (queued.startedBy !== userId) return 'not-yours';
      queued.leave.abort();
      return 'left-queue';
    }
    const active = this.#active.get(deploymentId);
    if (!active) return 'not-running';
    if (active.startedBy !== userId) return 'not-yours';
    // Terraform is only saving state and outputs: an interrupt would stop nothing, and could only cut that short.
    if (everyChangeMade(active.tracker.state())) return 'nothing-left';
    active.run.cancel();
    return 'cancelling';
  }

  /**
   * For shutdown: stops following every apply. Terraform is not interrupted: it runs on, detached, and
   * the next bot process re-attaches to it. Resolves once every follower has let go.
   */
  async detachAll(): Promise<void> {
    if (this.#active.size > 0) this.deps.log.info({ runs: this.#active.size }, 'leaving running deployments to Terraform; the next start re-attaches');
    await this.deps.runner.detachAll();
  }

  /**
   * For a shutdown that Terraform would not survive (the bot is its container's init: when it exits, the
   * kernel kills every process left, Terraform mid-resource with it): every apply is interrupted as a
   * Cancel does, so Terraform saves its state (what was in flight stays in it, tainted) and each run
   * ends INTERRUPTED, to be resumed. Resolves once every run has ended, or after `timeoutMs`.
   */
  async interruptAll(timeoutMs: number): Promise<void> {
    if (this.#active.size === 0) return;
    this.#interruptedForShutdown = true;
    this.deps.log.warn({ runs: this.#active.size }, 'interrupting running deployments: the process that ends now takes Terraform with it');
    const ended = [...this.#active.values()].map((active) => {
      active.run.cancel();
      return active.ended;
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(ended), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  async #whileBusy<T>(session: Session, what: string, work: () => Promise<T>, userId = session.userId): Promise<T> {
    this.assertCredentials(session);
    this.assertProjectFree(session);
    const key = this.deps.deployments.projectKey(session);
    this.#busyProjects.set(key, { userId, what: what.startsWith('a ') ? `running ${what}` : what });
    try {
      return await work();
    } finally {
      this.#busyProjects.delete(key);
    }
  }

  async #planWorkspace(deployment: Deployment, session: Session, operation: 'apply' | 'destroy', onPhase: PhaseListener): Promise<PlannedRun> {
    const releaseSlot = await this.#slots.acquire({ onQueued: (position) => onPhase('queued', deployment, position) });
    try {
      return await this.#planWorkspaceNow(deployment, session, operation, onPhase);
    } finally {
      releaseSlot();
    }
  }

  async #planWorkspaceNow(deployment: Deployment, session: Session, operation: 'apply' | 'destroy', onPhase: PhaseListener): Promise<PlannedRun> {
    const options = this.#stepOptions(deployment, session);
    onPhase('init', deployment);
    await runStep(this.deps.runner, 'init', options);
    onPhase('plan', deployment);
    const step = operation === 'destroy' ? 'plan-destroy' : 'plan';
    // No stale-lock handling: with local state, a crashed run's lock dies with its process (at most an
    // inert .terraform.tfstate.lock.info stays). See runStep for remote backends' locks.
    const tracker = this.#tracker(deployment);
    await runStep(this.deps.runner, step, { ...options, tracker });
    const planId = ++this.#plans;
    this.#latestPlans.set(deployment.id, planId);
    return { deployment, operation, changes: tracker.state().plannedChanges, tracker, planId, carriedOver: 0 };
  }

  /** A run's progress model, in resources (a replacement counts once); what it does not count (a provisioner's imitation of Terraform, say) is logged. */
  #tracker(deployment: Deployment): ProgressTracker {
    const log = this.deps.log.child({ deploymentId: deployment.id });
    return new ProgressTracker({ countReplacementOnce: true, onIgnored: (operation) => log.warn({ operation }, 'terraform output reported an operation that is not counted (not in the plan, or counted already)') });
  }

  /** What exists after a run: Terraform's state says, and covers what a crashed run did; else the run's own report. */
  async #resourcesAfter(deployment: Deployment, tracker: ProgressTracker, session?: Session): Promise<string[]> {
    const listed = await readStateResources(this.deps.runner, this.#readOptions(deployment, session)).catch(() => undefined);
    return listed ?? resourcesAfter(deployment.details.resources, tracker);
  }

  async #outputs(deployment: Deployment, session?: Session): Promise<Record<string, string>> {
    return readOutputs(this.deps.runner, this.#readOptions(deployment, session)).catch(() => ({}));
  }

  #readOptions(deployment: Deployment, session: Session | undefined) {
    return session ? this.#stepOptions(deployment, session) : { workspaceId: deployment.id };
  }

  /** The deployment as stored now: the edge may have added facts (the price, a moved progress message) since. */
  #latest(deployment: Deployment): Deployment {
    return this.deps.deployments.get(deployment.id) ?? deployment;
  }

  #saveAs(deployment: Deployment, status: Deployment['status'], details: DeploymentDetails): Deployment {
    return this.deps.deployments.save({ ...deployment, status, details });
  }

  #stepOptions(deployment: Deployment, session: Session) {
    return {
      workspaceId: deployment.id,
      ...(session.credentials ? { credentials: session.credentials } : {}),
      // azurerm 4.x requires the subscription; it is an ID, not a secret.
      ...(session.provider === 'azure' ? { env: { ARM_SUBSCRIPTION_ID: session.projectId } } : {}),
    };
  }

  #save(session: Session, id: string, status: Deployment['status'], details: DeploymentDetails): Deployment {
    return this.deps.deployments.save({
      id, guildId: session.guildId, projectKey: this.deps.deployments.projectKey(session),
      sessionId: session.id, userId: session.userId, status, details,
    });
  }
}

/** Checked by reserveApply, held until the apply ends: `start` runs it, `release` gives the project back unused. */
export interface ApplyReservation {
  /** `onQueued` hears the run's place in line while it waits for a Terraform slot. */
  start(onProgress: (tracker: ProgressTracker) => void, onQueued?: QueueListener): Promise<ApplyOutcome>;
  release(): void;
}

/** Whether a deployment has anything in the cloud (or did complete): a new plan must not make it look like a fresh one. */
export function hasDeployed(deployment: Deployment): boolean {
  return deployment.details.resources.length > 0 || deployment.status === 'COMPLETED';
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
