import { execa, type ResultPromise } from 'execa';
import { tmpdir } from 'node:os';
import type { CloudCredentials } from '../cloud/credentials.js';
import type { Logger } from '../log.js';
import { prepareCredentials } from './child-credentials.js';
import { LineQueue } from './line-queue.js';
import { detectCapabilities, type TerraformCapabilities } from './version.js';
import { PLAN_FILE, Workspaces } from './workspaces.js';

export type TerraformStep = 'init' | 'plan' | 'plan-destroy' | 'apply' | 'output' | 'state-list' | 'force-unlock';

export interface TerraformRunnerOptions {
  /** TERRAFORM_BIN: `terraform`, `tofu`, or a path. */
  bin: string;
  workspaceDir: string;
  /** The allowlisted part of the bot's environment (see Config.terraform.childEnv). */
  childEnv: Record<string, string>;
  log: Logger;
  /** Where per-run credential directories go; the OS temp dir by default. */
  tempRoot?: string;
  /** After a first cancel, how long Terraform gets to stop gracefully before a second interrupt. */
  interruptGraceMs?: number;
  /** After the second interrupt, how long before SIGKILL. */
  killGraceMs?: number;
}

export interface RunRequest {
  workspaceId: string;
  step: TerraformStep;
  credentials?: CloudCredentials;
  /** Extra non-secret variables for this run, e.g. ARM_SUBSCRIPTION_ID. */
  env?: Record<string, string>;
  /** For `force-unlock`. */
  lockId?: string;
  timeoutMs?: number;
}

export interface RunResult {
  step: TerraformStep;
  exitCode: number | undefined;
  ok: boolean;
  cancelled: boolean;
  timedOut: boolean;
}

/** One running terraform command. */
export interface TerraformRun {
  readonly pid: number | undefined;
  /** stdout and stderr, merged in order, line by line. */
  readonly lines: AsyncIterable<string>;
  readonly result: Promise<RunResult>;
  /** First call: SIGINT (Terraform stops gracefully and saves state). Second call: stop now. */
  cancel(): void;
}

const DEFAULT_TIMEOUTS: Record<TerraformStep, number> = {
  init: 10 * 60_000, plan: 20 * 60_000, 'plan-destroy': 20 * 60_000, apply: 2 * 60 * 60_000, output: 60_000, 'state-list': 60_000, 'force-unlock': 60_000,
};

/** Runs terraform (or OpenTofu) as a child process: no shell, an argument list, an allowlisted environment. */
export class TerraformRunner {
  readonly workspaces: Workspaces;
  #capabilities: Promise<TerraformCapabilities> | undefined;

  constructor(private readonly options: TerraformRunnerOptions) {
    this.workspaces = new Workspaces(options.workspaceDir);
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
    const log = this.options.log.child({ step: request.step, workspace: request.workspaceId });
    const child = execa(this.options.bin, argumentsFor(request, capabilities), {
      cwd: this.workspaces.dir(request.workspaceId),
      env: { ...this.options.childEnv, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...request.env, ...credentials.env },
      extendEnv: false,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      detached: true, // its own process group, so a final SIGKILL also reaches provider plugins
      encoding: 'utf8',
    });
    this.workspaces.recordChild(request.workspaceId, child.pid);
    const lines = new LineQueue();
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => lines.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => lines.push(chunk));

    const stopper = new Stopper(child, log, this.options.interruptGraceMs ?? 60_000, this.options.killGraceMs ?? 10_000);
    const timeout = setTimeout(() => stopper.timeOut(), request.timeoutMs ?? DEFAULT_TIMEOUTS[request.step]);
    log.info({ json: capabilities.json }, 'terraform started');

    const result = child.then(async (outcome): Promise<RunResult> => {
      clearTimeout(timeout);
      stopper.dispose();
      lines.close();
      await credentials.cleanup();
      release();
      const exitCode = outcome.exitCode;
      log.info({ exitCode, signal: outcome.signal, cancelled: stopper.cancelled, timedOut: stopper.timedOut }, 'terraform finished');
      return { step: request.step, exitCode, ok: exitCode === 0 && !stopper.cancelled, cancelled: stopper.cancelled, timedOut: stopper.timedOut };
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
    case 'force-unlock':
      if (!request.lockId || !/^[\w-]+$/.test(request.lockId)) throw new Error('force-unlock needs a lock ID');
      return ['force-unlock', '-force', request.lockId];
  }
}

/** Terraform's own escalation: one interrupt to stop gracefully, a second to stop now, then SIGKILL. */
class Stopper {
  cancelled = false;
  timedOut = false;
  #interrupts = 0;
  #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly child: ResultPromise,
    private readonly log: Logger,
    private readonly interruptGraceMs: number,
    private readonly killGraceMs: number,
  ) {}

  cancel(): void {
    this.cancelled = true;
    this.#interrupt();
  }

  timeOut(): void {
    this.timedOut = true;
    this.cancel();
  }

  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
  }

  #interrupt(): void {
    this.#interrupts++;
    if (this.#interrupts > 2) return;
    this.log.warn({ interrupt: this.#interrupts }, 'interrupting terraform');
    this.child.kill('SIGINT');
    if (this.#interrupts === 1) this.#timers.push(setTimeout(() => this.#interrupt(), this.interruptGraceMs).unref());
    else this.#timers.push(setTimeout(() => this.#killGroup(), this.killGraceMs).unref());
  }

  #killGroup(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    this.log.error('terraform ignored two interrupts; killing it');
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
