import { randomBytes } from 'node:crypto';
import { KEY_BYTES, open, seal } from '../crypto/aead.js';
import type { Clock } from '../clock.js';
import { sessionSchema, type Session } from './session.js';

interface VaultEntry {
  sealed: Buffer;
  // Owner and expiry stay in the clear so lookups and sweeps need no decryption; they are not secrets.
  userId: string;
  guildId: string;
  expiresAt: number;
}

export interface SessionVaultOptions {
  clock: Clock;
  /** How often expired entries are dropped even if nobody reads them. */
  sweepIntervalMs?: number;
}

/**
 * In-memory session store. Each entry is sealed with AES-256-GCM under a key that exists only in
 * this process, so a heap dump or a stray log of the map shows ciphertext; sessions are decrypted
 * only for the caller that asks for one. Expiry is enforced on every read and by a sweeper.
 */
export class SessionVault {
  readonly #key = randomBytes(KEY_BYTES);
  readonly #entries = new Map<string, VaultEntry>();
  readonly #clock: Clock;
  readonly #sweepIntervalMs: number;
  #sweeper: NodeJS.Timeout | undefined;

  constructor({ clock, sweepIntervalMs = 60_000 }: SessionVaultOptions) {
    this.#clock = clock;
    this.#sweepIntervalMs = sweepIntervalMs;
  }

  /** Stores (or replaces) a session until its own `expiresAt`. */
  put(session: Session): void {
    const plaintext = Buffer.from(JSON.stringify(session), 'utf8');
    this.#entries.set(session.id, {
      sealed: seal(this.#key, plaintext, Buffer.from(session.id)),
      userId: session.userId,
      guildId: session.guildId,
      expiresAt: session.expiresAt,
    });
    plaintext.fill(0);
  }

  /** The live session with this ID, or `undefined` if there is none or it has expired. */
  get(sessionId: string): Session | undefined {
    const entry = this.#liveEntry(sessionId);
    return entry && this.#decrypt(sessionId, entry);
  }

  has(sessionId: string): boolean {
    return this.#liveEntry(sessionId) !== undefined;
  }

  /** Live sessions of one user in one guild, oldest first. */
  ownedBy(guildId: string, userId: string): Session[] {
    const sessions: Session[] = [];
    for (const [id, entry] of this.#entries) {
      if (entry.guildId !== guildId || entry.userId !== userId) continue;
      if (this.#isExpired(id, entry)) continue;
      sessions.push(this.#decrypt(id, entry));
    }
    return sessions.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Live sessions of one user across every guild, oldest first: owner and expiry only, nothing decrypted. */
  liveOf(userId: string): { guildId: string; expiresAt: number }[] {
    const live: { guildId: string; expiresAt: number }[] = [];
    for (const [id, entry] of this.#entries) {
      if (entry.userId === userId && !this.#isExpired(id, entry)) live.push({ guildId: entry.guildId, expiresAt: entry.expiresAt });
    }
    return live.sort((a, b) => a.expiresAt - b.expiresAt);
  }

  delete(sessionId: string): boolean {
    return this.#entries.delete(sessionId);
  }

  /** Number of live sessions, for diagnostics. */
  activeCount(): number {
    this.sweep();
    return this.#entries.size;
  }

  /** Drops expired entries; returns how many. */
  sweep(): number {
    let dropped = 0;
    for (const [id, entry] of this.#entries) if (this.#isExpired(id, entry)) dropped++;
    return dropped;
  }

  startSweeper(): void {
    this.#sweeper ??= setInterval(() => this.sweep(), this.#sweepIntervalMs).unref();
  }

  /** Stops the sweeper and forgets every session and the key. */
  close(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#entries.clear();
    this.#key.fill(0);
  }

  #liveEntry(sessionId: string): VaultEntry | undefined {
    const entry = this.#entries.get(sessionId);
    return entry && !this.#isExpired(sessionId, entry) ? entry : undefined;
  }

  /** True (and the entry gone) once the session's time is up. */
  #isExpired(sessionId: string, entry: VaultEntry): boolean {
    if (this.#clock.now() < entry.expiresAt) return false;
    this.#entries.delete(sessionId);
    return true;
  }

  #decrypt(sessionId: string, entry: VaultEntry): Session {
    const plaintext = open(this.#key, entry.sealed, Buffer.from(sessionId));
    return sessionSchema.parse(JSON.parse(plaintext.toString('utf8')));
  }
}
