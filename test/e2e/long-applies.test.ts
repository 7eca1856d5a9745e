import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { CHANNEL, GUILD, createFakeDiscord, installation, openSession, startInstallation, textOf } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

describe('applies that outlive what Discord lets a message do', () => {
  it('continues in a fresh message, linked to the old one, once Discord stops edits of an hour-old message, and re-attaches there after a restart', { timeout: 60_000 }, async () => {
    const { env } = deployEnv({ seconds: { google_compute_subnetwork: 150, google_compute_instance: 250 } });
    const install = installation(env);
    const bot = await startInstallation(fake, install);
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'e2-medium', name: 'api' });
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const first = await progressMessage(fake, approvedAt);
    await fake.waitForChannelMessage((m) => m.id === first.id && /Creating google_compute_subnetwork/.test(m.embeds[0]?.description ?? ''), { timeoutMs: 20_000 });

    // An hour later by Discord's clock: a few more edits go through, then 30046.
    fake.advanceClock(61 * 60_000);
    const continued = await fake.waitForChannelMessage((m) => m.content.startsWith('⏩ Continued from'), { channelId: CHANNEL, timeoutMs: 20_000 });
    expect(continued.content).toBe(`⏩ Continued from https://discord.com/channels/${GUILD}/${CHANNEL}/${first.id}: Discord stops edits of messages older than an hour, so the progress goes on here.`);
    expect(continued.embeds[0]!.title).toBe('🚀 Deploying');
    expect(continued.components).not.toEqual([]);

    // The new location is recorded: a restarted bot goes on editing the continuation.
    await bot.waitForLog((line) => line.msg === 'progress continues in a new message');
    await bot.kill('SIGKILL');
    await startInstallation(fake, install);
    const done = await finalProgress(fake, continued, 40_000);
    expect(done.embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
    expect(textOf(fake.message(first.id)!)).toContain('🚀 Deploying');
    expect(fake.channelMessages(CHANNEL).filter((m) => m.content.startsWith('⏩ Continued from'))).toHaveLength(1);
    fake.advanceClock(-61 * 60_000);
  });
});
