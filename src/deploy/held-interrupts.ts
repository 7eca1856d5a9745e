import type { ProgressState } from '../terraform/progress/index.js';

/**
 * The interrupts (Cancels) of one apply, sent to Terraform once it is applying. One sent while Terraform
 * starts up (loads the plan, starts its providers) can be swallowed: with 1.11 here, an interrupt 80 ms
 * after the start was ignored in about 1 run in 5, and the apply ran to its end. So a Cancel before the
 * first change is under way is held, and sent as soon as Terraform reports one.
 */
export class HeldInterrupts {
  #send: (() => void) | undefined;
  #held = 0;
  #applying = false;

  /** An interrupt: sent now if Terraform is applying, else once it is. */
  request(): void {
    this.#held++;
    this.#release();
  }

  /** The run is started: interrupts go to it through `send`. */
  attach(send: () => void): void {
    this.#send = send;
    this.#release();
  }

  /** Told each progress state: the first with a change under way (or an end) lets what was held go. */
  heard(state: ProgressState): void {
    if (this.#applying || !(state.inFlight.length > 0 || state.failed > 0 || state.applySummary)) return;
    this.#applying = true;
    this.#release();
  }

  #release(): void {
    if (!this.#send || !this.#applying) return;
    for (; this.#held > 0; this.#held--) this.#send();
  }
}
