import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear (one level of nesting; deeper objects should not be logged).
 * Core modules log ids and reasons, never contents; this is the net under that rule.
 */
export const REDACTED_PATHS = [
  'token', '*.token', 'authorization', '*.authorization', 'headers.authorization',
  'secret', '*.secret', 'recoverySecret', '*.recoverySecret', 'apiKey', '*.apiKey',
  'credentials', '*.credentials', 'serviceAccountJson', '*.serviceAccountJson', 'private_key', '*.private_key',
  'secretAccessKey', '*.secretAccessKey', 'clientSecret', '*.clientSecret', 'password', '*.password',
  'session', '*.session', 'env', '*.env', 'config.discord.token', 'config.openai.apiKey', 'config.recoverySecret',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Pretty output for people at a terminal; JSON otherwise (pipes, files, log shippers). */
  pretty?: boolean;
}

export function createLogger({ level, pretty = false }: LoggerOptions): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}

/**
 * Errors are logged by name, message, code and stack only: library errors carry request bodies
 * (discord.js keeps the JSON it sent, which may be a session embed) and child-process errors carry
 * their environment, so pino's default serializer, which copies every property, would leak them.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: withoutTokens(String(error)) };
  const fields = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  return {
    type: error.name,
    message: withoutTokens(error.message),
    ...(fields.code !== undefined ? { code: fields.code } : {}),
    ...(fields.status !== undefined ? { status: fields.status } : {}),
    ...(typeof fields.method === 'string' ? { method: fields.method } : {}),
    ...(typeof fields.url === 'string' ? { url: withoutTokens(fields.url) } : {}),
    ...(error.stack ? { stack: withoutTokens(error.stack) } : {}),
  };
}

/**
 * Text with interaction and webhook tokens blanked: discord.js errors carry the request URL
 * (`/webhooks/<app>/<token>/…`, `/interactions/<id>/<token>/callback`), and a token there lets anyone
 * answer as the bot for 15 minutes. Any other long opaque run is blanked too, as a net.
 */
export function withoutTokens(text: string): string {
  return text.replace(/(\/(?:webhooks|interactions)\/\d+\/)[^/?#\s]+/g, '$1[token]').replace(/[\w-]{60,}/g, '[token]');
}
