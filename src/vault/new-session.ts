import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SessionRequest } from '../cloud/session-request.js';
import type { Session } from './session.js';

/** 16 random bytes (128 bits) as 22 base64url characters. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

export function createSession(request: SessionRequest, owner: { userId: string; guildId: string }, clock: Clock, ttlMs: number): Session {
  const now = clock.now();
  return { id: newSessionId(), ...owner, ...request, createdAt: now, expiresAt: now + ttlMs };
}
