import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { DeploymentStore } from '../../src/deploy/deployment-store.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { GOOD_INIT, GUILD, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf, type Installation } from '../support/e2e.js';
import { ManualClock, silentLog } from '../support/sessions.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

/** A deployment made earlier, written under `secret` (what the bot's database held before the rotation). */
function seedDeployment(install: Installation, secret: string) {
  const db = openDatabase(install.databasePath, silentLog);
  try {
    const store = new DeploymentStore({ db, secret: Buffer.from(secret, 'utf8'), clock: new ManualClock(Date.now()) });
    const projectKey = store.projectKey({ guildId: GUILD, provider: 'gcp', projectId: GOOD_INIT.project_id });
    store.save({
      id: store.deploymentId(projectKey, 'vm', 'billing-web', 'us-central1'), guildId: GUILD, projectKey, sessionId: 'earlier-session-id-0000', userId: OWNER.id,
      status: 'COMPLETED',
      details: {
        provider: 'gcp', projectId: GOOD_INIT.project_id, projectName: 'Payments API', region: 'us-central1', kind: 'vm', name: 'billing-web',
        machineType: 'e2-medium', monthlyCostUsd: 31.12, resources: ['google_compute_instance.this'], outputs: {},
      },
    });
  } finally {
    db.close();
  }
}

describe('a changed RECOVERY_SECRET', () => {
  it('never breaks a command (old rows are skipped, with a warning), and RECOVERY_SECRET_PREVIOUS brings them back, re-sealed', async () => {
    const install = installation();
    const oldSecret = install.env.RECOVERY_SECRET!;
    const first = await startInstallation(fake, install);
    const oldSession = await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    await first.stop();
    seedDeployment(install, oldSecret);

    // Rotated without saying what the old secret was: every command still answers.
    const newSecret = randomBytes(32).toString('base64');
    const rotated = await startInstallation(fake, install, { RECOVERY_SECRET: newSecret });
    await openSession(fake, { project_id: GOOD_INIT.project_id, service_account_json: JSON.stringify(GCP_KEY) });
    const blind = await runCommand(fake, 'cloud-status');
    expect(textOf(blind)).toContain('None yet');
    expect(textOf(blind)).not.toContain('Something went wrong');
    const destroy = await runCommand(fake, 'cloud-destroy', { project_id: GOOD_INIT.project_id });
    expect(textOf(destroy)).toMatch(/deployed nothing/);
    expect(rotated.logs.some((l) => /skipping a deployment row that does not open/.test(l.msg ?? ''))).toBe(true);
    expect(textOf(await runCommand(fake, 'cloud-recover-session', { session_id: oldSession }))).not.toContain('Session recovered');
    await rotated.stop();

    // With the old secret as RECOVERY_SECRET_PREVIOUS: the old rows open, and are re-sealed under the new one.
    const withPrevious = await startInstallation(fake, install, { RECOVERY_SECRET: newSecret, RECOVERY_SECRET_PREVIOUS: oldSecret });
    expect(withPrevious.logs.find((l) => /re-sealed under RECOVERY_SECRET/.test(l.msg ?? '') && l.store === 'deployments')).toMatchObject({ resealed: 1, unreadable: 0 });
    expect(withPrevious.logs.find((l) => /re-sealed under RECOVERY_SECRET/.test(l.msg ?? '') && l.store === 'recovery')).toMatchObject({ resealed: 1 });
    await withPrevious.stop();

    // The previous secret is no longer needed: everything opens under the new one alone.
    await startInstallation(fake, install, { RECOVERY_SECRET: newSecret });
    await openSession(fake, { project_id: GOOD_INIT.project_id, service_account_json: JSON.stringify(GCP_KEY) });
    const status = textOf(await runCommand(fake, 'cloud-status'));
    expect(status).toContain('billing-web');
    expect(status).toMatch(/deployed · ~\$31\.12\/month/);
    expect(textOf(await runCommand(fake, 'cloud-recover-session', { session_id: oldSession }))).toContain('Session recovered');
  });
});
