import type { Logger } from '../log.js';

/**
 * Terraform's own escalation, for a run reached by `send`: the first Cancel is an interrupt (Terraform
 * stops gracefully and saves its state); a second one, or the end of the grace period, is a second
 * interrupt, on which Terraform cancels what is in flight and exits within 5 s; if it is still there
 * after `killGraceMs`, its whole process group is killed.
 */
export class Stopper {
  cancelled = false;
  timedOut = false;
  #interrupts = 0;
  #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly send: (signal: NodeJS.Signals) => void,
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
    this.send('SIGINT');
    if (this.#interrupts === 1) this.#timers.push(setTimeout(() => this.#interrupt(), this.interruptGraceMs).unref());
    else this.#timers.push(setTimeout(() => this.#kill(), this.killGraceMs).unref());
  }

  #kill(): void {
    this.log.error('terraform ignored two interrupts; killing its process group');
    this.send('SIGKILL');
  }
}
