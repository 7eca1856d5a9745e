import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import type { Session } from '../vault/session.js';
import { bindingOf, openSession, sealSession } from './blob-crypto.js';

export const DEPLOYMENT_STATUSES = ['ACTIVE', 'COMPLETED', 'FAILED', 'INTERRUPTED'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Why a recovery was refused. Logged, never shown: the user always sees the same neutral message. */
export type RecoveryRefusal = 'unknown' | 'wrong-owner' | 'wrong-guild' | 'expired' | 'undecryptable';

export type RecoveryResult =
  | { ok: true; session: Session; deploymentStatus: DeploymentStatus | null }
  | { ok: false; reason: RecoveryRefusal };

interface BlobRow {
  session_id: string;
  user_id: string;
  guild_id: string;
  encrypted_blob: Buffer;
  deployment_status: DeploymentStatus | null;
  expires_at: number;
}

export interface RecoveryStoreOptions {
  db: Db;
  secret: Buffer;
  /** RECOVERY_SECRET_PREVIOUS: blobs sealed under it still open, and are re-sealed under `secret`. */
  previousSecret?: Buffer | undefined;
  clock: Clock;
  log: Logger;
}

/** Encrypted copies of sessions in SQLite, so their owners can get them back after a crash or restart. */
export class RecoveryStore {
  readonly #secret: Buffer;
  readonly #previousSecret: Buffer | undefined;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #statements;

  constructor({ db, secret, previousSecret, clock, log }: RecoveryStoreOptions) {
    this.#secret = secret;
    this.#previousSecret = previousSecret;
    this.#clock = clock;
    this.#log = log;
    this.#statements = {
      upsert: db.prepare(`INSERT INTO recovery_blobs (session_id, user_id, guild_id, encrypted_blob, created_at, expires_at)
        VALUES (@sessionId, @userId, @guildId, @blob, @createdAt, @expiresAt)
        ON CONFLICT (session_id) DO UPDATE SET encrypted_blob = excluded.encrypted_blob, expires_at = excluded.expires_at`),
      find: db.prepare<[string], BlobRow>(`SELECT session_id, user_id, guild_id, encrypted_blob, deployment_status, expires_at
        FROM recovery_blobs WHERE session_id = ?`),
      byOwner: db.prepare<[string, string, number], BlobRow>(`SELECT session_id, user_id, guild_id, encrypted_blob, deployment_status, expires_at
        FROM recovery_blobs WHERE user_id = ? AND guild_id = ? AND expires_at > ? ORDER BY created_at`),
      setStatus: db.prepare('UPDATE recovery_blobs SET deployment_status = ? WHERE session_id = ?'),
      interruptActive: db.prepare<[string]>(`UPDATE recovery_blobs SET deployment_status = 'INTERRUPTED'
        WHERE deployment_status = 'ACTIVE' AND session_id NOT IN (SELECT value FROM json_each(?))`),
      deleteExpired: db.prepare('DELETE FROM recovery_blobs WHERE expires_at <= ?'),
      live: db.prepare<[number], BlobRow>(`SELECT session_id, user_id, guild_id, encrypted_blob, deployment_status, expires_at
        FROM recovery_blobs WHERE expires_at > ?`),
      reseal: db.prepare<[Buffer, string]>('UPDATE recovery_blobs SET encrypted_blob = ? WHERE session_id = ?'),
    };
  }

  /** Writes (or rewrites, after a change) the session's blob; its deployment status is kept. */
  save(session: Session): void {
    this.#statements.upsert.run({
      ...bindingOf(session),
      blob: sealSession(this.#secret, session),
      createdAt: session.createdAt,
    });
  }

  /** The session, if `requester` owns it in that guild and it has neither expired nor been tampered with. */
  recover(sessionId: string, requester: { userId: string; guildId: string }): RecoveryResult {
    const row = this.#statements.find.get(sessionId);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.user_id !== requester.userId) return { ok: false, reason: 'wrong-owner' };
    if (row.guild_id !== requester.guildId) return { ok: false, reason: 'wrong-guild' };
    if (row.expires_at <= this.#clock.now()) return { ok: false, reason: 'expired' };
    const opened = this.#open(row);
    return opened ? { ok: true, session: opened.session, deploymentStatus: row.deployment_status } : { ok: false, reason: 'undecryptable' };
  }

  /**
   * After a secret rotation: re-seals every live blob still sealed under the previous secret under the
   * current one. Returns how many moved, and how many open under neither (logged, left to expire).
   */
  resealUnderCurrentSecret(): { resealed: number; unreadable: number } {
    let resealed = 0;
    let unreadable = 0;
    for (const row of this.#statements.live.all(this.#clock.now())) {
      const opened = this.#open(row);
      if (!opened) unreadable++;
      else if (opened.resealed) resealed++;
    }
    return { resealed, unreadable };
  }

  /** The row's session under the current secret, else under the previous one (then re-sealed); undefined if neither opens. */
  #open(row: BlobRow): { session: Session; resealed: boolean } | undefined {
    const binding = { sessionId: row.session_id, userId: row.user_id, guildId: row.guild_id, expiresAt: row.expires_at };
    try {
      return { session: openSession(this.#secret, row.encrypted_blob, binding), resealed: false };
    } catch (error) {
      if (this.#previousSecret) {
        try {
          const session = openSession(this.#previousSecret, row.encrypted_blob, binding);
          this.#statements.reseal.run(sealSession(this.#secret, session), row.session_id);
          return { session, resealed: true };
        } catch {
          // Opens under neither secret: reported below like any other.
        }
      }
      // Altered bytes, a blob moved to another row, or a different RECOVERY_SECRET: all look the same here.
      this.#log.warn({ sessionId: row.session_id, err: { name: (error as Error).name } }, 'recovery blob did not open');
      return undefined;
    }
  }

  /** The unexpired sessions `owner` could recover in that guild (their own only); blobs that do not open are left out. */
  recoverableBy(owner: { userId: string; guildId: string }): Session[] {
    return this.#statements.byOwner.all(owner.userId, owner.guildId, this.#clock.now()).flatMap((row) => {
      const result = this.recover(row.session_id, owner);
      return result.ok ? [result.session] : [];
    });
  }

  setDeploymentStatus(sessionId: string, status: DeploymentStatus): void {
    this.#statements.setStatus.run(status, sessionId);
  }

  /** At startup: a deployment still ACTIVE, except in the sessions of runs re-attached to (`keep`), was interrupted. */
  markActiveDeploymentsInterrupted(keep: readonly string[] = []): number {
    return this.#statements.interruptActive.run(JSON.stringify(keep)).changes;
  }

  deleteExpired(): number {
    return this.#statements.deleteExpired.run(this.#clock.now()).changes;
  }
}
