import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { DeploymentStore, type DeploymentState } from '../../src/deploy/deployment-store.js';
import type { FakeMessage } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { recordedInvocations } from '../support/fake-terraform.js';
import { approvedDeploy } from '../support/offline-deploy.js';
import { deployEnv, finalProgress, isAnswer, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { GOOD_INIT, GUILD, INTRUDER, OTHER_GUILD, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf, type Installation } from '../support/e2e.js';
import { ManualClock, silentLog } from '../support/sessions.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

/** A deployment last changed `ageDays` ago, and its workspace with a state file, as an earlier run of the bot left them. */
function seedDeployment(install: Installation, name: string, status: DeploymentState, ageDays: number): string {
  const db = openDatabase(install.databasePath, silentLog);
  try {
    const store = new DeploymentStore({ db, secret: Buffer.from(install.env.RECOVERY_SECRET!, 'utf8'), clock: new ManualClock(Date.now() - ageDays * 86_400_000) });
    const projectKey = store.projectKey({ guildId: GUILD, provider: 'gcp', projectId: GOOD_INIT.project_id });
    const id = store.deploymentId(projectKey, 'bucket', name, 'us-central1');
    store.save({
      id, guildId: GUILD, projectKey, sessionId: 'earlier-session-id-0000', userId: OWNER.id, status,
      details: { provider: 'gcp', projectId: GOOD_INIT.project_id, projectName: 'Payments API', region: 'us-central1', kind: 'bucket', name, resources: status === 'DESTROYED' ? [] : ['google_storage_bucket.this'], outputs: {} },
    });
    const workspace = join(install.dataDir, 'workspaces', id);
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'terraform.tfstate'), '{}');
    return workspace;
  } finally {
    db.close();
  }
}

const BUCKET = { resource_type: 'bucket', name: 'assets' };

/** Sends `/cloud-deploy-v2` of a bucket on `projectId` without waiting: its reply may wait in line first. */
function deployBucket(projectId: string) {
  return fake.sendSlashCommand({
    name: 'cloud-deploy-v2', user: OWNER, guildId: GUILD,
    options: Object.entries({ project_id: projectId, ...BUCKET }).map(([name, value]) => ({ name, type: 3, value })),
  });
}

