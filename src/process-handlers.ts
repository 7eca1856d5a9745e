import type { Logger } from './log.js';

/**
 * The last net under every handler: an error that escaped them all is logged (through the logger's
 * serializer, which blanks tokens) and the bot keeps serving. Node's default would print the raw error,
 * token and all, to stderr and end the process, and every run in every server with it.
 */
export function installProcessHandlers(log: Logger, target: NodeJS.EventEmitter = process): void {
  target.on('unhandledRejection', (reason: unknown) => log.error({ err: reason }, 'unhandled promise rejection; the bot keeps running'));
  target.on('uncaughtException', (err: unknown, origin: unknown) => log.error({ err, origin }, 'uncaught exception; the bot keeps running'));
}
