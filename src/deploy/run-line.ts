import { LeftQueueError, type RunSlots } from '../terraform/run-slots.js';
import { TerraformError } from '../terraform/terraform-error.js';

/** What a Cancel pressed on a waiting run did. */
export type LeaveResult = 'left' | 'not-yours' | 'not-waiting';

/**
 * The line for Terraform slots, by deployment: a plan or an apply waits here for its turn, and Cancel
 * takes it out. A Cancel that lands after the slot was granted but before the run went on still wins
 * (the slot is handed back), so "taken out of line" is always true when it is said.
 */
export class RunLine {
  readonly #waiting = new Map<string, { startedBy: string; leave: AbortController }>();

  constructor(private readonly slots: RunSlots) {}

  /** Waits for a slot; resolves with its release function, or undefined if the wait was called off. */
  async take(deploymentId: string, startedBy: string, onQueued: (position: number) => void): Promise<(() => void) | undefined> {
    const leave = new AbortController();
    this.#waiting.set(deploymentId, { startedBy, leave });
    try {
      const release = await this.slots.acquire({ onQueued, signal: leave.signal });
      if (!leave.signal.aborted) return release;
      release();
      return undefined;
    } catch (error) {
      if (error instanceof LeftQueueError) return undefined;
      throw error;
    } finally {
      this.#waiting.delete(deploymentId);
    }
  }

  /** Takes the deployment's run out of line; only the person whose run it is may. */
  leave(deploymentId: string, userId: string): LeaveResult {
    const waiting = this.#waiting.get(deploymentId);
    if (!waiting) return 'not-waiting';
    if (waiting.startedBy !== userId) return 'not-yours';
    waiting.leave.abort();
    return 'left';
  }

  /** Who started the deployment's waiting run, if one waits. */
  startedBy(deploymentId: string): string | undefined {
    return this.#waiting.get(deploymentId)?.startedBy;
  }

  /** A slot now, past the limit if need be, for a run that is already running (re-attached at startup). */
  occupy(): () => void {
    return this.slots.occupy();
  }
}

/** A plan or an apply called off while it waited for a Terraform slot. */
export function leftTheLine(): TerraformError {
  return new TerraformError('cancelled', 'Cancelled while waiting in line: Terraform never started, and nothing was changed.');
}
