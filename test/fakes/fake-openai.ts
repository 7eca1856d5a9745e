import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to the next chat completion. */
export type FakeReply =
  /** A completion whose message content is `JSON.stringify(body)`. */
  | { kind: 'json'; body: unknown }
  /** A completion with this exact content (garbage, truncated JSON, …). */
  | { kind: 'content'; content: string; finishReason?: 'stop' | 'length' }
  /** A completion where the model refused. */
  | { kind: 'refusal'; refusal: string }
  /** An HTTP error with OpenAI's error body, e.g. 500 or 429 with Retry-After. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; message?: string }
  /** Wait, then answer; long enough and the client gives up first. */
  | { kind: 'delay'; ms: number; then: FakeReply };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The parsed JSON body (model, messages, response_format, …). */
  body: Record<string, unknown> & { messages?: { role: string; content: string }[] };
}

/**
 * An OpenAI-compatible HTTP server for `POST /v1/chat/completions`, on 127.0.0.1 and a free port.
 * It checks the bearer token, records every request, and answers with whatever the test scripted,
 * in the real response shape, so the production OpenAI SDK runs unmodified against it.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  readonly #apiKey: string;
  readonly #model: string;
  readonly #server: Server;
  readonly #timers = new Set<NodeJS.Timeout>();
  #queue: FakeReply[] = [];
  #fallback: FakeReply = { kind: 'status', status: 500, message: 'No reply scripted for this request' };
  #port = 0;

  constructor({ apiKey = 'sk-fake-test-key', model = 'fake-gpt-mini' }: { apiKey?: string; model?: string } = {}) {
    this.#apiKey = apiKey;
    this.#model = model;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  }

  get apiKey(): string {
    return this.#apiKey;
  }

  /** Base URL for the SDK's `baseURL` (it appends `/chat/completions`). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}/v1`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** Answers every following request with `reply` (until changed). */
  respondWith(reply: FakeReply): void {
    this.#queue = [];
    this.#fallback = reply;
  }

  /** Answers the next requests with these replies, in order, then with the `respondWith` one. */
  enqueue(...replies: FakeReply[]): void {
    this.#queue.push(...replies);
  }

  reset(): void {
    this.requests.length = 0;
    this.#queue = [];
    this.#fallback = { kind: 'status', status: 500, message: 'No reply scripted for this request' };
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendError(res, 404, `Unknown route ${req.method} ${path}`, 'invalid_request_error');
    }
    if (req.headers.authorization !== `Bearer ${this.#apiKey}`) {
      return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
    }
    let body: RecordedRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
    } catch {
      return sendError(res, 400, 'Request body is not JSON', 'invalid_request_error');
    }
    this.requests.push({ method: req.method, path, authorization: req.headers.authorization, body });
    this.#answer(res, this.#queue.shift() ?? this.#fallback, typeof body.model === 'string' ? body.model : this.#model);
  }

  #answer(res: ServerResponse, reply: FakeReply, model: string): void {
    if (res.destroyed) return;
    switch (reply.kind) {
      case 'delay': {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          this.#answer(res, reply.then, model);
        }, reply.ms);
        this.#timers.add(timer);
        return;
      }
      case 'status':
        return sendError(res, reply.status, reply.message ?? `Fake error ${reply.status}`, reply.status === 429 ? 'rate_limit_exceeded' : 'server_error', reply.headers);
      case 'json':
        return sendCompletion(res, model, JSON.stringify(reply.body), null, 'stop');
      case 'content':
        return sendCompletion(res, model, reply.content, null, reply.finishReason ?? 'stop');
      case 'refusal':
        return sendCompletion(res, model, null, reply.refusal, 'stop');
    }
  }
}

let completionCounter = 0;

function sendCompletion(res: ServerResponse, model: string, content: string | null, refusal: string | null, finishReason: string): void {
  sendJson(res, 200, {
    id: `chatcmpl-fake${++completionCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: 420, completion_tokens: 96, total_tokens: 516 },
    system_fingerprint: 'fp_fake',
  });
}

function sendError(res: ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message, type, param: null, code: type } }, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake${completionCounter}`, ...headers });
  res.end(JSON.stringify(body));
}
