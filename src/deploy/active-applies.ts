import { z } from 'zod';
import type { ProgressTracker } from '../terraform/progress/index.js';
import type { TerraformRun } from '../terraform/terraform-runner.js';
import type { HeldInterrupts } from './held-interrupts.js';

/** What a run record says about an apply beyond the runner's part (sealed in the record). */
export const applyContextSchema = z.object({
  startedBy: z.string(),
  carriedOver: z.number().int().nonnegative(),
  /** The plan's counts: a run followed from its log after a restart knows its total before Terraform's last line. */
  plan: z.object({ add: z.number().int(), change: z.number().int(), destroy: z.number().int() }).optional(),
  progressMessage: z.object({ channelId: z.string(), messageId: z.string() }).optional(),
});
export type ApplyContext = z.infer<typeof applyContextSchema>;

/** An apply this process follows now: what Cancel, a moved progress message and a shutdown reach. */
export interface ActiveApply {
  run: TerraformRun;
  startedBy: string;
  context: ApplyContext;
  tracker: ProgressTracker;
  /** Where a Cancel goes: to Terraform once it is applying. */
  interrupts: HeldInterrupts;
  ended: Promise<unknown>;
}

/** The applies this process follows now, by deployment, from their start (or re-attach) to their end. */
export class ActiveApplies {
  readonly #runs = new Map<string, ActiveApply>();
  /** Set by interruptAll: the runs that end cancelled now were stopped with the bot, not by their owner. */
  #interruptedForShutdown = false;

  get size(): number {
    return this.#runs.size;
  }

  get interruptedForShutdown(): boolean {
    return this.#interruptedForShutdown;
  }

  get(deploymentId: string): ActiveApply | undefined {
    return this.#runs.get(deploymentId);
  }

  /** Registers a run being followed; the returned function is called once it has ended. */
  add(deploymentId: string, apply: Omit<ActiveApply, 'ended'>): () => void {
    let ended = () => {};
    this.#runs.set(deploymentId, { ...apply, ended: new Promise<void>((resolve) => (ended = resolve)) });
    return () => {
      this.#runs.delete(deploymentId);
      ended();
    };
  }

  /** Interrupts every run, as a Cancel does, for a shutdown; resolves once each has ended. */
  interruptAll(): Promise<unknown> {
    this.#interruptedForShutdown = true;
    return Promise.all([...this.#runs.values()].map((active) => {
      active.interrupts.request();
      return active.ended;
    }));
  }
}
