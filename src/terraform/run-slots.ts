/** Raised for a wait that was called off before its turn came. */
export class LeftQueueError extends Error {
  constructor() {
    super('left the queue before its turn');
    this.name = 'LeftQueueError';
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  refuse: (error: Error) => void;
  onQueued: (position: number) => void;
}

export interface SlotRequest {
  /** Told the 1-based place in line when the wait starts and each time it moves; never for a slot granted at once. */
  onQueued?: (position: number) => void;
  /** Aborting it takes the request out of line (the promise rejects with LeftQueueError). */
  signal?: AbortSignal;
}

/**
 * A global limit on concurrent Terraform runs (MAX_CONCURRENT_RUNS), first come first served. Slots are
 * held in this process; a run re-attached after a restart takes one with `occupy`, past the limit if
 * need be (it is already running: its Terraform does not wait), so new runs queue behind it.
 */
export class RunSlots {
  #running = 0;
  readonly #queue: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`run limit must be a positive integer, not ${limit}`);
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves with the release function once a slot is free (at once if one is). */
  acquire({ onQueued = () => undefined, signal }: SlotRequest = {}): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new LeftQueueError());
    if (this.#running < this.limit && this.#queue.length === 0) return Promise.resolve(this.occupy());
    return new Promise((grant, refuse) => {
      const waiter: Waiter = { grant, refuse, onQueued };
      this.#queue.push(waiter);
      onQueued(this.#queue.length);
      signal?.addEventListener('abort', () => {
        const at = this.#queue.indexOf(waiter);
        if (at < 0) return;
        this.#queue.splice(at, 1);
        refuse(new LeftQueueError());
        this.#tellPositions(at);
      }, { once: true });
    });
  }

  /** Takes a slot now, even past the limit. Returns the release function (safe to call twice). */
  occupy(): () => void {
    this.#running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running--;
      this.#next();
    };
  }

  #next(): void {
    if (this.#running >= this.limit) return;
    const waiter = this.#queue.shift();
    if (!waiter) return;
    waiter.grant(this.occupy());
    this.#tellPositions(0);
  }

  /** Everyone from `from` on moved up one place. */
  #tellPositions(from: number): void {
    for (let i = from; i < this.#queue.length; i++) this.#queue[i]!.onQueued(i + 1);
  }
}

/** "1st", "2nd", "3rd", "4th", … "11th", "12th", "13th", "21st". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}