describe('bounds on what one member can make the bot hold', () => {
  it('refuses a session over MAX_SESSIONS_PER_USER, across servers, saying when one frees up', async () => {
    await startInstallation(fake, installation({ MAX_SESSIONS_PER_USER: '2', DISCORD_GUILD_ID: '' }));
    await openSession(fake, { project_id: 'made-up-project-1' });
    await openSession(fake, { project_id: 'made-up-project-2' }, { guildId: OTHER_GUILD });
    const refused = await runCommand(fake, 'cloud-init', { ...GOOD_INIT, project_id: 'made-up-project-3' });
    expect(refused.ephemeral).toBe(true);
    expect(textOf(refused)).toMatch(/^❌ You already have 2 live sessions, the most this bot allows one person at a time \(2\)\. .*<t:\d+:R>/);
    expect(refused.embeds.find((e) => e.fields?.some((f) => f.name === 'Session ID'))).toBeUndefined();
  });

  it('removes, at startup, the workspaces of deployments destroyed longer ago than WORKSPACE_RETENTION_DAYS', async () => {
    const install = installation({ WORKSPACE_RETENTION_DAYS: '7' });
    // Started once, so the database exists with its tables.
    await (await startInstallation(fake, install)).stop();
    const expired = seedDeployment(install, 'old-assets', 'DESTROYED', 8);
    const kept = seedDeployment(install, 'new-assets', 'DESTROYED', 2);
    const deployed = seedDeployment(install, 'live-assets', 'COMPLETED', 40);
    const bot = await startInstallation(fake, install);
    await bot.waitForLog((l) => /removed the workspaces of destroyed deployments/.test(l.msg ?? ''));
    expect([expired, kept, deployed].map((dir) => existsSync(dir))).toEqual([false, true, true]);
  });

  it('runs at most MAX_CONCURRENT_RUNS Terraform runs at once: the others show their place in line, and Cancel takes one out', { timeout: 60_000 }, async () => {
    const slow = deployEnv({ delayScale: 1, planSeconds: 0.1, seconds: { google_project_service: 0.3, random_id: 0.1, google_storage_bucket: 6 } });
    await startInstallation(fake, installation({ ...slow.env, MAX_CONCURRENT_RUNS: '1' }));
    const plans: FakeMessage[] = [];
    for (const project of ['queue-a', 'queue-b', 'queue-c']) {
      await openSession(fake, { project_id: project, service_account_json: JSON.stringify(GCP_KEY) });
      plans.push((await sendDeploy(fake, { project_id: project, ...BUCKET })).reply);
    }
    const approve = async (plan: FakeMessage) => {
      const at = fake.now();
      await fake.waitForReply(await press(fake, plan, 'plan-approve'));
      return progressMessage(fake, at);
    };
    const a = await approve(plans[0]!);
    const b = await approve(plans[1]!);
    const c = await approve(plans[2]!);
    const lineOf = (message: FakeMessage, text: string) => fake.waitForChannelMessage((m) => m.id === message.id && textOf(m).includes(text), { timeoutMs: 10_000 });
    await lineOf(b, '⏳ Queued: 1st in line (this bot runs at most 1 Terraform run at once). Cancel takes it out of line.');
    await lineOf(c, '⏳ Queued: 2nd in line');

    const cancel = await fake.waitForReply(await press(fake, c, 'run-cancel'));
    expect(cancel.content).toBe('🛑 Cancelled while waiting in line: Terraform never started, and nothing was changed.');
    const cancelled = await finalProgress(fake, c);
    expect(textOf(cancelled)).toMatch(/cancelled/i);
    expect(textOf(cancelled)).not.toContain('Queued');

    // A plan waits in the same line, and its reply says so.
    await openSession(fake, { project_id: 'queue-d', service_account_json: JSON.stringify(GCP_KEY) });
    const planning = await deployBucket('queue-d');
    await fake.waitForReply(planning, { predicate: (m) => m.content.includes('⏳ Queued: 2nd in line (this bot runs at most 1 Terraform run at once).'), timeoutMs: 10_000 });
    const planned = await fake.waitForReply(planning, { predicate: isAnswer, timeoutMs: 30_000 });
    expect(textOf(planned)).toContain('📋 Deployment plan');

    expect((await finalProgress(fake, a)).embeds[0]!.title).toMatch(/^✅/);
    const second = await finalProgress(fake, b);
    expect(second.embeds[0]!.title).toMatch(/^✅/);
    expect(textOf(second)).not.toContain('Queued');
    // B waited for A: its Terraform started only once A's had finished.
    expect(second.edits.some((edit) => textOf(edit).includes('1st in line'))).toBe(true);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Storage bucket assets\n✅ deployed/);
  });

  it('takes a plan waiting in line out with its Cancel button: Terraform never runs for it, and the project is free again', { timeout: 60_000 }, async () => {
    const slow = deployEnv({ delayScale: 1, planSeconds: 0.1, seconds: { google_project_service: 0.3, random_id: 0.1, google_storage_bucket: 4 } });
    await startInstallation(fake, installation({ ...slow.env, MAX_CONCURRENT_RUNS: '1' }));
    const plans = () => recordedInvocations(slow.recordEnvTo).filter((i) => i.command === 'plan').length;
    await openSession(fake, { project_id: 'line-a', service_account_json: JSON.stringify(GCP_KEY) });
    const running = await approvedDeploy(fake, 'line-a', BUCKET);

    await openSession(fake, { project_id: 'line-b', service_account_json: JSON.stringify(GCP_KEY) });
    const planning = await deployBucket('line-b');
    const queued = await fake.waitForReply(planning, { predicate: (m) => m.content.includes('⏳ Queued: 1st in line') });
    expect(queued.content).toBe('Storage bucket `assets` in `line-b` (us-central1)\n⏳ Queued: 1st in line (this bot runs at most 1 Terraform run at once). Cancel takes it out of line.');
    // Someone else's press is refused; the owner's takes it out of line.
    const intruder = await fake.waitForReply(await press(fake, queued, 'run-cancel', INTRUDER));
    expect(intruder.content).toMatch(/Only <@310000000000000001> can cancel this run/);
    const cancel = await fake.waitForReply(await press(fake, queued, 'run-cancel'));
    expect(cancel).toMatchObject({ ephemeral: true, content: '🛑 Cancelled while waiting in line: Terraform never started, and nothing was changed.' });
    const ended = await fake.waitForReply(planning, { predicate: (m) => m.content.startsWith('🛑') });
    expect(ended.content).toBe('🛑 Storage bucket `assets` in `line-b` (us-central1)\nCancelled while waiting in line: Terraform never started, and nothing was changed.');
    expect(ended.components).toEqual([]);

    expect((await finalProgress(fake, running)).embeds[0]!.title).toMatch(/^✅/);
    expect(plans()).toBe(1);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Storage bucket assets\n🛑 plan cancelled, nothing deployed/);
    // Nothing of it is left holding the project: a new plan runs.
    const again = await sendDeploy(fake, { project_id: 'line-b', resource_type: 'bucket', name: 'assets' });
    expect(textOf(again.reply)).toContain('📋 Deployment plan');
    expect(plans()).toBe(2);
  });
});
