import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FailureInjector } from './failures.js';
import { DiscordHttpError, errors } from './http-errors.js';
import { now } from './message-store.js';
import type { RecordedRequest } from './model.js';
import type { RateLimiter } from './rate-limits.js';
import { parseBody, readRequestBody } from './request-body.js';
import { matchRoute, type Route, type RouteResponse } from './router.js';

export const API_PREFIX = '/api/v10';

export interface HttpServerOptions {
  token: string;
  /** Routes under {@link API_PREFIX}, matched on the rest of the path. */
  apiRoutes: Route[];
  /** Routes outside the API, e.g. the attachment "CDN", matched on the whole path. */
  otherRoutes: Route[];
  failures: FailureInjector;
  rateLimits: RateLimiter;
  notify(): void;
}

/** The HTTP side of the fake: records every request, applies injected failures, then routes. */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  readonly server: Server;

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((request, response) => {
      // A bug in the fake answers 500, as a broken server would, instead of crashing the test run.
      this.handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
  }

  /** Listens on 127.0.0.1 and a free port; resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    // undici keeps connections alive; without this, close() would wait for them to idle out.
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = now();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://fake');
    // Discord decodes paths: discord.js sends `@original` as `%40original`.
    const path = decodeURIComponent(url.pathname);
    const raw = await readRequestBody(request);
    const isApi = path.startsWith(`${API_PREFIX}/`);
    const match = matchRoute(isApi ? this.options.apiRoutes : this.options.otherRoutes, method, isApi ? path.slice(API_PREFIX.length) : path);
    const found = typeof match === 'object' ? match : undefined;
    const record: RecordedRequest = {
      at,
      method,
      path,
      route: found?.name ?? null,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: undefined,
      files: [],
      status: 0,
    };
    this.requests.push(record);

    let reply: RouteResponse;
    try {
      const { body, files } = await parseBody(raw, request.headers['content-type']);
      record.body = body;
      record.files = files.map((f) => ({ field: f.field, filename: f.filename, size: f.content.byteLength, contentType: f.contentType }));
      const { failures, rateLimits } = this.options;
      reply = failures.take(method, path) ?? rateLimits.take(found, at) ?? (await this.route(match, request, { query: url.searchParams, body, files }));
      if (reply.status !== 429) reply = { ...reply, headers: { ...rateLimits.headers(found, at), ...reply.headers } };
    } catch (error) {
      reply = error instanceof DiscordHttpError ? { status: error.status, body: error.body } : internalError(error);
    }
    record.status = reply.status;
    send(response, reply);
    this.options.notify();
  }

  private async route(match: ReturnType<typeof matchRoute>, request: IncomingMessage, input: Omit<Parameters<Route['handle']>[0], 'params'>): Promise<RouteResponse> {
    if (match === 'wrong-method') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
    if (!match) throw errors.notFound();
    if (match.route.auth === 'bot' && request.headers.authorization !== `Bot ${this.options.token}`) throw errors.unauthorized();
    return match.route.handle({ ...input, params: match.params });
  }
}

/** A bug in the fake itself: answered as Discord's 500 (so discord.js retries, then fails) and printed. */
function internalError(error: unknown): RouteResponse {
  console.error('fake-discord: route handler failed', error);
  return { status: 500, body: { message: `500: Internal Server Error (fake-discord: ${String(error)})`, code: 0 } };
}

function send(response: ServerResponse, reply: RouteResponse): void {
  const headers = { ...reply.headers };
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
  } else if (Buffer.isBuffer(reply.body)) {
    response.writeHead(reply.status, { 'content-type': 'application/octet-stream', ...headers }).end(reply.body);
  } else {
    response.writeHead(reply.status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(reply.body));
  }
}
