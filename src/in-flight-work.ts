/** Work the process lets finish before it exits, such as the last edit of a progress message. */
export class InFlightWork {
  readonly #pending = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    // The caller handles the outcome; this only forgets the promise once it settles.
    work.then(() => this.#pending.delete(work), () => this.#pending.delete(work));
    return work;
  }

  /** Resolves once everything tracked has settled, or after `timeoutMs`, whichever is first. */
  settle(timeoutMs: number): Promise<void> {
    return settleWithin([...this.#pending], timeoutMs);
  }
}

/** Waits for every promise to settle, but no longer than `timeoutMs`; never rejects. */
export async function settleWithin(work: readonly Promise<unknown>[], timeoutMs: number): Promise<void> {
  if (work.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.allSettled(work), timeout]);
  clearTimeout(timer);
}
