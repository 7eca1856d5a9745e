import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS, serializeError } from '../src/log.js';
import { installProcessHandlers } from '../src/process-handlers.js';

const TOKEN = `aW50ZXJhY3Rpb246${'Q'.repeat(120)}`;

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  const log = pino({ redact: REDACTED_PATHS, serializers: { err: serializeError } }, stream);
  return { log, lines };
}

/** What discord.js throws for a failed interaction edit: the URL, with the token, as a property. */
function discordError(): Error {
  return Object.assign(new Error('Unknown Webhook'), {
    name: 'DiscordAPIError[10015]', status: 404, method: 'PATCH', url: `https://discord.com/api/v10/webhooks/330000000000000001/${TOKEN}/messages/@original`,
  });
}

describe('process-level handlers', () => {
  it.each(['unhandledRejection', 'uncaughtException'])('log a %s with the token blanked, and do not end the process', (event) => {
    const { log, lines } = capturingLogger();
    const target = new EventEmitter();
    installProcessHandlers(log, target);
    target.emit(event, discordError(), 'origin');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(TOKEN.slice(16));
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, err: { status: 404, url: 'https://discord.com/api/v10/webhooks/330000000000000001/[token]/messages/@original' } });
  });

  it('blanks tokens in a message or stack, and in a rejection that is not an Error', () => {
    const inMessage = new Error(`request to /interactions/123/${TOKEN}/callback failed`);
    expect(JSON.stringify(serializeError(inMessage))).not.toContain(TOKEN.slice(16));
    expect(serializeError(`/webhooks/1/fake.${'x'.repeat(30)}/messages/2`)).toEqual({ message: '/webhooks/1/[token]/messages/2' });
  });
});
