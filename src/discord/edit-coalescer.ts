export interface EditCoalescerOptions<T> {
  intervalMs: number;
  edit(state: T): Promise<void>;
  /** How often the final edit is retried before giving up. */
  finalAttempts?: number;
  onError?(error: unknown, attempt: number): void;
}

/**
 * Turns a fast stream of states into few message edits: at most one edit per `intervalMs`, edits never
 * overlap, the newest state wins, and the final state is always delivered: a failed final edit (a 429
 * that outlived discord.js's own retries, a network error) is retried with backoff.
 */
export class EditCoalescer<T> {
  #latest: { state: T } | undefined;
  #lastEditAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #editing: Promise<void> | undefined;
  #edits = 0;
  #stopped = false;

  constructor(private readonly options: EditCoalescerOptions<T>) {}

  /** Edits made so far (for diagnostics and the edit-budget benchmark). */
  get edits(): number {
    return this.#edits;
  }

  /** Offers a new state; it is shown now or at the next free slot, unless a newer one replaces it first. */
  update(state: T): void {
    if (this.#stopped) return;
    this.#latest = { state };
    if (this.#timer || this.#editing) return;
    this.#timer = setTimeout(() => this.#flush(), Math.max(0, this.#lastEditAt + this.options.intervalMs - performance.now()));
  }

  /** Drops what is waiting and makes no further edit (the process is stopping; someone else takes over). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#latest = undefined;
    this.#stopped = true;
  }

  /** Shows `state` as the last word, after any edit in flight; resolves once it is on screen (or given up). */
  async finish(state: T): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#latest = undefined;
    await this.#editing;
    const attempts = this.options.finalAttempts ?? 5;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const wait = this.#lastEditAt + this.options.intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      try {
        await this.#edit(state);
        return;
      } catch (error) {
        this.options.onError?.(error, attempt);
        if (attempt < attempts) await sleep(this.options.intervalMs * 2 ** (attempt - 1));
      }
    }
  }

  #flush(): void {
    this.#timer = undefined;
    const latest = this.#latest;
    if (!latest) return;
    this.#latest = undefined;
    this.#editing = this.#edit(latest.state)
      .catch((error: unknown) => this.options.onError?.(error, 1))
      .finally(() => {
        this.#editing = undefined;
        if (this.#latest) this.update(this.#latest.state);
      });
  }

  async #edit(state: T): Promise<void> {
    this.#lastEditAt = performance.now();
    this.#edits++;
    await this.options.edit(state);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
