import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { parseSince } from '../../src/audit/since.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { ManualClock, silentLog } from '../support/sessions.js';

const GUILD = '222222222222222222';
const PROJECT = { provider: 'gcp', projectId: 'payments-prod-42', projectName: 'Payments API' };

function trail(count = 5, secret = randomBytes(32)): { db: Db; audit: AuditLog; clock: ManualClock; secret: Buffer } {
  const db = openDatabase(':memory:', silentLog);
  const clock = new ManualClock();
  const audit = new AuditLog({ db, secret, clock, log: silentLog });
  for (let i = 0; i < count; i++) {
    audit.record({ guildId: GUILD, actorId: `11111111111111111${i}`, action: i % 2 ? 'plan.approved' : 'plan.created', project: PROJECT, facts: { step: i } });
    clock.advance(1000);
  }
  return { db, audit, clock, secret };
}

/** What a database editor would do: drop the guards, then change rows. */
function tamper(db: Db, sql: string): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
}

describe('audit trail', () => {
  it('verifies an untouched chain', () => {
    const { audit } = trail();
    expect(audit.verify()).toEqual({ rows: 5, problems: [] });
  });

  it('refuses UPDATE and DELETE while its triggers stand', () => {
    const { db } = trail();
    expect(() => db.exec("UPDATE audit_log SET actor_id = 'x' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log WHERE seq = 2')).toThrow(/append-only/);
  });

  it.each([
    ['an actor changed', "UPDATE audit_log SET actor_id = '999999999999999999' WHERE seq = 3", { seq: 3, problem: 'changed' }],
    ['an action changed', "UPDATE audit_log SET action = 'plan.rejected' WHERE seq = 2", { seq: 2, problem: 'changed' }],
    ['a time changed', 'UPDATE audit_log SET at = at + 1 WHERE seq = 4', { seq: 4, problem: 'changed' }],
    ['a row deleted', 'DELETE FROM audit_log WHERE seq = 3', { seq: 3, problem: 'missing' }],
    ['the last row deleted', 'DELETE FROM audit_log WHERE seq = 5', { seq: 5, problem: 'missing' }],
    ['the last two rows deleted and the head moved back', 'DELETE FROM audit_log WHERE seq >= 4; UPDATE audit_head SET seq = 3', { seq: 3, problem: 'changed' }],
  ])('names the row when %s', (_what, sql, expected) => {
    const { db, audit } = trail();
    tamper(db, sql);
    expect(audit.verify().problems).toContainEqual(expect.objectContaining(expected));
  });

  it('cannot be re-chained without the secret: a recomputed plain hash is still caught', () => {
    const { db, audit } = trail();
    tamper(db, "UPDATE audit_log SET actor_id = '999999999999999999', hash = lower(hex(randomblob(32))) WHERE seq = 2");
    expect(audit.verify().problems.map((p) => p.seq)).toContain(2);
  });

  it('reads back newest first, filtered by project, user and time, with sealed details', () => {
    const { audit, clock } = trail(6);
    audit.record({ guildId: GUILD, actorId: '333333333333333333', action: 'policy.changed', facts: { approvals: 2 } });
    const all = audit.query({ guildId: GUILD, limit: 3, offset: 0 });
    expect(all.total).toBe(7);
    expect(all.entries.map((e) => e.seq)).toEqual([7, 6, 5]);
    expect(all.entries[1]).toMatchObject({ action: 'plan.approved', project: PROJECT, facts: { step: 5 } });
    const tag = audit.projectTag(GUILD, 'PAYMENTS-prod-42');
    expect(audit.query({ guildId: GUILD, projectTags: [tag], limit: 50, offset: 0 }).total).toBe(6);
    expect(audit.query({ guildId: GUILD, actorId: '111111111111111112', limit: 50, offset: 0 }).entries.map((e) => e.seq)).toEqual([3]);
    expect(audit.query({ guildId: GUILD, since: clock.now() - 2500, limit: 50, offset: 0 }).entries.map((e) => e.seq)).toEqual([7, 6, 5]);
    expect(audit.query({ guildId: '999999999999999999', limit: 50, offset: 0 }).total).toBe(0);
  });

  it('after a rotation, vouches for a chain intact under the previous secret, and not for one that is not', () => {
    const { db, secret: previousSecret } = trail(3);
    const rotated = new AuditLog({ db, secret: randomBytes(32), previousSecret, clock: new ManualClock(), log: silentLog });
    expect(rotated.verify().problems).toEqual([expect.objectContaining({ seq: 3, detail: expect.stringContaining('vouched for by RECOVERY_SECRET_PREVIOUS only') })]);
    expect(rotated.vouchUnderCurrentSecret()).toBe('vouched');
    expect(rotated.vouchUnderCurrentSecret()).toBe('not needed');
    rotated.record({ guildId: GUILD, actorId: '333333333333333333', action: 'policy.changed' });
    expect(rotated.verify()).toEqual({ rows: 4, problems: [] });

    const broken = trail(3);
    tamper(broken.db, "UPDATE audit_log SET actor_id = '999999999999999999' WHERE seq = 2");
    expect(new AuditLog({ db: broken.db, secret: randomBytes(32), previousSecret: broken.secret, clock: new ManualClock(), log: silentLog }).vouchUnderCurrentSecret()).toBe('broken');
  });

  it('keeps project IDs out of the clear columns', () => {
    const { db } = trail(1);
    const row = db.prepare('SELECT * FROM audit_log').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain('payments-prod-42');
    expect((row.details as Buffer).toString('latin1')).not.toContain('payments-prod-42');
  });
});

describe('parseSince', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  it.each([
    ['24h', now - 86_400_000],
    ['7d', now - 7 * 86_400_000],
    ['30m', now - 1_800_000],
    ['2026-11-30', Date.UTC(2026, 10, 30)],
    ['2026-11-30T10:00', Date.UTC(2026, 10, 30, 10)],
    ['2026-11-30T10:00+01:00', Date.UTC(2026, 10, 30, 9)],
  ])('reads %s', (text, expected) => {
    expect(parseSince(text, now)).toEqual({ ok: true, value: expected });
  });
  it.each(['yesterday', '7 days', '2026-13-45', ''])('refuses %j with an example', (text) => {
    const result = parseSince(text, now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/24h/);
  });
});
