import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, sendDeploy } from '../support/deploy.js';
import { GUILD, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { flipSealedByte } from '../support/sealed-rows.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

type Option = { name: string; type: number; value: string | number | boolean };

async function policy(subcommand: string, options: Option[] = []): Promise<FakeMessage> {
  return fake.waitForReply(await fake.sendSlashCommand({ name: 'cloud-policy', user: OWNER, guildId: GUILD, options: [{ name: subcommand, type: 1, options }] }));
}

/** A deploy as far as its first answer: the plan, or the refusal. */
const deploy = async () => (await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' })).reply;
const budgetOf = async () => (await runCommand(fake, 'cloud-status')).embeds.flatMap((e) => e.fields ?? []).find((f) => f.name === 'Budget')?.value;

const UNREADABLE = "❌ This server's approval policy does not open: it was sealed under another server secret, or changed in the database. "
  + 'Until an admin restarts the bot with the old secret as `RECOVERY_SECRET_PREVIOUS`, or replaces the policy with `/cloud-policy reset` (then sets it again), '
  + 'nothing can be deployed, approved or torn down on this server.';

describe('a server policy that does not open', () => {
  it('fails deploys closed with what an admin can do, opens and is re-sealed with RECOVERY_SECRET_PREVIOUS, and an altered one is replaced with reset', async () => {
    const install = installation({ ...deployEnv().env, MAX_SESSIONS_PER_USER: '10' });
    const oldSecret = install.env.RECOVERY_SECRET!;
    const newSecret = randomBytes(32).toString('base64');
    await startInstallation(fake, install);
    expect((await policy('budget', [{ name: 'monthly_usd', type: 10, value: 500 }, { name: 'over_budget', type: 3, value: 'refuse' }])).content).toMatch(/^✅ Policy updated: budget of the server set to \$500\/month/);
    await stopAllBots();

    // Rotated without the old secret: refused closed, in words an admin can act on; /cloud-status still answers.
    const blind = await startInstallation(fake, install, { RECOVERY_SECRET: newSecret });
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    expect((await deploy()).content).toBe(UNREADABLE);
    expect((await policy('show')).content).toBe(UNREADABLE);
    expect((await policy('budget', [{ name: 'monthly_usd', type: 10, value: 900 }])).content).toBe(UNREADABLE);
    const status = await runCommand(fake, 'cloud-status');
    expect(textOf(status)).toContain('payments-prod-42');
    expect(await budgetOf()).toBeUndefined();
    expect(blind.logs.find((l) => /server policy does not open/.test(l.msg ?? ''))).toMatchObject({ level: 50, guildId: GUILD });
    for (const secret of [oldSecret, newSecret]) expect(JSON.stringify(blind.logs)).not.toContain(secret.slice(0, 20));
    await blind.stop();

    // With the old secret as RECOVERY_SECRET_PREVIOUS it opens, is re-sealed, and then opens under the new secret alone.
    const rotating = await startInstallation(fake, install, { RECOVERY_SECRET: newSecret, RECOVERY_SECRET_PREVIOUS: oldSecret });
    expect(rotating.logs.find((l) => /re-sealed under RECOVERY_SECRET/.test(l.msg ?? '') && l.store === 'policies')).toMatchObject({ resealed: 1, unreadable: 0 });
    await rotating.stop();
    await startInstallation(fake, install, { RECOVERY_SECRET: newSecret });
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    expect(await budgetOf()).toMatch(/\$500/);
    expect(textOf(await deploy())).toContain('📋 Deployment plan');
    await stopAllBots();

    // Altered in SQLite: refused the same way, until an admin resets it.
    flipSealedByte(install.databasePath, 'guild_policies', 'policy', `guild_id = '${GUILD}'`);
    await startInstallation(fake, install, { RECOVERY_SECRET: newSecret, RECOVERY_SECRET_PREVIOUS: oldSecret });
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    expect((await deploy()).content).toBe(UNREADABLE);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toContain('payments-prod-42');
    expect((await policy('reset')).content).toBe('✅ Policy updated: reset to the defaults.');
    expect(textOf(await deploy())).toContain('📋 Deployment plan');
  });
});
