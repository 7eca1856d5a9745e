import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { RunStore, type RunRecord } from '../../src/terraform/run-store.js';
import { silentLog } from '../support/sessions.js';

const record = (id: string): RunRecord => ({
  id, workspaceId: 'dep1', step: 'apply', process: { pid: 4242, startTime: '123456' }, logPath: '/w/dep1/.chatops-runs/r.log',
  statusPath: '/w/dep1/.chatops-runs/r.status', context: { startedBy: '310000000000000001', progressMessage: { channelId: '34', messageId: '35' } },
  startedAt: 1000, deadlineAt: 2000,
});

describe('RunStore', () => {
  it('keeps what finds a run again, with its context sealed, until the run is removed', () => {
    const db = openDatabase(':memory:', silentLog);
    const runs = new RunStore({ db, secret: Buffer.alloc(32, 1) });
    runs.add(record('r1'));
    expect(runs.list()).toEqual([record('r1')]);
    const raw = db.prepare('SELECT * FROM terraform_runs').get() as Record<string, unknown>;
    expect(JSON.stringify(raw)).not.toContain('310000000000000001');
    expect((raw.context as Buffer).toString('latin1')).not.toContain('progressMessage');

    runs.updateContext('r1', { startedBy: 'x' });
    expect(runs.list()[0]!.context).toEqual({ startedBy: 'x' });
    runs.remove('r1');
    expect(runs.list()).toEqual([]);
  });

  it('lists a record whose context no longer opens (another secret) without its context', () => {
    const db = openDatabase(':memory:', silentLog);
    new RunStore({ db, secret: Buffer.alloc(32, 1) }).add(record('r1'));
    expect(new RunStore({ db, secret: Buffer.alloc(32, 2) }).list()[0]).toMatchObject({ id: 'r1', process: { pid: 4242 }, context: undefined });
  });
});
