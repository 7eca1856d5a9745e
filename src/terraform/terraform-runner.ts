import { execa } from 'execa';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudCredentials } from '../cloud/credentials.js';
import type { Logger } from '../log.js';
import { prepareCredentials, recordCredentialsOwner, type ChildCredentials } from './child-credentials.js';
import { signalGroup, spawnDetached } from './detached-process.js';
import { DetachedRun } from './detached-run.js';
import { LineQueue } from './line-queue.js';
import { RunStore, type RunRecord } from './run-store.js';
import { Stopper } from './stopper.js';
import { stateEncryptionConfig, supportsStateEncryption, type StateEncryptionKeys } from './state-encryption.js';
import { detectCapabilities, missingBinary, type TerraformCapabilities } from './version.js';
import { PLAN_FILE, Workspaces } from './workspaces.js';

export type TerraformStep = 'init' | 'plan' | 'plan-destroy' | 'apply' | 'output' | 'state-list' | 'show';

export interface TerraformRunnerOptions {
  /** TERRAFORM_BIN: `terraform`, `tofu`, or a path. */
  bin: string;
  workspaceDir: string;
  /** The allowlisted part of the bot's environment (see Config.terraform.childEnv). */
  childEnv: Record<string, string>;
  log: Logger;
  /** Where detached runs (applies) are recorded, to be found again after a restart. */
  runs: RunStore;
  /** Where per-run credential directories go; the OS temp dir by default. */
  tempRoot?: string;
  /** After a first cancel, how long Terraform gets to stop gracefully before a second interrupt. */
  interruptGraceMs?: number;
  /** After the second interrupt, how long before SIGKILL (Terraform itself gives up waiting after 5 s). */
  killGraceMs?: number;
  /** How often a detached run's log and exit status are looked at (fs.watch wakes it sooner). */
  pollMs?: number;
  /** With OpenTofu 1.7+, state and plans are encrypted under these (TF_ENCRYPTION); Terraform cannot. */
  stateEncryption?: StateEncryptionKeys;
}

export interface RunRequest {
  workspaceId: string;
  step: TerraformStep;
  credentials?: CloudCredentials;
  /** Extra non-secret variables for this run, e.g. ARM_SUBSCRIPTION_ID. */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** For `apply`: the caller's description of the run (who, where its progress shows), kept sealed in its run record. */
  context?: unknown;
}

export interface RunResult {
  step: TerraformStep;
  exitCode: number | undefined;
  ok: boolean;
  cancelled: boolean;
  timedOut: boolean;
  /** Terraform was killed (by a signal, or together with its wrapper) and could not save what was in flight. */
  killed: boolean;
  /** This process stopped following the run (shutdown): Terraform runs on, and the next process re-attaches. */
  detached: boolean;
}

/** One running terraform command. */
export interface TerraformRun {
  readonly pid: number | undefined;
  /** stdout and stderr, merged in order, line by line. */
  readonly lines: AsyncIterable<string>;
  readonly result: Promise<RunResult>;
  /** First call: SIGINT (Terraform stops gracefully and saves state). Second call: stop now. */
  cancel(): void;
  /** Detached runs only: the run record, to be found again after a restart. */
  readonly record?: RunRecord;
  /** Detached runs only: drops the run record and its files, once the outcome is recorded elsewhere. */
  forget?(): void;
}

/** Beside the workspace's files: each detached run's log and exit status. */
const RUNS_DIR = '.chatops-runs';
/**
 * Under WORKSPACE_DIR (its leading dot keeps it apart from workspace IDs): one copy of each provider
 * plugin, linked into every workspace, instead of hundreds of MB downloaded into each.
 */
export const PLUGIN_CACHE_DIR = '.plugin-cache';

const DEFAULT_TIMEOUTS: Record<TerraformStep, number> = {
  init: 10 * 60_000, plan: 20 * 60_000, 'plan-destroy': 20 * 60_000, apply: 2 * 60 * 60_000, output: 60_000, 'state-list': 60_000, show: 60_000,
};

/** Runs terraform (or OpenTofu) as a child process: no shell, an argument list, an allowlisted environment. */
export class TerraformRunner {
  readonly workspaces: Workspaces;
  readonly #pluginCache: string;
  readonly #detached = new Set<DetachedRun>();
  #capabilities: Promise<TerraformCapabilities> | undefined;

