import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { open, seal } from '../crypto/aead.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import { GENESIS_HASH, headMac, rowHash, verifyChain, type ChainedRow, type ChainProblem } from './hash-chain.js';
import { serverSubkey } from '../crypto/subkeys.js';

export const AUDIT_ACTIONS = [
  'session.opened', 'session.recovered', 'credentials.uploaded',
  'plan.created', 'plan.approved', 'plan.rejected', 'approval.refused',
  'apply.started', 'apply.finished', 'run.cancelled', 'destroy.requested',
  'policy.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The project an action concerns: sealed in the row, and tagged (opaquely) for filtering. */
export interface AuditProject {
  provider: string;
  projectId: string;
  projectName?: string;
  region?: string;
}

/** Facts of an action: short, non-secret values only (never credential content, tokens or session data). */
export type AuditFacts = Record<string, string | number | boolean>;

export interface AuditEvent {
  guildId: string;
  actorId: string;
  action: AuditAction;
  project?: AuditProject;
  deploymentId?: string;
  facts?: AuditFacts;
}

/** A row as read back, details opened. */
export interface AuditEntry extends AuditEvent {
  seq: number;
  at: number;
}

export interface AuditQuery {
  guildId: string;
  /** See {@link AuditLog.projectTags}. */
  projectTags?: readonly string[];
  actorId?: string;
  since?: number;
  limit: number;
  offset: number;
}

const detailsSchema = z.object({
  project: z.object({ provider: z.string(), projectId: z.string(), projectName: z.string().optional(), region: z.string().optional() }).optional(),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

interface Row {
  seq: number; at: number; guild_id: string; actor_id: string; action: string; project_tag: string | null;
  deployment_id: string | null; details: Buffer; prev_hash: string; hash: string;
}

/**
 * The append-only audit trail: each append is chained to the one before under an HMAC key from the
 * server secret; details are sealed under another. `onAppend` listeners (the audit channel) hear each
 * new entry after it is committed.
 */
export class AuditLog {
  readonly #chainKey: Buffer;
  readonly #sealKey: Buffer;
  /**
   * RECOVERY_SECRET_PREVIOUS's keys: rows written before a rotation are chained, sealed and tagged under
   * them, and stay so: each row's hash covers its sealed details and tag, so re-sealing would mean
   * rewriting the chain, which is what the chain exists to show.
   */
  readonly #previous: { chainKey: Buffer; sealKey: Buffer; tagKey: Buffer } | undefined;
  readonly #tagKey: Buffer;
  readonly #listeners: ((entry: AuditEntry) => void)[] = [];
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor({ db, secret, previousSecret, clock, log }: { db: Db; secret: Buffer; previousSecret?: Buffer | undefined; clock: Clock; log: Logger }) {
    this.#db = db;
    this.#previous = previousSecret && {
      chainKey: chainKeyOf(previousSecret), sealKey: serverSubkey(previousSecret, 'audit-details/v1'), tagKey: serverSubkey(previousSecret, 'audit-project-tag/v1'),
    };
    this.#clock = clock;
    this.#log = log;
    this.#chainKey = serverSubkey(secret, 'audit-chain/v1');
    this.#sealKey = serverSubkey(secret, 'audit-details/v1');
    this.#tagKey = serverSubkey(secret, 'audit-project-tag/v1');
  }

  /** Appends an event; an audit failure is logged, never thrown into the action it records. */
  record(event: AuditEvent): AuditEntry | undefined {
    try {
      const entry = this.#append(event);
      for (const listener of this.#listeners) listener(entry);
      return entry;
    } catch (err) {
      this.#log.error({ err, action: event.action }, 'could not write the audit trail');
      return undefined;
    }
  }

  onAppend(listener: (entry: AuditEntry) => void): void {
    this.#listeners.push(listener);
  }

  /** Newest first, filtered; `total` counts every match, for paging. */
  query(q: AuditQuery): { entries: AuditEntry[]; total: number } {
    const [tag = null, previousTag = null] = q.projectTags ?? [];
    const params = { guildId: q.guildId, limit: q.limit, offset: q.offset, tag, previousTag, actorId: q.actorId ?? null, since: q.since ?? null };
    const clause = 'guild_id = @guildId AND (@tag IS NULL OR project_tag IN (@tag, @previousTag)) AND (@actorId IS NULL OR actor_id = @actorId) AND (@since IS NULL OR at >= @since)';
    const total = (this.#db.prepare(`SELECT COUNT(*) FROM audit_log WHERE ${clause}`).pluck().get(params) as number);
    const rows = this.#db.prepare<typeof params, Row>(`SELECT * FROM audit_log WHERE ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`).all(params);
    return { entries: rows.map((row) => this.#open(row)), total };
  }

  /** Every problem in the chain, each naming its row; empty when the trail is intact. */
  verify(): { rows: number; problems: ChainProblem[] } {
    return verifyAuditTrail(this.#db, [this.#chainKey, ...(this.#previous ? [this.#previous.chainKey] : [])]);
  }

  /** Opaque and stable per guild and project ID (case-insensitive, as users type it). */
  projectTag(guildId: string, projectId: string): string {
    return tagUnder(this.#tagKey, guildId, projectId);
  }

  /** The project's tag, then (during a rotation) the one its rows before the rotation carry: what a query by project matches. */
  projectTags(guildId: string, projectId: string): string[] {
    return [this.projectTag(guildId, projectId), ...(this.#previous ? [tagUnder(this.#previous.tagKey, guildId, projectId)] : [])];
  }

  /**
   * At a start during a rotation: a head still vouched for by the previous secret alone (nothing appended
   * since) is vouched for under the current one, once the whole chain checks out under the previous key.
   * From then on, rows or a head under the old secret alone show as rewritten (see verifyChain).
   */
  vouchUnderCurrentSecret(): 'vouched' | 'not needed' | 'broken' {
    const head = this.#db.prepare<[], { seq: number; mac: string }>('SELECT seq, mac FROM audit_head WHERE id = 1').get();
    if (!this.#previous || !head) return 'not needed';
    const last = this.#db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(head.seq);
    if (!last || headMac(this.#chainKey, head.seq, last.hash) === head.mac) return 'not needed';
    if (verifyAuditTrail(this.#db, [this.#previous.chainKey]).problems.length > 0) return 'broken';
    this.#db.prepare('UPDATE audit_head SET mac = ? WHERE id = 1 AND seq = ?').run(headMac(this.#chainKey, head.seq, last.hash), head.seq);
    return 'vouched';
  }

  #append(event: AuditEvent): AuditEntry {
    const at = this.#clock.now();
    const append = this.#db.transaction(() => {
      const last = this.#db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
      const seq = (last?.seq ?? 0) + 1;
      const plain = JSON.stringify({ ...(event.project ? { project: event.project } : {}), ...(event.facts ? { facts: event.facts } : {}) });
      const row: Omit<ChainedRow, 'hash'> = {
        seq, at, guildId: event.guildId, actorId: event.actorId, action: event.action,
        projectTag: event.project ? this.projectTag(event.guildId, event.project.projectId) : null,
        deploymentId: event.deploymentId ?? null,
        details: seal(this.#sealKey, Buffer.from(plain), associatedData(seq, event.guildId)),
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const hash = rowHash(this.#chainKey, row);
      this.#db.prepare(`INSERT INTO audit_log (seq, at, guild_id, actor_id, action, project_tag, deployment_id, details, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(seq, at, row.guildId, row.actorId, row.action, row.projectTag, row.deploymentId, row.details, row.prevHash, hash);
      this.#db.prepare('INSERT INTO audit_head (id, seq, mac) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac')
        .run(seq, headMac(this.#chainKey, seq, hash));
      return seq;
    });
    return { ...event, seq: append.immediate(), at };
  }

  /** A row's sealed details, under the current key or the previous one; a row under neither says so, and is logged. */
  #details(row: Row): z.infer<typeof detailsSchema> {
    for (const key of [this.#sealKey, this.#previous?.sealKey]) {
      if (!key) continue;
      try {
        return detailsSchema.parse(JSON.parse(open(key, row.details, associatedData(row.seq, row.guild_id)).toString('utf8')));
      } catch {
        // Try the next key.
      }
    }
    this.#log.warn({ seq: row.seq }, 'audit row details do not open (altered, or sealed under another server secret)');
    return { facts: { note: 'details do not open (altered, or sealed under another secret)' } };
  }

  #open(row: Row): AuditEntry {
    const details = this.#details(row);
    return {
      seq: row.seq, at: row.at, guildId: row.guild_id, actorId: row.actor_id, action: row.action as AuditAction,
      ...(row.deployment_id ? { deploymentId: row.deployment_id } : {}), ...details,
    };
  }
}

/** Reads the whole chain in seq order and checks it (used by the bot and by `npm run audit:verify`); `chainKeys`: current first, then the previous one. */
export function verifyAuditTrail(db: Db, chainKeys: Buffer | readonly Buffer[]): { rows: number; problems: ChainProblem[] } {
  const head = db.prepare<[], { seq: number; mac: string }>('SELECT seq, mac FROM audit_head WHERE id = 1').get();
  let rows = 0;
  const chained = function* (): Generator<ChainedRow> {
    for (const r of db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      rows++;
      yield {
        seq: r.seq, at: r.at, guildId: r.guild_id, actorId: r.actor_id, action: r.action, projectTag: r.project_tag,
        deploymentId: r.deployment_id, details: r.details, prevHash: r.prev_hash, hash: r.hash,
      };
    }
  };
  const problems = verifyChain(chainKeys, chained(), head);
  return { rows, problems };
}

function tagUnder(key: Buffer, guildId: string, projectId: string): string {
  return createHmac('sha256', key).update(`${guildId}\0${projectId.toLowerCase()}`).digest('base64url').slice(0, 22);
}

/** The chain's key, for the verify script, which has the secret but no AuditLog. */
export const chainKeyOf = (secret: Buffer) => serverSubkey(secret, 'audit-chain/v1');

function associatedData(seq: number, guildId: string): Buffer {
  return Buffer.from(`audit/v1\0${seq}\0${guildId}`);
}

/** The project fields an audit row keeps (sealed) from a session or a deployment's details. */
export function auditProject(p: { provider: string; projectId: string; projectName?: string; region?: string }): AuditProject {
  return { provider: p.provider, projectId: p.projectId, ...(p.projectName ? { projectName: p.projectName } : {}), ...(p.region ? { region: p.region } : {}) };
}

/** An event about one deployment: its project (sealed), its opaque ID, and which resource. */
export function deploymentEvent(
  deployment: { id: string; guildId: string; details: { provider: string; projectId: string; projectName?: string; region?: string; kind: string; name: string } },
  actorId: string, action: AuditAction, facts: AuditFacts = {},
): AuditEvent {
  const { details } = deployment;
  return {
    guildId: deployment.guildId, actorId, action, deploymentId: deployment.id, project: auditProject(details),
    facts: { resource: `${details.kind} ${details.name}`, ...facts },
  };
}
