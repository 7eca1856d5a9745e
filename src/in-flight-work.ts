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
  async settle(timeoutMs: number): Promise<void> {
    if (this.#pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.#pending]), timeout]);
    clearTimeout(timer);
  }
}
