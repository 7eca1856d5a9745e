import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { DeploymentStore, type DeploymentState } from '../../src/deploy/deployment-store.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GOOD_INIT, GUILD, OTHER_GUILD, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf, type Installation } from '../support/e2e.js';
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
});
