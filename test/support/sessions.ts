import type { Clock } from '../../src/clock.js';
import { pino } from 'pino';
import type { Session } from '../../src/vault/session.js';
import { newSessionId } from '../../src/vault/new-session.js';
import { GCP_CREDENTIALS } from './credentials.js';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 25, 12)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const silentLog = pino({ level: 'silent' });

export function makeSession(overrides: Partial<Session> = {}, clock: Clock = new ManualClock()): Session {
  const now = clock.now();
  return {
    id: newSessionId(),
    userId: '111111111111111111',
    guildId: '222222222222222222',
    provider: 'gcp',
    projectName: 'Payments API',
    projectId: 'payments-prod-42',
    region: 'us-central1',
    credentials: GCP_CREDENTIALS,
    createdAt: now,
    expiresAt: now + 30 * 60_000,
    ...overrides,
  };
}
