/** Default wait for anything the bot is expected to do. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Lets tests wait for a condition over the fake's state: every change (a request, a dispatch, a
 * connection) re-checks the pending conditions, so waits end as soon as possible, without polling.
 */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  notify = (): void => {
    for (const listener of [...this.listeners]) listener();
  };

  /**
   * Resolves with the first defined result of `check`; rejects after `timeoutMs` with `describe()`,
   * which should say what was expected and what the fake saw instead.
   */
  until<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    // Created now, so that its stack points at the test that waited, not at a timer.
    const timeout = new Error('timed out');
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => {
        let result: T | undefined;
        try {
          result = check();
        } catch (error) {
          done();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (result !== undefined) {
          done();
          resolve(result);
        }
      };
      const timer = setTimeout(() => {
        done();
        timeout.message = `timed out after ${timeoutMs} ms: ${describe()}`;
        reject(timeout);
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}
