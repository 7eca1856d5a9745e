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
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
