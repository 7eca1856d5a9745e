import type { RateLimitOptions, RateLimitRule } from './model.js';
import type { RouteMatch, RouteResponse } from './router.js';

/** The routes a rule of {@link RateLimitOptions} covers, and the parameter that splits them into buckets. */
const LIMITED_ROUTES: Record<keyof RateLimitOptions, { route: string; major: string; bucket: string }> = {
  channelMessageEdits: { route: 'PATCH /channels/:channel/messages/:message', major: 'channel', bucket: 'fake-channel-message-edits' },
};

interface Bucket {
  rule: RateLimitRule;
  name: string;
  resetAt: number;
  used: number;
}

/**
 * Discord's per-route rate limits, for the routes a test opts into: a bucket's window opens with its
 * first request and admits `limit` requests until it resets; beyond that the answer is a 429 with
 * `retry_after` in header and body. Answers carry the `X-RateLimit-*` headers Discord sends, so
 * discord.js waits on its own before the bucket runs out, as it does against Discord.
 */
export class RateLimiter {
  /** How many 429s were answered. */
  rateLimited = 0;
  readonly #buckets = new Map<string, Bucket>();
  readonly #rules: { route: string; major: string; bucket: string; rule: RateLimitRule }[];

  constructor(options: RateLimitOptions = {}) {
    this.#rules = Object.entries(options).flatMap(([key, rule]) => (rule ? [{ ...LIMITED_ROUTES[key as keyof RateLimitOptions], rule }] : []));
  }

  /** Counts a request against its bucket; returns the 429 to answer when the bucket is spent. */
  take(match: RouteMatch | undefined, at: number): RouteResponse | undefined {
    const bucket = this.#bucket(match, at);
    if (!bucket) return undefined;
    if (bucket.used < bucket.rule.limit) {
      bucket.used++;
      return undefined;
    }
    this.rateLimited++;
    const retryAfter = (bucket.resetAt - at) / 1000;
    const limitedHeaders = { ...headers(bucket, at), 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' };
    return { status: 429, headers: limitedHeaders, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false, code: 0 } };
  }

  /** The `X-RateLimit-*` headers for an answered request on a limited route. */
  headers(match: RouteMatch | undefined, at: number): Record<string, string> {
    const bucket = this.#bucket(match, at);
    return bucket ? headers(bucket, at) : {};
  }

  #bucket(match: RouteMatch | undefined, at: number): Bucket | undefined {
    if (!match) return undefined;
    const limited = this.#rules.find((r) => r.route === match.name);
    if (!limited) return undefined;
    const key = `${limited.route}:${match.params[limited.major] ?? ''}`;
    let bucket = this.#buckets.get(key);
    if (!bucket || at >= bucket.resetAt) {
      bucket = { rule: limited.rule, name: limited.bucket, resetAt: at + limited.rule.windowMs, used: 0 };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}

// Discord rounds Retry-After up to whole seconds; the fake keeps fractions, as failures.ts does.
function headers(bucket: Bucket, at: number): Record<string, string> {
  const resetAfter = Math.max(0, (bucket.resetAt - at) / 1000);
  return {
    'x-ratelimit-limit': String(bucket.rule.limit),
    'x-ratelimit-remaining': String(bucket.rule.limit - bucket.used),
    'x-ratelimit-reset': String(bucket.resetAt / 1000),
    'x-ratelimit-reset-after': String(resetAfter),
    'x-ratelimit-bucket': bucket.name,
  };
}