  constructor(private readonly options: TerraformRunnerOptions) {
    this.workspaces = new Workspaces(options.workspaceDir);
    this.#pluginCache = join(this.workspaces.root, PLUGIN_CACHE_DIR);
    mkdirSync(this.#pluginCache, { recursive: true, mode: 0o700 });
  }

  /** Version and `-json` support, asked once. */
  capabilities(): Promise<TerraformCapabilities> {
    this.#capabilities ??= detectCapabilities(this.options.bin, this.options.childEnv).catch((error: unknown) => {
      this.#capabilities = undefined; // let a later call retry, e.g. after the binary is installed
      throw error;
    });
    return this.#capabilities;
  }

  /** Starts a step; throws TerraformError if the binary is missing or the workspace is busy. */
  async start(request: RunRequest): Promise<TerraformRun> {
    const capabilities = await this.capabilities();
    const release = this.workspaces.acquire(request.workspaceId, request.step);
    let credentials;
    try {
      credentials = await prepareCredentials(request.credentials, this.options.tempRoot ?? tmpdir());
    } catch (error) {
      release();
      throw error;
    }
    // An operator's own TF_PLUGIN_CACHE_DIR (passed through with the other TF_* variables) wins.
    const env = {
      TF_PLUGIN_CACHE_DIR: this.#pluginCache, ...this.#encryptionEnv(capabilities), ...this.options.childEnv,
      TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...request.env, ...credentials.env,
    };
    try {
      const args = argumentsFor(request, capabilities);
      return request.step === 'apply' ? this.#startDetached(request, args, env, credentials, release) : this.#startPiped(request, args, env, credentials, release);
    } catch (error) {
      await credentials.cleanup();
      release();
      throw error;
    }
  }

  /** TF_ENCRYPTION where the binary can encrypt state (an operator's own TF_ENCRYPTION, passed through, wins). */
  #encryptionEnv(capabilities: TerraformCapabilities): Record<string, string> {
    const keys = this.options.stateEncryption;
    return keys && supportsStateEncryption(capabilities) ? { TF_ENCRYPTION: stateEncryptionConfig(keys) } : {};
  }

  /** Runs recorded as started and not yet settled: the ones a restarted bot re-attaches to or settles. */
  recordedRuns(): RunRecord[] {
    return this.options.runs.list();
  }

  /**
   * Follows a run recorded by an earlier process: its log from the beginning, its result from the exit
   * status its wrapper writes (at once if Terraform finished while no bot was running). Takes the workspace.
   */
  attach(record: RunRecord): DetachedRun {
    const release = this.workspaces.adopt(record.workspaceId, record.step, record.process);
    return this.#follow(record, release);
  }

  /** Drops a record without following its run (it belongs to nothing the caller can settle). */
  forget(record: RunRecord): void {
    this.options.runs.remove(record.id);
  }

  /** Replaces a run's context in its record (e.g. its progress continues in a new message). */
  updateContext(runId: string, context: unknown): void {
    this.options.runs.updateContext(runId, context);
  }

  /** For shutdown: stops following every detached run; Terraform runs on, and the next process re-attaches. */
  async detachAll(): Promise<void> {
    await Promise.all([...this.#detached].map((run) => run.detach()));
  }

  /**
   * Starts an apply detached from this process (see spawnDetached), recorded before Terraform starts:
   * the wrapper waits for the go-ahead that follows the record.
   */
  #startDetached(request: RunRequest, args: string[], env: Record<string, string>, credentials: ChildCredentials, release: () => void): DetachedRun {
    const runsDir = join(this.workspaces.dir(request.workspaceId), RUNS_DIR);
    mkdirSync(runsDir, { recursive: true, mode: 0o700 });
    const id = RunStore.newId();
    const logPath = join(runsDir, `${id}.log`);
    const statusPath = join(runsDir, `${id}.status`);
    const started = spawnDetached({
      bin: this.options.bin, args, cwd: this.workspaces.dir(request.workspaceId), env, logPath, statusPath, credentialsDir: credentials.dir ?? '',
    });
    const now = Date.now();
    const record: RunRecord = {
      id, workspaceId: request.workspaceId, step: request.step, process: started.ref, logPath, statusPath,
      context: request.context ?? null, startedAt: now, deadlineAt: now + (request.timeoutMs ?? DEFAULT_TIMEOUTS[request.step]),
    };
    try {
      if (credentials.dir) recordCredentialsOwner(credentials.dir, started.ref);
      this.options.runs.add(record);
    } catch (error) {
      started.child.stdin?.destroy(); // EOF: the wrapper exits without starting Terraform
      throw error;
    }
    this.workspaces.recordChild(request.workspaceId, started.ref.pid);
    started.go();
    this.options.log.info({ runId: id, step: request.step, workspace: request.workspaceId, pid: started.ref.pid }, 'terraform started (detached)');
    return this.#follow(record, release, started.child);
  }

  #follow(record: RunRecord, release: () => void, child?: ChildProcess): DetachedRun {
    const run = new DetachedRun(record, {
      runs: this.options.runs, log: this.options.log, release, ...(child ? { child } : {}),
      pollMs: this.options.pollMs ?? 150, interruptGraceMs: this.options.interruptGraceMs ?? 60_000, killGraceMs: this.options.killGraceMs ?? 10_000,
    });
    this.#detached.add(run);
    const forget = () => this.#detached.delete(run);
    run.result.then(forget, forget);
    return run;
  }

  /** Short steps with nothing to lose if the bot dies: output through pipes, stdout alone for those that are read. */
  #startPiped(request: RunRequest, args: string[], env: Record<string, string>, credentials: ChildCredentials, release: () => void): TerraformRun {
    const log = this.options.log.child({ step: request.step, workspace: request.workspaceId });
    const child = execa(this.options.bin, args, {
      cwd: this.workspaces.dir(request.workspaceId),
      env,
      extendEnv: false,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      detached: true, // its own process group, so a final SIGKILL also reaches provider plugins
      encoding: 'utf8',
    });
    if (child.pid === undefined) {
      // Found when the bot started, gone now: say so, and ask again next time.
      this.#capabilities = undefined;
      child.then(() => undefined, () => undefined);
      throw missingBinary(this.options.bin);
    }
    this.workspaces.recordChild(request.workspaceId, child.pid);
    const lines = new LineQueue();
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => lines.push(chunk));
    // What is read as data (outputs, the state list) must not have Terraform's warnings mixed into it.
    if (request.step !== 'output' && request.step !== 'state-list') child.stderr?.setEncoding('utf8').on('data', (chunk: string) => lines.push(chunk));

    const send = (signal: NodeJS.Signals) => (signal === 'SIGKILL' && child.pid !== undefined ? void signalGroup({ pid: child.pid }, signal) : void child.kill(signal));
    const stopper = new Stopper(send, log, this.options.interruptGraceMs ?? 60_000, this.options.killGraceMs ?? 10_000);
    const timeout = setTimeout(() => stopper.timeOut(), request.timeoutMs ?? DEFAULT_TIMEOUTS[request.step]);
    log.info('terraform started');

    const result = child.then(async (outcome): Promise<RunResult> => {
      clearTimeout(timeout);
      stopper.dispose();
      lines.close();
      await credentials.cleanup();
      this.workspaces.protect(request.workspaceId);
      release();
      const exitCode = outcome.exitCode;
      log.info({ exitCode, signal: outcome.signal, cancelled: stopper.cancelled, timedOut: stopper.timedOut }, 'terraform finished');
      return {
        step: request.step, exitCode, ok: exitCode === 0 && !stopper.cancelled, cancelled: stopper.cancelled, timedOut: stopper.timedOut,
        killed: outcome.signal === 'SIGKILL', detached: false,
      };
    });
    return { pid: child.pid, lines, result, cancel: () => stopper.cancel() };
  }
}

function argumentsFor(request: RunRequest, capabilities: TerraformCapabilities): string[] {
  const common = ['-input=false', '-no-color'];
  const json = capabilities.json ? ['-json'] : [];
  switch (request.step) {
    case 'init':
      return ['init', ...common];
    case 'plan':
      return ['plan', ...common, ...json, `-out=${PLAN_FILE}`];
    case 'plan-destroy':
      return ['plan', '-destroy', ...common, ...json, `-out=${PLAN_FILE}`];
    case 'apply':
      // A saved plan needs no approval flag and lets `apply -json` stream.
      return ['apply', ...common, ...json, PLAN_FILE];
    case 'output':
      return ['output', '-json', '-no-color'];
    case 'state-list':
      return ['state', 'list'];
    case 'show':
      // The saved plan as a person reads it; Terraform prints sensitive values as "(sensitive value)".
      return ['show', '-no-color', PLAN_FILE];
  }
}
