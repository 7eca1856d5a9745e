import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Logger } from '../log.js';
import { probe, signalGroup, type ExitStatus } from './detached-process.js';
import { LineQueue } from './line-queue.js';
import { LogTail } from './log-tail.js';
import type { RunRecord, RunStore } from './run-store.js';
import { Stopper } from './stopper.js';
import type { RunResult, TerraformRun, TerraformStep } from './terraform-runner.js';

export interface FollowOptions {
  runs: RunStore;
  log: Logger;
  /** Frees the workspace once Terraform has exited. */
  release(): void;
  /** The wrapper, when this process started it: its exit is seen at once instead of at the next poll. */
  child?: ChildProcess;
  pollMs: number;
  interruptGraceMs: number;
  killGraceMs: number;
}

/**
 * A detached Terraform run followed through its log and exit-status files, by the process that started
 * it or by a later one after a restart: the lines come from the log, from its first byte; the result
 * from the status file the wrapper writes. The bot may stop following (detach) while Terraform runs on.
 */
export class DetachedRun implements TerraformRun {
  readonly lines = new LineQueue();
  readonly result: Promise<RunResult>;
  readonly #stopper: Stopper;
  readonly #tail: LogTail;
  readonly #log: Logger;
  #poll: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #finish!: (ending: { status?: ExitStatus; detached?: boolean }) => void;
  #finished = false;

  constructor(readonly record: RunRecord, private readonly options: FollowOptions) {
    this.#log = options.log.child({ runId: record.id, step: record.step, workspace: record.workspaceId });
    this.#stopper = new Stopper((signal) => void signalGroup(record.process, signal), this.#log, options.interruptGraceMs, options.killGraceMs);
    this.#tail = new LogTail(record.logPath, (text) => this.lines.push(text), options.pollMs).start();
    this.result = new Promise<{ status?: ExitStatus; detached?: boolean }>((resolve) => (this.#finish = resolve)).then((ending) => this.#end(ending));

    options.child?.once('exit', () => this.#check());
    this.#poll = setInterval(() => this.#check(), options.pollMs).unref();
    this.#deadline = setTimeout(() => this.#stopper.timeOut(), Math.max(0, record.deadlineAt - Date.now())).unref();
    this.#check();
  }

  get pid(): number {
    return this.record.process.pid;
  }

  get id(): string {
    return this.record.id;
  }

  cancel(): void {
    if (!this.#finished) this.#stopper.cancel();
  }

  /** Stops following (the bot is shutting down); Terraform runs on, and its record stays for the next process. */
  async detach(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#finish({ detached: true });
    await this.result;
  }

  /** The run is over and its outcome recorded elsewhere: its record and files go. */
  forget(): void {
    this.options.runs.remove(this.record.id);
    for (const path of [this.record.logPath, this.record.statusPath]) rmSync(path, { force: true });
  }

  #check(): void {
    if (this.#finished) return;
    const seen = probe(this.record.process, this.record.statusPath);
    if (seen.state === 'running') return;
    this.#finished = true;
    this.#finish(seen.state === 'ended' ? { status: seen.status } : {});
  }

  async #end({ status, detached }: { status?: ExitStatus; detached?: boolean }): Promise<RunResult> {
    clearInterval(this.#poll);
    clearTimeout(this.#deadline);
    this.#stopper.dispose();
    if (detached) await this.#tail.stop();
    else await this.#tail.drain();
    this.lines.close();
    const step = this.record.step as TerraformStep;
    const { cancelled, timedOut } = this.#stopper;
    if (detached) {
      this.#log.info('stopped following terraform; it runs on');
      return { step, exitCode: undefined, ok: false, cancelled, timedOut, killed: false, detached: true };
    }
    this.options.release();
    const exitCode = status && 'exitCode' in status ? status.exitCode : undefined;
    // No status at all: the wrapper died with Terraform (a kill of the whole group, a reboot).
    const killed = !status || 'signal' in status;
    this.#log.info({ exitCode, signal: status && 'signal' in status ? status.signal : undefined, killed, cancelled, timedOut }, 'terraform finished');
    return { step, exitCode, ok: exitCode === 0 && !cancelled, cancelled, timedOut, killed, detached: false };
  }
}
