import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv } from '../support/deploy.js';
import { GOOD_INIT, GUILD, OWNER, createFakeDiscord, installation, openSession, startInstallation, textOf } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

/** A slash command as a stale registration or a forged request sends it: Discord's client checks skipped. */
async function forged(name: string, options: Record<string, string | number>) {
  const handle = await fake.sendSlashCommand({
    name, user: OWNER, guildId: GUILD, unchecked: true,
    options: Object.entries(options).map(([option, value]) => ({ name: option, type: typeof value === 'number' ? 4 : 3, value })),
  });
  return fake.waitForReply(handle);
}

describe('options Discord would have stopped, sent anyway', () => {
  it('are refused with a specific, bounded message naming the option, and nothing runs', async () => {
    const { env } = deployEnv();
    await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });

    const { project_id: _missing, ...withoutProjectId } = GOOD_INIT;
    const init = await forged('cloud-init', withoutProjectId);
    expect(init.ephemeral).toBe(true);
    expect(init.content).toMatch(/^❌ The required option `project_id` is missing/);
    expect(textOf(await forged('cloud-destroy', {}))).toMatch(/^❌ The required option `project_id` is missing/);

    const longName = 'n'.repeat(6000);
    const destroy = await forged('cloud-destroy', { project_id: 'payments-prod-42', name: longName });
    expect(destroy.content).toBe('❌ `name` must be at most 63 characters long (it has 6000).');

    const zero = await forged('cloud-deploy-v2', { project_id: 'payments-prod-42', resource_type: 'k8s', machine_type: 'e2-standard-4', node_count: 0 });
    expect(zero.content).toMatch(/^❌ `node_count` must be between 1 and \d+ \(it is 0\)\.$/);
    const several = await forged('cloud-deploy-v2', { project_id: 'x'.repeat(500), resource_type: 'mainframe', node_count: -1 });
    expect(several.content).toMatch(/^❌ Please fix these:\n• `project_id` must be at most 64 characters long \(it has 500\)\n• `resource_type` must be one of `vm`.*\n• `node_count` must be between 1/);
    for (const reply of [init, destroy, zero, several]) expect(textOf(reply).length).toBeLessThan(400);
  });
});
