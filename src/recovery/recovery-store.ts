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
  clock: Clock;
  log: Logger;
}

/** Encrypted copies of sessions in SQLite, so their owners can get them back after a crash or restart. */
export class RecoveryStore {
  readonly #secret: Buffer;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #statements;

  constructor({ db, secret, clock, log }: RecoveryStoreOptions) {
    this.#secret = secret;
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
    try {
      const session = openSession(this.#secret, row.encrypted_blob, {
        sessionId: row.session_id, userId: row.user_id, guildId: row.guild_id, expiresAt: row.expires_at,
      });
      return { ok: true, session, deploymentStatus: row.deployment_status };
    } catch (error) {
      // Altered bytes, a blob moved to another row, or a different RECOVERY_SECRET: all look the same here.
      this.#log.warn({ sessionId, err: { name: (error as Error).name } }, 'recovery blob did not open');
      return { ok: false, reason: 'undecryptable' };
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
