import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { DeploymentStore } from '../../src/deploy/deployment-store.js';
import { controlsOf, type FakeMessage } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { GOOD_INIT, GUILD, INTRUDER, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf, type Installation } from '../support/e2e.js';
import { ManualClock, silentLog } from '../support/sessions.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const status = (user = OWNER) => runCommand(fake, 'cloud-status', {}, { user });

async function deployingBot() {
  const install = installation(deployEnv({}).env);
  const bot = await startInstallation(fake, install);
  await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
  return { bot, install };
}

/** Approves a plan and waits for its progress message to end. */
async function approve(plan: FakeMessage) {
  const at = fake.now();
  await fake.waitForReply(await press(fake, plan, 'plan-approve'));
  return finalProgress(fake, await progressMessage(fake, at));
}

/** Writes `count` deployments of the session's project straight into the bot's database, as if made earlier. */
function seedDeployments(install: Installation, count: number, userId = OWNER.id) {
  const db = openDatabase(install.databasePath, silentLog);
  try {
    const store = new DeploymentStore({ db, secret: Buffer.from(install.env.RECOVERY_SECRET!, 'utf8'), clock: new ManualClock(Date.now()) });
    const projectKey = store.projectKey({ guildId: GUILD, provider: 'gcp', projectId: GOOD_INIT.project_id });
    for (let i = 0; i < count; i++) {
      const name = `service-${String(i).padStart(2, '0')}-with-a-rather-long-name-for-its-kind`;
      store.save({
        id: store.deploymentId(projectKey, 'vm', name, 'us-central1'), guildId: GUILD, projectKey, sessionId: 'earlier-session-id-0000', userId, status: 'COMPLETED',
        details: {
          provider: 'gcp', projectId: GOOD_INIT.project_id, projectName: 'Payments API', region: 'us-central1', kind: 'vm', name,
          machineType: 'e2-medium', monthlyCostUsd: 31.12,
          resources: ['google_compute_network.this', 'google_compute_subnetwork.this', 'google_compute_firewall.iap_ssh', 'google_compute_instance.this'],
          outputs: {},
        },
      });
    }
  } finally {
    db.close();
  }
}

describe('/cloud-status tells what is true', () => {
  it('a cancelled plan is not "awaiting approval", a waiting one is, and a destroyed deployment shows no monthly cost', async () => {
    await deployingBot();
    const { reply: cancelled } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    await fake.waitForReply(await press(fake, cancelled, 'plan-reject'));
    const { reply: waiting } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'logs' });
    let text = textOf(await status());
    expect(text).toMatch(/Storage bucket assets\n🛑 plan cancelled, nothing deployed · <t:\d+:R>/);
    expect(text).toMatch(/Storage bucket logs\n📝 planned, awaiting approval · would cost ~\$\d+\.\d\d\/month · <t:\d+:R>/);

    expect((await approve(waiting)).embeds[0]!.title).toMatch(/^✅/);
    expect(textOf(await status())).toMatch(/Storage bucket logs\n✅ deployed · ~\$\d+\.\d\d\/month · <t:\d+:R>\n\d+ resources: /);
    const teardown = await fake.waitForReply(await fake.sendSlashCommand({
      name: 'cloud-destroy', user: OWNER, guildId: GUILD, options: [{ name: 'project_id', type: 3, value: 'payments-prod-42' }, { name: 'name', type: 3, value: 'logs' }],
    }), { predicate: (m) => m.components.length > 0, timeoutMs: 20_000 });
    await approve(teardown);
    text = textOf(await status());
    expect(text).toMatch(/Storage bucket logs\n🗑️ destroyed · <t:\d+:R>$/m);
    expect(text).not.toMatch(/destroyed · ~?\$/);
  });

  it('after a restart names the sessions its owner can recover, to the owner only', async () => {
    const install = installation();
    const bot = await startInstallation(fake, install);
    const sessionId = await openSession(fake);
    await bot.kill('SIGKILL');
    await startInstallation(fake, install);
    const text = textOf(await status());
    expect(text).toContain('You have no live cloud session in this server, but the bot restarted and kept yours.');
    expect(text).toMatch(new RegExp(`\\*\\*Payments API\\*\\* \\(\`payments-prod-42\`, us-central1\\), recoverable until <t:\\d+:R>: session ID \`${sessionId}\``));
    const foreign = textOf(await status(INTRUDER));
    expect(foreign).not.toContain(sessionId);
    expect(foreign).not.toContain('payments-prod-42');
  });

  it('refuses a second /cloud-init for a project its user already has a live session for', async () => {
    await startInstallation(fake, installation());
    const sessionId = await openSession(fake);
    const second = await runCommand(fake, 'cloud-init', { ...GOOD_INIT, region: 'europe-west1' });
    expect(second.ephemeral).toBe(true);
    expect(second.content).toMatch(new RegExp(`^🚫 You already have a live session for \`payments-prod-42\` \\(us-central1\\), until <t:\\d+:t>; .*session ID \`${sessionId}\``));
    // A teammate may still open their own, and each sees only theirs.
    await openSession(fake, {}, { user: INTRUDER });
    expect(textOf(await status()).match(/☁️ Payments API/g)).toHaveLength(1);
  });

  it('fits Discord\'s 6,000-character limit with 40 deployments, and pages through them with buttons', async () => {
    const install = installation();
    seedDeployments(install, 40);
    await startInstallation(fake, install);
    await openSession(fake);
    const first = await status();
    const pages: FakeMessage[] = [first];
    expect(first.embeds.at(-1)!.footer?.text).toMatch(/^Page 1 of (\d+)$/);
    const count = Number(/of (\d+)/.exec(first.embeds.at(-1)!.footer!.text)![1]);
    expect(count).toBeGreaterThan(1);
    for (let page = 2; page <= count; page++) {
      const current = pages.at(-1)!;
      const next = controlsOf(current).find((c) => c.custom_id === `status-page:${page - 1}`);
      expect(next, `Next on page ${page - 1}`).toBeDefined();
      const handle = await fake.sendButton({ message: current, customId: next!.custom_id!, user: OWNER });
      pages.push(await fake.waitForReply(handle, { predicate: (m) => m.embeds.at(-1)?.footer?.text === `Page ${page} of ${count}` }));
    }
    const shown = pages.flatMap((p) => p.embeds.flatMap((e) => e.fields ?? [])).filter((f) => f.name.startsWith('Virtual machine service-'));
    expect(new Set(shown.map((f) => f.name)).size).toBe(40);
    for (const page of pages) expect(page.embeds.reduce((sum, e) => sum + textOf({ content: '', embeds: [e] }).length, 0)).toBeLessThanOrEqual(6000);
  });
});
