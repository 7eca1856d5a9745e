import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, isAnswer, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { CHANNEL, GUILD, OWNER, createFakeDiscord, installation, openSession, runCommand, sleep, startInstallation, textOf } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const PROJECT = 'payments-prod-42';

async function deployingBot(scenario: Parameters<typeof deployEnv>[0] = {}) {
  const bot = await startInstallation(fake, installation(deployEnv(scenario).env));
  await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
  return bot;
}

/** The /cloud-status field of one deployment: its name line and what follows, up to the next field. */
async function statusOf(name: string): Promise<string> {
  const text = textOf(await runCommand(fake, 'cloud-status'));
  const at = text.indexOf(`Virtual machine ${name}\n`);
  expect(at, text).toBeGreaterThanOrEqual(0);
  return text.slice(at).split('\n').slice(0, 4).join('\n');
}

describe('deployment records that tell the truth', () => {
  it('a failed deployment retried, then cancelled, still says what it left behind, and can be torn down', async () => {
    await deployingBot({ failAt: 'google_compute_instance.this' });
    const { reply: first } = await sendDeploy(fake, { project_id: PROJECT, resource_type: 'vm', machine_type: 'e2-medium', name: 'api' });
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, first, 'plan-approve'));
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toMatch(/^❌ Deployment failed \(6\/7 resources\)/);

    // The retry's plan waits for approval: the record still says what is deployed, and the plan beside it.
    const { reply: retry } = await sendDeploy(fake, { project_id: PROJECT, resource_type: 'vm', machine_type: 'e2-standard-2', name: 'api' });
    expect(textOf(retry)).toContain('📋 Deployment plan');
    const waiting = await statusOf('api');
    expect(waiting).toMatch(/^Virtual machine api\n❌ failed · nothing billed for what exists/);
    expect(waiting).toMatch(/6 resources: /);
    expect(waiting).toMatch(/📝 a change to `e2-standard-2` is planned, awaiting approval/);
    expect(waiting).not.toMatch(/planned, awaiting approval ·/);

    await fake.waitForReply(await press(fake, retry, 'plan-reject'));
    const after = await statusOf('api');
    expect(after).toMatch(/^Virtual machine api\n❌ failed · nothing billed for what exists/);
    expect(after).toMatch(/6 resources: /);
    expect(after).not.toMatch(/cancelled|📝/);

    // What is in the cloud can still be torn down.
    const destroy = await fake.sendSlashCommand({ name: 'cloud-destroy', user: OWNER, guildId: GUILD, options: [{ name: 'project_id', type: 3, value: PROJECT }] });
    const teardown = await fake.waitForReply(destroy, { predicate: isAnswer, timeoutMs: 20_000 });
    expect(textOf(teardown)).not.toMatch(/deployed nothing/);
    expect(textOf(teardown)).toMatch(/destroy/i);
    expect(teardown.components.length).toBeGreaterThan(0);
  });

  it('a plan replaced by a newer one of the same resource loses its buttons, says so, and posts no progress message', async () => {
    await deployingBot();
    const { reply: older } = await sendDeploy(fake, { project_id: PROJECT, resource_type: 'bucket', name: 'assets' });
    const before = fake.channelMessages(CHANNEL).length;
    const { reply: newer } = await sendDeploy(fake, { project_id: PROJECT, resource_type: 'bucket', name: 'assets' });
    // Its Approve could no longer apply anything: the message says where the newer plan is instead.
    const replaced = await fake.waitForChannelMessage((m) => m.id === older.id && m.components.length === 0, { channelId: CHANNEL });
    expect(replaced.embeds[0]!.description).toContain(`⏭️ Replaced by a newer plan for the same resource (https://discord.com/channels/${GUILD}/${CHANNEL}/${newer.id}): this one can no longer be approved.`);
    await sleep(500);
    const posted = fake.channelMessages(CHANNEL).slice(before).filter((m) => m.id !== newer.id);
    expect(posted.map((m) => m.embeds[0]?.title ?? m.content)).toEqual([]);
    // The older plan's message does not claim it was approved.
    expect(textOf(fake.message(older.id)!)).not.toMatch(/Approved by/);

    // The newer plan still runs.
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, newer, 'plan-approve'));
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toMatch(/^✅/);
  });
});
