import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { DeploymentStore, type DeploymentDetails, type DeploymentState } from '../../src/deploy/deployment-store.js';
import { sweepWorkspaces } from '../../src/deploy/workspace-retention.js';
import { Workspaces } from '../../src/terraform/workspaces.js';
import { ManualClock, silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

const DAY = 86_400_000;
const details = (name: string, resources: string[] = []): DeploymentDetails => ({
  provider: 'gcp', projectId: 'payments-prod-42', projectName: 'Payments', region: 'us-central1', kind: 'bucket', name, resources, outputs: {},
});

function setup() {
  const db = openDatabase(':memory:', silentLog);
  const clock = new ManualClock();
  const secret = Buffer.alloc(32, 4);
  const deployments = new DeploymentStore({ db, secret, clock, log: silentLog });
  const workspaces = new Workspaces(join(tempDir('retention-'), 'workspaces'));
  const projectKey = deployments.projectKey({ guildId: 'g1', provider: 'gcp', projectId: 'payments-prod-42' });
  /** A deployment last changed `ageDays` ago, with a workspace holding a state file. */
  const make = (name: string, status: DeploymentState, ageDays: number, resources: string[] = [], store = deployments) => {
    const id = store.deploymentId(projectKey, 'bucket', name, 'us-central1');
    clock.advance(-ageDays * DAY);
    store.save({ id, guildId: 'g1', projectKey, sessionId: 's1', userId: 'u1', status, details: details(name, resources) });
    clock.advance(ageDays * DAY);
    writeFileSync(join(workspaces.dir(id), 'terraform.tfstate'), '{}', { mode: 0o644 });
    return id;
  };
  const sweep = () => sweepWorkspaces({ deployments, workspaces, clock, log: silentLog, retentionMs: 7 * DAY });
  return { db, clock, secret, deployments, workspaces, make, sweep, exists: (id: string) => existsSync(join(workspaces.root, id)) };
}

describe('workspace retention', () => {
  it('removes the workspaces of deployments destroyed (or never applied) longer ago than the retention, and nothing else', () => {
    const { make, sweep, exists, db, clock } = setup();
    const old = make('old-destroyed', 'DESTROYED', 8);
    const recent = make('recent-destroyed', 'DESTROYED', 1);
    const live = make('deployed', 'COMPLETED', 30, ['google_storage_bucket.this']);
    const neverApplied = make('never-applied', 'CANCELLED', 9);
    const cancelledWithLeftovers = make('cancelled-leftovers', 'CANCELLED', 9, ['google_storage_bucket.this']);
    const failed = make('failed-empty', 'FAILED', 30);
    // Sealed under another secret: unreadable here, so nobody can tell what its state still holds.
    const foreign = make('foreign', 'DESTROYED', 30, [], new DeploymentStore({ db, secret: Buffer.alloc(32, 8), clock }));

    expect(sweep()).toEqual({ removed: 2 });
    expect([old, recent, live, neverApplied, cancelledWithLeftovers, failed, foreign].map(exists)).toEqual([false, true, true, false, true, true, true]);
  });

  it('leaves a workspace a run holds for the next sweep', () => {
    const { make, sweep, exists, workspaces } = setup();
    const id = make('busy', 'DESTROYED', 8);
    const release = workspaces.acquire(id, 'apply');
    expect(sweep()).toEqual({ removed: 0 });
    expect(exists(id)).toBe(true);
    release();
    expect(sweep()).toEqual({ removed: 1 });
    expect(exists(id)).toBe(false);
  });

  it('makes the state files of the workspaces it keeps 0600, and their directories 0700', () => {
    const { make, sweep, workspaces } = setup();
    const id = make('deployed', 'COMPLETED', 1, ['google_storage_bucket.this']);
    const dir = join(workspaces.root, id);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'terraform.tfstate.backup'), '{}', { mode: 0o644 });
    sweep();
    expect([dir, join(dir, 'terraform.tfstate'), join(dir, 'terraform.tfstate.backup')].map((p) => statSync(p).mode & 0o777)).toEqual([0o700, 0o600, 0o600]);
  });
});
