import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.js';
import { DeploymentStore, type DeploymentDetails } from '../../src/deploy/deployment-store.js';
import { ManualClock, silentLog } from '../support/sessions.js';

const details: DeploymentDetails = {
  provider: 'gcp', projectId: 'payments-prod-42', projectName: 'Payments', region: 'us-central1', kind: 'vm',
  name: 'api-web', machineType: 'n1-standard-4', resources: [], outputs: {},
};

/** A logger whose warnings the test reads. */
function capturingLog() {
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  return { log, warnings: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('DeploymentStore', () => {
  const secret = randomBytes(32);
  let db: Db;
  let clock: ManualClock;
  let store: DeploymentStore;

  beforeEach(() => {
    db = openDatabase(':memory:', silentLog);
    clock = new ManualClock();
    store = new DeploymentStore({ db, secret, clock });
  });

  const draft = () => {
    const projectKey = store.projectKey({ guildId: 'g1', provider: 'gcp', projectId: details.projectId });
    return { id: store.deploymentId(projectKey, 'vm', 'api-web', 'us-central1'), guildId: 'g1', projectKey, sessionId: 's1', userId: 'u1', status: 'PLANNED' as const, details };
  };

  it('derives stable keys that differ per guild and per deployment, without the project ID in them', () => {
    expect(store.projectKey({ guildId: 'g1', provider: 'gcp', projectId: 'p-1' })).toBe(store.projectKey({ guildId: 'g1', provider: 'gcp', projectId: 'p-1' }));
    expect(store.projectKey({ guildId: 'g2', provider: 'gcp', projectId: 'p-1' })).not.toBe(store.projectKey({ guildId: 'g1', provider: 'gcp', projectId: 'p-1' }));
    const key = store.projectKey({ guildId: 'g1', provider: 'gcp', projectId: 'p-1' });
    expect(store.deploymentId(key, 'vm', 'a', 'us-central1')).not.toBe(store.deploymentId(key, 'vm', 'b', 'us-central1'));
    expect(store.deploymentId(key, 'vm', 'a', 'us-central1')).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('saves, updates and lists deployments by project, keeping the creation time', () => {
    const first = store.save(draft());
    clock.advance(5000);
    store.save({ ...draft(), status: 'COMPLETED', details: { ...details, resources: ['google_compute_instance.vm'] } });
    const [only] = store.listForProject(first.projectKey);
    expect(only).toMatchObject({ status: 'COMPLETED', createdAt: first.createdAt, updatedAt: first.createdAt + 5000 });
    expect(only?.details.resources).toEqual(['google_compute_instance.vm']);
  });

  it('stores the details sealed: no project ID or name in the table', () => {
    store.save(draft());
    const rows = db.prepare('SELECT * FROM deployments').all() as Record<string, string | number | Buffer>[];
    const dump = rows.flatMap((row) => Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))).join('|');
    expect(dump).not.toContain('payments-prod-42');
    expect(dump).not.toContain('api-web');
  });

  it('does not open details moved to another row: that row is skipped, with a warning, in every reader', () => {
    const { log, warnings } = capturingLog();
    store = new DeploymentStore({ db, secret, clock, log });
    const a = store.save(draft());
    const projectKey = store.projectKey({ guildId: 'g1', provider: 'gcp', projectId: 'other-project' });
    const moved = store.save({ ...draft(), id: store.deploymentId(projectKey, 'vm', 'x', 'us-central1'), projectKey });
    db.prepare('UPDATE deployments SET details = (SELECT details FROM deployments WHERE id = ?) WHERE id != ?').run(a.id, a.id);
    expect(store.listForProject(projectKey)).toEqual([]);
    expect(store.get(moved.id)).toBeUndefined();
    expect(store.listForGuild('g1').map((d) => d.id)).toEqual([a.id]);
    expect(warnings().filter((w) => w.deploymentId === moved.id)).toHaveLength(3);
  });

  it('after the secret changed, skips the old rows (never throws); with RECOVERY_SECRET_PREVIOUS it opens them and re-seals them under the new one', () => {
    const old = store.save({ ...draft(), status: 'COMPLETED', details: { ...details, resources: ['google_compute_instance.vm'] } });
    const newSecret = randomBytes(32);
    const { log, warnings } = capturingLog();
    const rotatedOnly = new DeploymentStore({ db, secret: newSecret, clock, log });
    const project = { guildId: 'g1', provider: 'gcp' as const, projectId: details.projectId };
    expect(rotatedOnly.listForSession(project)).toEqual([]);
    expect(rotatedOnly.listForProject(old.projectKey)).toEqual([]);
    expect(rotatedOnly.get(old.id)).toBeUndefined();
    expect(warnings().length).toBe(2);

    const rotated = new DeploymentStore({ db, secret: newSecret, previousSecret: secret, clock, log: silentLog });
    expect(rotated.resealUnderCurrentSecret()).toEqual({ resealed: 1, unreadable: 0 });
    expect(rotated.resealUnderCurrentSecret()).toEqual({ resealed: 0, unreadable: 0 });
    // Under the new secret alone now: found by the project's new key, under the same ID (its workspace).
    const [found] = new DeploymentStore({ db, secret: newSecret, clock }).listForSession(project);
    expect(found).toMatchObject({ id: old.id, status: 'COMPLETED', details: { resources: ['google_compute_instance.vm'] } });
    expect(found?.projectKey).not.toBe(old.projectKey);
    expect(new DeploymentStore({ db, secret, clock }).get(old.id)).toBeUndefined();
  });

  it('marks ACTIVE deployments INTERRUPTED at startup', () => {
    const d = store.save({ ...draft(), status: 'ACTIVE' });
    expect(store.markActiveInterrupted().map((marked) => marked.id)).toEqual([d.id]);
    expect(store.get(d.id)?.status).toBe('INTERRUPTED');
  });
});
