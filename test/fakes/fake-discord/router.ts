import type { UploadedFile } from './request-body.js';

/** Bot routes need `Authorization: Bot <token>`; interaction callbacks and webhooks carry no auth. */
export type Auth = 'bot' | 'none';

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One endpoint; `pattern` segments starting with `:` capture, e.g. `/channels/:channel/messages`. */
export interface Route {
  method: string;
  pattern: string;
  auth: Auth;
  handle(request: RouteRequest): RouteResponse | Promise<RouteResponse>;
}

export const route = (method: string, pattern: string, auth: Auth, handle: Route['handle']): Route => ({ method, pattern, auth, handle });
export const json = (body: unknown, status = 200): RouteResponse => ({ status, body });
export const noContent = (): RouteResponse => ({ status: 204 });

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  /** `METHOD pattern`, as recorded with each request. */
  name: string;
}

/**
 * The first route whose pattern matches the decoded path (so literal routes such as `@original` go
 * before `:message`); `'wrong-method'` when only the method differs, which Discord answers with 405.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | 'wrong-method' | undefined {
  const segments = path.split('/');
  let pathMatched = false;
  for (const candidate of routes) {
    const params = matchPattern(candidate.pattern.split('/'), segments);
    if (!params) continue;
    if (candidate.method === method) return { route: candidate, params, name: `${method} ${candidate.pattern}` };
    pathMatched = true;
  }
  return pathMatched ? 'wrong-method' : undefined;
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith(':') && segment) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}
