import { randomBytes } from 'node:crypto';
import { open, seal } from '../crypto/aead.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import type { ProcessRef } from './process-identity.js';
import { serverSubkey } from '../crypto/subkeys.js';

/**
 * What finds a detached Terraform run again after the bot restarted: its wrapper process, its log and
 * exit-status files, and the caller's own context (sealed; the runner never reads it).
 */
export interface RunRecord {
  id: string;
  workspaceId: string;
  step: string;
  process: ProcessRef;
  logPath: string;
  statusPath: string;
  /** The caller's description of the run (who started it, where its progress shows), stored sealed. */
  context: unknown;
  startedAt: number;
  deadlineAt: number;
}

interface RunRow {
  id: string;
  workspace_id: string;
  step: string;
  pid: number;
  start_time: string | null;
  log_path: string;
  status_path: string;
  context: Buffer;
  started_at: number;
  deadline_at: number;
}

/** Run records in SQLite: written before Terraform starts, removed once the run's outcome is recorded elsewhere. */
export class RunStore {
  readonly #key: Buffer;
  readonly #previousKey: Buffer | undefined;
  readonly #log: Logger | undefined;
  readonly #sql;

  /** `previousSecret` (RECOVERY_SECRET_PREVIOUS): contexts sealed under it still open, and are re-sealed under `secret`. */
  constructor({ db, secret, previousSecret, log }: { db: Db; secret: Buffer; previousSecret?: Buffer | undefined; log?: Logger | undefined }) {
    this.#key = serverSubkey(secret, 'terraform-runs/v1');
    this.#previousKey = previousSecret && serverSubkey(previousSecret, 'terraform-runs/v1');
    this.#log = log;
    this.#sql = {
      insert: db.prepare(`INSERT INTO terraform_runs (id, workspace_id, step, pid, start_time, log_path, status_path, context, started_at, deadline_at)
        VALUES (@id, @workspace_id, @step, @pid, @start_time, @log_path, @status_path, @context, @started_at, @deadline_at)`),
      updateContext: db.prepare<[Buffer, string]>('UPDATE terraform_runs SET context = ? WHERE id = ?'),
      remove: db.prepare<[string]>('DELETE FROM terraform_runs WHERE id = ?'),
      all: db.prepare<[], RunRow>('SELECT * FROM terraform_runs ORDER BY started_at'),
    };
  }

  static newId(): string {
    return randomBytes(12).toString('base64url');
  }

  add(record: RunRecord): void {
    this.#sql.insert.run({
      id: record.id, workspace_id: record.workspaceId, step: record.step, pid: record.process.pid, start_time: record.process.startTime ?? null,
      log_path: record.logPath, status_path: record.statusPath, context: this.#seal(record.id, record.context),
      started_at: record.startedAt, deadline_at: record.deadlineAt,
    });
  }

  /** Replaces a run's context, e.g. when its progress continues in a new message. */
  updateContext(id: string, context: unknown): void {
    this.#sql.updateContext.run(this.#seal(id, context), id);
  }

  remove(id: string): void {
    this.#sql.remove.run(id);
  }

  /** Every recorded run, oldest first; a row whose context no longer opens (a rotated secret) has `context: undefined`. */
  list(): RunRecord[] {
    return this.#sql.all.all().map((row) => ({
      id: row.id, workspaceId: row.workspace_id, step: row.step,
      process: { pid: row.pid, ...(row.start_time ? { startTime: row.start_time } : {}) },
      logPath: row.log_path, statusPath: row.status_path, context: this.#open(row),
      startedAt: row.started_at, deadlineAt: row.deadline_at,
    }));
  }

  /** After a secret rotation: re-seals each context still sealed under the previous secret (list() does it as it reads). */
  resealUnderCurrentSecret(): { resealed: number; unreadable: number } {
    let resealed = 0;
    let unreadable = 0;
    for (const row of this.#sql.all.all()) {
      const opened = this.#tryOpen(row);
      if (opened === undefined) unreadable++;
      else if (opened.resealed) resealed++;
    }
    return { resealed, unreadable };
  }

  #seal(id: string, context: unknown): Buffer {
    return seal(this.#key, Buffer.from(JSON.stringify(context ?? null)), Buffer.from(`terraform-run/v1\0${id}`));
  }

  #open(row: RunRow): unknown {
    return this.#tryOpen(row)?.context;
  }

  /** The context under the current key, else under the previous one (then re-sealed); undefined, logged, if neither opens. */
  #tryOpen(row: RunRow): { context: unknown; resealed: boolean } | undefined {
    const associated = Buffer.from(`terraform-run/v1\0${row.id}`);
    for (const key of [this.#key, this.#previousKey]) {
      if (!key) continue;
      try {
        const context = JSON.parse(open(key, row.context, associated).toString('utf8')) as unknown;
        if (key !== this.#key) this.updateContext(row.id, context);
        return { context, resealed: key !== this.#key };
      } catch {
        // Try the next key.
      }
    }
    this.#log?.warn({ runId: row.id }, 'a terraform run record does not open (sealed under another server secret, or altered)');
    return undefined;
  }
}
