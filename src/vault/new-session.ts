import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SessionRequest } from '../cloud/session-request.js';
import type { Session } from './session.js';

/**
 * Letters and digits only: Discord's client breaks words (and a double-click's selection) at `-` and
 * `_`, so a base64url ID was copied in fragments. 22 of 62 symbols carry 130 bits.
 */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 22;

/** A new session ID: 22 random letters and digits (uniform: `randomInt` has no modulo bias). */
export function newSessionId(): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function createSession(request: SessionRequest, owner: { userId: string; guildId: string }, clock: Clock, ttlMs: number): Session {
  const now = clock.now();
  return { id: newSessionId(), ...owner, ...request, createdAt: now, expiresAt: now + ttlMs };
}
