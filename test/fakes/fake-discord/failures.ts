import type { FailureSpec } from './model.js';
import type { RouteResponse } from './router.js';

/**
 * Failures queued by tests, answered instead of the real route: 429s shaped like Discord's (header and
 * body both, since discord.js retries a header-less 429 at once, forever), 5xx, 403 and so on.
 */
export class FailureInjector {
  private readonly pending: (FailureSpec & { remaining: number })[] = [];
  /** How many 429s were answered. */
  rateLimited = 0;

  add(spec: FailureSpec): void {
    this.pending.push({ ...spec, remaining: spec.times ?? 1 });
  }

  /** The failure response for this request, if one is queued for it. */
  take(method: string, path: string): RouteResponse | undefined {
    const spec = this.pending.find((s) => (!s.method || s.method.toUpperCase() === method) && (!s.pathPattern || s.pathPattern.test(path)));
    if (!spec) return undefined;
    if (--spec.remaining === 0) this.pending.splice(this.pending.indexOf(spec), 1);
    if (spec.status === 429) {
      this.rateLimited++;
      return rateLimited(spec);
    }
    const code = spec.code ?? (spec.status === 403 ? 50013 : 0);
    const message = spec.message ?? (spec.status === 403 ? 'Missing Permissions' : `${spec.status}: Injected failure`);
    return { status: spec.status, body: { message, code } };
  }
}

function rateLimited(spec: FailureSpec): RouteResponse {
  const retryAfter = spec.retryAfterSeconds ?? 0.1;
  const global = spec.global ?? false;
  // Discord rounds the header up to whole seconds; the fake keeps fractions so tests stay fast.
  const headers: Record<string, string> = {
    'retry-after': String(retryAfter),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
    'x-ratelimit-reset-after': String(retryAfter),
    'x-ratelimit-scope': global ? 'global' : 'user',
    ...(global ? { 'x-ratelimit-global': 'true' } : { 'x-ratelimit-bucket': 'fake-bucket' }),
  };
  return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global, code: 0 } };
}
