import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.js';
import { deriveBlobKey } from '../../src/recovery/blob-crypto.js';
import { RecoveryStore } from '../../src/recovery/recovery-store.js';
import { ManualClock, makeSession, silentLog } from '../support/sessions.js';

describe('RecoveryStore', () => {
  const secret = randomBytes(32);
  let clock: ManualClock;
  let db: Db;
  let store: RecoveryStore;

  beforeEach(() => {
    clock = new ManualClock();
    db = openDatabase(':memory:', silentLog);
    store = new RecoveryStore({ db, secret, clock, log: silentLog });
  });

  const owner = (s: { userId: string; guildId: string }) => ({ userId: s.userId, guildId: s.guildId });

  it('gives the owner back the session exactly as saved, with its original expiry', () => {
    const session = makeSession({}, clock);
    store.save(session);
    clock.advance(10 * 60_000);
    expect(store.recover(session.id, owner(session))).toEqual({ ok: true, session, deploymentStatus: null });
  });

  it('stores no plaintext: neither the project nor the credentials appear in the row', () => {
    const session = makeSession({}, clock);
    store.save(session);
    const row = db.prepare('SELECT * FROM recovery_blobs').get() as Record<string, unknown>;
    const dump = JSON.stringify(row) + (row.encrypted_blob as Buffer).toString('latin1');
    for (const secretText of [session.projectId, session.projectName, 'SECRET', 'deployer@']) expect(dump).not.toContain(secretText);
  });

  it.each([
    ['an unknown ID', (s: ReturnType<typeof makeSession>) => ({ id: 'A'.repeat(22), who: owner(s) }), 'unknown'],
    ['another user', (s: ReturnType<typeof makeSession>) => ({ id: s.id, who: { ...owner(s), userId: '999999999999999999' } }), 'wrong-owner'],
    ['another guild', (s: ReturnType<typeof makeSession>) => ({ id: s.id, who: { ...owner(s), guildId: '999999999999999999' } }), 'wrong-guild'],
  ])('refuses %s', (_label, ask, reason) => {
    const session = makeSession({}, clock);
    store.save(session);
    const { id, who } = ask(session);
    expect(store.recover(id, who)).toEqual({ ok: false, reason });
  });

  it('refuses an expired blob and deletes it in the cleanup', () => {
    const session = makeSession({}, clock);
    store.save(session);
    clock.advance(30 * 60_000);
    expect(store.recover(session.id, owner(session))).toEqual({ ok: false, reason: 'expired' });
    expect(store.deleteExpired()).toBe(1);
    expect(store.recover(session.id, owner(session))).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a blob whose bytes were altered', () => {
    const session = makeSession({}, clock);
    store.save(session);
    const blob = db.prepare('SELECT encrypted_blob FROM recovery_blobs').pluck().get() as Buffer;
    blob[blob.length - 1]! ^= 0x01;
    db.prepare('UPDATE recovery_blobs SET encrypted_blob = ?').run(blob);
    expect(store.recover(session.id, owner(session))).toEqual({ ok: false, reason: 'undecryptable' });
  });

  it('refuses a blob moved to another row, even one of the same owner', () => {
    const a = makeSession({}, clock);
    const b = makeSession({}, clock);
    store.save(a);
    store.save(b);
    db.prepare('UPDATE recovery_blobs SET encrypted_blob = (SELECT encrypted_blob FROM recovery_blobs WHERE session_id = ?) WHERE session_id = ?').run(a.id, b.id);
    expect(store.recover(b.id, owner(b))).toEqual({ ok: false, reason: 'undecryptable' });
  });

  it('refuses a blob whose expiry column was pushed back', () => {
    const session = makeSession({}, clock);
    store.save(session);
    clock.advance(31 * 60_000);
    db.prepare('UPDATE recovery_blobs SET expires_at = expires_at + 3600000').run();
    expect(store.recover(session.id, owner(session))).toEqual({ ok: false, reason: 'undecryptable' });
  });

  it('refuses every blob under a different server secret', () => {
    const session = makeSession({}, clock);
    store.save(session);
    const other = new RecoveryStore({ db, secret: randomBytes(32), clock, log: silentLog });
    expect(other.recover(session.id, owner(session))).toEqual({ ok: false, reason: 'undecryptable' });
  });

  it('marks deployments left ACTIVE by a dead process as INTERRUPTED, and keeps statuses across re-saves', () => {
    const session = makeSession({}, clock);
    store.save(session);
    store.setDeploymentStatus(session.id, 'ACTIVE');
    store.save(session);
    expect(store.markActiveDeploymentsInterrupted()).toBe(1);
    expect(store.recover(session.id, owner(session))).toMatchObject({ ok: true, deploymentStatus: 'INTERRUPTED' });
  });
});

describe('deriveBlobKey', () => {
  const secret = randomBytes(32);

  it('derives a different 256-bit key per user and per session', () => {
    const keys = [deriveBlobKey(secret, 'u1', 's1'), deriveBlobKey(secret, 'u2', 's1'), deriveBlobKey(secret, 'u1', 's2')];
    expect(keys.every((k) => k.length === 32)).toBe(true);
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(3);
  });

  it('depends on the server secret, not only on the public user ID', () => {
    expect(deriveBlobKey(randomBytes(32), 'u1', 's1').equals(deriveBlobKey(secret, 'u1', 's1'))).toBe(false);
    expect(deriveBlobKey(secret, 'u1', 's1').equals(deriveBlobKey(secret, 'u1', 's1'))).toBe(true);
  });
});
