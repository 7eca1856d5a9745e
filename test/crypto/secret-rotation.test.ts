import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { openDatabase } from '../../src/db/database.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { PolicyStore } from '../../src/policy/policy-store.js';
import { RecoveryStore } from '../../src/recovery/recovery-store.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { ManualClock, makeSession, silentLog } from '../support/sessions.js';

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const GUILD = '222222222222222222';

describe('rotating the server secret (RECOVERY_SECRET_PREVIOUS)', () => {
  it('audit: rows written before the rotation still read and verify; without the previous secret they are named as not matching', () => {
    const db = openDatabase(':memory:', silentLog);
    const clock = new ManualClock();
    new AuditLog({ db, secret: OLD, clock, log: silentLog }).record({ guildId: GUILD, actorId: 'u1', action: 'plan.created', facts: { step: 1 } });
    const rotated = new AuditLog({ db, secret: NEW, previousSecret: OLD, clock, log: silentLog });
    rotated.record({ guildId: GUILD, actorId: 'u2', action: 'plan.approved', facts: { step: 2 } });
    expect(rotated.verify()).toEqual({ rows: 2, problems: [] });
    expect(rotated.query({ guildId: GUILD, limit: 10, offset: 0 }).entries.map((e) => e.facts)).toEqual([{ step: 2 }, { step: 1 }]);

    const blind = new AuditLog({ db, secret: NEW, clock, log: silentLog });
    expect(blind.verify().problems.map((p) => [p.seq, p.problem])).toEqual([[1, 'changed']]);
    expect(blind.query({ guildId: GUILD, limit: 10, offset: 0 }).entries[1]?.facts).toEqual({ note: 'details do not open (altered, or sealed under another secret)' });
  });

  it('run records: a context sealed under the previous secret opens and is re-sealed under the new one', () => {
    const db = openDatabase(':memory:', silentLog);
    const record = {
      id: 'r1', workspaceId: 'dep1', step: 'apply', process: { pid: 4242 }, logPath: '/l', statusPath: '/s', context: { startedBy: 'u1' }, startedAt: 1, deadlineAt: 2,
    };
    new RunStore({ db, secret: OLD }).add(record);
    expect(new RunStore({ db, secret: NEW }).list()[0]?.context).toBeUndefined();
    expect(new RunStore({ db, secret: NEW, previousSecret: OLD }).resealUnderCurrentSecret()).toEqual({ resealed: 1, unreadable: 0 });
    expect(new RunStore({ db, secret: NEW }).list()[0]?.context).toEqual({ startedBy: 'u1' });
  });

  it('policies: one sealed under the previous secret opens and is re-sealed; one under neither still fails closed, but shows as unreadable', () => {
    const db = openDatabase(':memory:', silentLog);
    const clock = new ManualClock();
    const strict = { ...DEFAULT_POLICY, selfApproval: false };
    new PolicyStore({ db, secret: OLD, clock, log: silentLog }).put(GUILD, strict, 'admin');
    expect(() => new PolicyStore({ db, secret: NEW, clock, log: silentLog }).get(GUILD)).toThrow(/does not open/);
    expect(new PolicyStore({ db, secret: NEW, clock, log: silentLog }).forDisplay(GUILD)).toBeUndefined();
    expect(new PolicyStore({ db, secret: NEW, previousSecret: OLD, clock, log: silentLog }).resealUnderCurrentSecret()).toEqual({ resealed: 1, unreadable: 0 });
    expect(new PolicyStore({ db, secret: NEW, clock, log: silentLog }).get(GUILD)).toMatchObject({ selfApproval: false });
  });

  it('recovery blobs: one sealed under the previous secret recovers, and afterwards under the new secret alone', () => {
    const db = openDatabase(':memory:', silentLog);
    const clock = new ManualClock();
    const session = makeSession({}, clock);
    new RecoveryStore({ db, secret: OLD, clock, log: silentLog }).save(session);
    const owner = { userId: session.userId, guildId: session.guildId };
    expect(new RecoveryStore({ db, secret: NEW, clock, log: silentLog }).recover(session.id, owner)).toEqual({ ok: false, reason: 'undecryptable' });
    expect(new RecoveryStore({ db, secret: NEW, previousSecret: OLD, clock, log: silentLog }).recover(session.id, owner)).toMatchObject({ ok: true, session: { id: session.id } });
    expect(new RecoveryStore({ db, secret: NEW, clock, log: silentLog }).recover(session.id, owner)).toMatchObject({ ok: true });
  });
});
