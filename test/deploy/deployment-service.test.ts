import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { DeploymentService, type DeployRequest } from '../../src/deploy/deployment-service.js';
import { DeploymentStore } from '../../src/deploy/deployment-store.js';
import { RecoveryStore } from '../../src/recovery/recovery-store.js';
import { RunSlots } from '../../src/terraform/run-slots.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { TerraformRunner } from '../../src/terraform/terraform-runner.js';
import { describeWithTerraform, realTerraformEnv } from '../support/real-terraform.js';
import { ManualClock, makeSession, silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

/** The deployment service over the real terraform and the offline templates, with its own database and workspaces. */
function realService(slots?: RunSlots, delaySeconds = 0) {
  const { env } = realTerraformEnv({ delaySeconds });
  const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678', PATH: process.env.PATH, ...env });
  const db = openDatabase(':memory:', silentLog);
  const clock = new ManualClock(Date.now());
  const secret = Buffer.alloc(32, 9);
  const workspaceDir = join(tempDir('tf-service-'), 'workspaces');
  const runner = new TerraformRunner({
    bin: config.terraform.bin, workspaceDir, childEnv: config.terraform.childEnv, log: silentLog, runs: new RunStore({ db, secret }), tempRoot: tempDir('tf-creds-'),
  });
  const deployments = new DeploymentStore({ db, secret, clock, log: silentLog });
  const deploy = new DeploymentService({
    runner, deployments, recovery: new RecoveryStore({ db, secret, clock, log: silentLog }), log: silentLog, templatesDir: config.terraform.templatesDir, ...(slots ? { slots } : {}),
  });
  return { deploy, deployments, runner };
}

async function deployed(deploy: DeploymentService, request: DeployRequest, monthlyCostUsd?: number) {
  const planned = await deploy.plan(request);
  if (monthlyCostUsd !== undefined) deploy.recordDetails(planned.deployment.id, { monthlyCostUsd });
  const outcome = await deploy.apply(planned, request.session, request.session.userId, () => undefined);
  expect(outcome.error?.message).toBeUndefined();
  return outcome.deployment;
}

const tfvarsOf = (runner: TerraformRunner, id: string) => JSON.parse(readFileSync(join(runner.workspaces.dir(id), 'terraform.tfvars.json'), 'utf8')) as Record<string, unknown>;

describeWithTerraform('DeploymentService: what a deployment record says', () => {
  it('gives a deployment in another region its own workspace, and leaves the first one where it is', async () => {
    const { deploy, deployments, runner } = realService();
    const central = makeSession({ region: 'us-central1' });
    const first = await deployed(deploy, { session: central, kind: 'bucket', name: 'assets' });

    // The same project, kind and name from a session in another region: a deployment of its own.
    const europe = makeSession({ region: 'europe-west1' });
    const planned = await deploy.plan({ session: europe, kind: 'bucket', name: 'assets' });
    expect(planned.deployment.id).not.toBe(first.id);
    expect(planned.changes.length).toBeGreaterThan(0);
    expect(tfvarsOf(runner, first.id)).toMatchObject({ region: 'us-central1' });
    expect(tfvarsOf(runner, planned.deployment.id)).toMatchObject({ region: 'europe-west1' });
    expect(deployments.get(first.id)).toMatchObject({ status: 'COMPLETED', details: { region: 'us-central1', resources: first.details.resources } });

    // Back in the first region, the request finds the first deployment again: nothing to change.
    const again = await deploy.plan({ session: makeSession({ region: 'us-central1' }), kind: 'bucket', name: 'assets' });
    expect(again.deployment.id).toBe(first.id);
    expect(again.tracker.state().noChanges).toBe(true);
  });

  it('keeps the deployed size and price while a new plan waits, and takes the new ones only when it is applied', async () => {
    const { deploy, deployments } = realService();
    const session = makeSession();
    const first = await deployed(deploy, { session, kind: 'vm', name: 'web', machineType: 'e2-small' }, 12.23);
    expect(first.details).toMatchObject({ machineType: 'e2-small', monthlyCostUsd: 12.23 });

    const bigger = await deploy.plan({ session, kind: 'vm', name: 'web', machineType: 'e2-standard-4' });
    deploy.recordDetails(bigger.deployment.id, { monthlyCostUsd: 97.83 });
    expect(deployments.get(first.id)).toMatchObject({
      status: 'COMPLETED', details: { machineType: 'e2-small', monthlyCostUsd: 12.23, region: 'us-central1', pending: { machineType: 'e2-standard-4', monthlyCostUsd: 97.83 } },
    });
    deploy.discardPlan(first.id);
    expect(deployments.get(first.id)?.details).not.toHaveProperty('pending');
    expect(deployments.get(first.id)).toMatchObject({ status: 'COMPLETED', details: { machineType: 'e2-small', monthlyCostUsd: 12.23 } });

    const applied = await deployed(deploy, { session, kind: 'vm', name: 'web', machineType: 'e2-standard-4' }, 97.83);
    expect(applied.details).toMatchObject({ machineType: 'e2-standard-4', monthlyCostUsd: 97.83 });
    expect(applied.details).not.toHaveProperty('pending');
  });

  it('refuses, before anything runs, to apply a plan that a newer one replaced, or while the project is busy', async () => {
    const { deploy } = realService();
    const session = makeSession();
    const older = await deploy.plan({ session, kind: 'bucket', name: 'assets' });
    const newer = await deploy.plan({ session, kind: 'bucket', name: 'assets' });
    expect(() => deploy.reserveApply(older, session, session.userId)).toThrow(/newer plan/);
    const held = deploy.reserveApply(newer, session, session.userId);
    expect(() => deploy.assertProjectFree(session)).toThrow(/already running a deployment/);
    held.release();
    expect(() => deploy.assertProjectFree(session)).not.toThrow();
  });

  it('takes an apply out of line even when Cancel comes just after its slot was granted: Terraform never starts', async () => {
    const slots = new RunSlots(1);
    const { deploy, deployments } = realService(slots);
    const session = makeSession();
    const planned = await deploy.plan({ session, kind: 'bucket', name: 'assets' });
    const otherRun = slots.occupy();
    const places: number[] = [];
    const outcome = deploy.reserveApply(planned, session, session.userId).start(() => undefined, (place) => places.push(place));
    expect(places).toEqual([1]);
    // The other run ends: the slot goes to this apply, and its owner's Cancel lands before the apply goes on.
    otherRun();
    expect(deploy.cancel(planned.deployment.id, session.userId)).toBe('left-queue');
    const { error } = await outcome;
    expect(error?.message).toBe('Cancelled while waiting in line: Terraform never started, and nothing was changed.');
    expect(deployments.get(planned.deployment.id)).toMatchObject({ status: 'CANCELLED', details: { resources: [] } });
    expect(slots.running).toBe(0);
    expect(() => deploy.assertProjectFree(session)).not.toThrow();
  });

  it('keeps a Cancel pressed while Terraform is being started, and interrupts the run as soon as it runs', async () => {
    const { deploy, deployments, runner } = realService(undefined, 2);
    const session = makeSession();
    const planned = await deploy.plan({ session, kind: 'bucket', name: 'assets' });
    // Held at the start of Terraform (the credentials file, the spawn), so the press lands there for sure.
    const start = runner.start.bind(runner);
    let entered!: () => void;
    let release!: () => void;
    const starting = new Promise<void>((resolve) => (entered = resolve));
    const pressed = new Promise<void>((resolve) => (release = resolve));
    runner.start = async (request) => (entered(), await pressed, start(request));
    const outcome = deploy.apply(planned, session, session.userId, () => undefined);
    await starting;
    expect(deployments.get(planned.deployment.id)?.status).toBe('ACTIVE');
    expect(deploy.cancel(planned.deployment.id, session.userId)).toBe('cancelling');
    release();
    const { error, deployment } = await outcome;
    expect(error?.failure).toBe('cancelled');
    expect(deployment.status).toBe('INTERRUPTED');
  });
});
