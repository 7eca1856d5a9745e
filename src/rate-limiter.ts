import type { Clock } from './clock.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Sliding-window limiter: at most `limit` attempts per key in any `windowMs`. */
export class RateLimiter {
  readonly #attempts = new Map<string, number[]>();

  constructor(private readonly options: { limit: number; windowMs: number; clock: Clock }) {}

  /** Records an attempt if it is allowed. */
  take(key: string): RateDecision {
    const now = this.options.clock.now();
    const since = now - this.options.windowMs;
    const recent = (this.#attempts.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.options.limit) {
      this.#attempts.set(key, recent);
      return { allowed: false, retryAfterMs: recent[0]! + this.options.windowMs - now };
    }
    recent.push(now);
    this.#attempts.set(key, recent);
    this.#forgetIdleKeys(since);
    return { allowed: true };
  }

  /** Keeps memory bounded by the number of recently active keys. */
  #forgetIdleKeys(since: number): void {
    if (this.#attempts.size < 1000) return;
    for (const [key, attempts] of this.#attempts) if (attempts.at(-1)! <= since) this.#attempts.delete(key);
  }
}
