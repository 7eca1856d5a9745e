import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { open, seal } from '../crypto/aead.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import { PROVIDERS, type Provider } from '../cloud/providers.js';
import { serverSubkey } from '../crypto/subkeys.js';

export const DEPLOYMENT_STATES = ['PLANNED', 'ACTIVE', 'COMPLETED', 'FAILED', 'INTERRUPTED', 'CANCELLED', 'DESTROYED'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/** What a deployment is and what it made; stored sealed, since it names the project. */
export const deploymentDetailsSchema = z.object({
  provider: z.enum(PROVIDERS),
  projectId: z.string(),
  projectName: z.string(),
  region: z.string(),
  kind: z.enum(['vm', 'k8s', 'database', 'bucket']),
  name: z.string(),
  machineType: z.string().optional(),
  nodeCount: z.number().int().optional(),
  monthlyCostUsd: z.number().optional(),
  /** After a run that did not complete: what the resources it left bill per month, when they can be priced. */
  billedMonthlyUsd: z.number().optional(),
  /**
   * A plan made on a deployment that already has something deployed, until it is applied: what it would
   * change to. Kept apart so that an unapproved plan never rewrites what is actually deployed.
   */
  pending: z.object({ machineType: z.string().optional(), nodeCount: z.number().int().optional(), monthlyCostUsd: z.number().optional() }).optional(),
  /** What the last run did: Resume continues an interrupted teardown as a teardown. */
  operation: z.enum(['apply', 'destroy']).optional(),
  /** Operations the last run set out to do: a resumed run counts what the interruption left undone against it. */
  plannedOperations: z.number().int().nonnegative().optional(),
  /** The channel message showing the last run's progress, to mark it interrupted after a crash. */
  progressMessage: z.object({ channelId: z.string(), messageId: z.string() }).optional(),
  /** The public reply showing a plan being made or awaiting approval, to give it a final state after a restart. */
  planReply: z.object({ channelId: z.string(), messageId: z.string(), purpose: z.enum(['deploy', 'teardown', 'resume']) }).optional(),
  /** Resource addresses Terraform reported as created and not yet destroyed. */
  resources: z.array(z.string()),
  outputs: z.record(z.string(), z.string()),
  lastError: z.string().optional(),
});
export type DeploymentDetails = z.infer<typeof deploymentDetailsSchema>;

/** What names a project: a guild's project at a provider (a Session is one). */
export interface ProjectRef {
  guildId: string;
  provider: Provider;
  projectId: string;
}

export interface Deployment {
  id: string;
  guildId: string;
  projectKey: string;
  sessionId: string;
  userId: string;
  status: DeploymentState;
  details: DeploymentDetails;
  createdAt: number;
  updatedAt: number;
}

interface DeploymentRow {
  id: string;
  guild_id: string;
  project_key: string;
  session_id: string;
  user_id: string;
  status: DeploymentState;
  details: Buffer;
  created_at: number;
  updated_at: number;
}

export interface DeploymentStoreOptions {
  db: Db;
  secret: Buffer;
  /** RECOVERY_SECRET_PREVIOUS: rows sealed under it still open, and are re-sealed under `secret`. */
  previousSecret?: Buffer | undefined;
  clock: Clock;
  /** Where a row that does not open is reported (it is skipped, never fatal). */
  log?: Logger | undefined;
}

/** Deployments in SQLite, with their details sealed under a key derived from the server secret. */
export class DeploymentStore {
  readonly #hmacKey: Buffer;
  readonly #sealKey: Buffer;
  readonly #previousSealKey: Buffer | undefined;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #sql;

  constructor({ db, secret, previousSecret, clock, log }: DeploymentStoreOptions) {
    this.#hmacKey = serverSubkey(secret, 'deployment-ids/v1');
    this.#sealKey = serverSubkey(secret, 'deployment-details/v1');
    this.#previousSealKey = previousSecret && serverSubkey(previousSecret, 'deployment-details/v1');
    this.#clock = clock;
    this.#log = log;
    this.#sql = {
      upsert: db.prepare(`INSERT INTO deployments (id, guild_id, project_key, session_id, user_id, status, details, created_at, updated_at)
        VALUES (@id, @guild_id, @project_key, @session_id, @user_id, @status, @details, @created_at, @updated_at)
        ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, user_id = excluded.user_id, status = excluded.status,
          details = excluded.details, updated_at = excluded.updated_at`),
      get: db.prepare<[string], DeploymentRow>('SELECT * FROM deployments WHERE id = ?'),
      all: db.prepare<[], DeploymentRow>('SELECT * FROM deployments ORDER BY created_at'),
      rekey: db.prepare<[string, Buffer, string]>('UPDATE deployments SET project_key = ?, details = ? WHERE id = ?'),
      byGuild: db.prepare<[string], DeploymentRow>('SELECT * FROM deployments WHERE guild_id = ? ORDER BY created_at'),
      byProject: db.prepare<[string], DeploymentRow>('SELECT * FROM deployments WHERE project_key = ? ORDER BY created_at'),
      settledBefore: db.prepare<[number], DeploymentRow>(`SELECT * FROM deployments WHERE status IN ('DESTROYED', 'CANCELLED', 'PLANNED') AND updated_at < ?`),
      updatedSince: db.prepare<[number], DeploymentRow>('SELECT * FROM deployments WHERE updated_at >= ? ORDER BY updated_at'),
      interruptActive: db.prepare<[number, string], DeploymentRow>(`UPDATE deployments SET status = 'INTERRUPTED', updated_at = ?
        WHERE status = 'ACTIVE' AND id NOT IN (SELECT value FROM json_each(?)) RETURNING *`),
    };
  }

  /** A stable, opaque key for a guild's project: equal inputs give equal keys, and it reveals neither. */
  projectKey({ guildId, provider, projectId }: ProjectRef): string {
    return this.#mac(['project', guildId, provider, projectId]);
  }

  /**
   * The ID (and workspace directory name) of a new deployment of `kind` named `name` in a project's
   * region. An existing one keeps the ID it was made with (see DeploymentService), so this may change.
   */
  deploymentId(projectKey: string, kind: string, name: string, region: string): string {
    return this.#mac(['deployment/v2', projectKey, kind, name, region]).slice(0, 32);
  }

  save(deployment: Omit<Deployment, 'createdAt' | 'updatedAt'> & { createdAt?: number }): Deployment {
    const now = this.#clock.now();
    const existing = this.#sql.get.get(deployment.id);
    const saved: Deployment = { ...deployment, createdAt: existing?.created_at ?? deployment.createdAt ?? now, updatedAt: now };
    this.#sql.upsert.run({
      id: saved.id, guild_id: saved.guildId, project_key: saved.projectKey, session_id: saved.sessionId, user_id: saved.userId,
      status: saved.status, details: this.#seal(saved), created_at: saved.createdAt, updated_at: saved.updatedAt,
    });
    return saved;
  }

  /** The deployment, or undefined if there is none or its row does not open (logged). */
  get(id: string): Deployment | undefined {
    const row = this.#sql.get.get(id);
    return row && this.#openEach([row])[0];
  }

  /** Whether a row exists under this ID, whether or not it opens. */
  has(id: string): boolean {
    return this.#sql.get.get(id) !== undefined;
  }

  /** A project's deployments, oldest first; a row that does not open is skipped (logged), never fatal. */
  listForProject(projectKey: string): Deployment[] {
    return this.#openEach(this.#sql.byProject.all(projectKey));
  }

  /** Every deployment of a server that still opens (for server-wide spend); one that does not is left out. */
  listForGuild(guildId: string): Deployment[] {
    return this.#openEach(this.#sql.byGuild.all(guildId));
  }

  /** The deployments of a session's project, oldest first. */
  listForSession(session: ProjectRef): Deployment[] {
    return this.listForProject(this.projectKey(session));
  }

  /** Deployments changed since `since` (Unix ms); a row that no longer opens is skipped, never fatal. */
  updatedSince(since: number): Deployment[] {
    return this.#openEach(this.#sql.updatedSince.all(since));
  }

  /**
   * Deployments with nothing left in the cloud, unchanged since `before`: destroyed, or planned and never
   * applied. Their workspaces hold no state worth keeping (see workspace-retention.ts).
   */
  emptySince(before: number): Deployment[] {
    return this.#openEach(this.#sql.settledBefore.all(before)).filter((d) => d.status === 'DESTROYED' || d.details.resources.length === 0);
  }

  /**
   * At startup: a deployment still ACTIVE whose Terraform run was not recorded (`keep` lists those that
   * were) was cut off before Terraform started. Returns those it marked.
   */
  markActiveInterrupted(keep: readonly string[] = []): Deployment[] {
    // A row that no longer opens is still marked: startup must not fail on it.
    return this.#openEach(this.#sql.interruptActive.all(this.#clock.now(), JSON.stringify(keep)));
  }

  /**
   * After a secret rotation: re-seals every row still sealed under the previous secret, under the current
   * one (its project key recomputed; its ID, the workspace name, kept). Returns how many moved, and how
   * many open under neither secret (left as they are, skipped by every listing).
   */
  resealUnderCurrentSecret(): { resealed: number; unreadable: number } {
    let resealed = 0;
    let unreadable = 0;
    for (const row of this.#sql.all.all()) {
      const opened = this.#tryOpen(row);
      if (opened === 'unreadable') unreadable++;
      else if (opened.resealed) resealed++;
    }
    return { resealed, unreadable };
  }

  #mac(parts: string[]): string {
    return createHmac('sha256', this.#hmacKey).update(parts.join('\0')).digest('base64url');
  }

  #seal(d: Deployment): Buffer {
    return seal(this.#sealKey, Buffer.from(JSON.stringify(d.details)), associatedData(d.id, d.guildId, d.projectKey));
  }

  /** The rows that still open; one sealed under another secret (or altered) is logged and left out rather than failing the caller. */
  #openEach(rows: DeploymentRow[]): Deployment[] {
    return rows.flatMap((row) => {
      const opened = this.#tryOpen(row);
      if (opened !== 'unreadable') return [opened.deployment];
      this.#log?.warn({ deploymentId: row.id, status: row.status }, 'skipping a deployment row that does not open (sealed under another server secret, or altered); set RECOVERY_SECRET_PREVIOUS to the old secret to read it');
      return [];
    });
  }

  /** Opens under the current secret, else under the previous one, re-sealing it under the current. */
  #tryOpen(row: DeploymentRow): { deployment: Deployment; resealed: boolean } | 'unreadable' {
    try {
      return { deployment: this.#open(row, this.#sealKey), resealed: false };
    } catch {
      if (!this.#previousSealKey) return 'unreadable';
    }
    let old: Deployment;
    try {
      old = this.#open(row, this.#previousSealKey);
    } catch {
      return 'unreadable';
    }
    const deployment = { ...old, projectKey: this.projectKey({ guildId: old.guildId, provider: old.details.provider, projectId: old.details.projectId }) };
    this.#sql.rekey.run(deployment.projectKey, this.#seal(deployment), deployment.id);
    return { deployment, resealed: true };
  }

  #open(row: DeploymentRow, key: Buffer): Deployment {
    const plaintext = open(key, row.details, associatedData(row.id, row.guild_id, row.project_key));
    return {
      id: row.id, guildId: row.guild_id, projectKey: row.project_key, sessionId: row.session_id, userId: row.user_id,
      status: row.status, details: deploymentDetailsSchema.parse(JSON.parse(plaintext.toString('utf8'))),
      createdAt: row.created_at, updatedAt: row.updated_at,
    };
  }
}

function associatedData(id: string, guildId: string, projectKey: string): Buffer {
  return Buffer.from(['deployment/v1', id, guildId, projectKey].join('\0'));
}
