import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, percents, press, progressHistory, progressMessage, sendDeploy } from '../support/deploy.js';
import { ADMINS_ROLE, CHANNEL, GUILD, INTRUDER, OWNER, installation, openSession, startInstallation } from '../support/e2e.js';

const INTERVAL_MS = 250;

// Discord limits message edits per channel; the fake enforces a bucket a little above our edit rate,
// so an edit storm would show up as 429s.
const fake = new FakeDiscord({
  token: 'fake-bot-token',
  applicationId: '330000000000000001',
  guilds: [{ id: GUILD, name: 'Ops', channels: [{ id: CHANNEL, name: 'deploys' }], members: [OWNER, INTRUDER], roles: [ADMINS_ROLE] }],
  rateLimits: { channelMessageEdits: { limit: 5, windowMs: 1000 } },
});
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

describe('the live progress message under a flood of Terraform output', () => {
  it('edits a bounded number of times for a 100-resource apply of thousands of lines, and ends at 100%', async () => {
    // 100 resources, 30 Still-creating lines each: 3,200 lines in about 5 s.
    const { env } = deployEnv({ bulk: { count: 100, progressLines: 30, seconds: 2.5 } });
    await startInstallation(fake, installation({ ...env, PROGRESS_EDIT_INTERVAL_MS: String(INTERVAL_MS) }));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const progress = await progressMessage(fake, approvedAt);
    const final = await finalProgress(fake, progress, 60_000);

    expect(final.embeds[0]!.title).toBe('✅ Deployment Complete! (100/100 resources)');
    expect(final.embeds[0]!.description).toContain('[▓▓▓▓▓▓▓▓▓▓] 100% (100/100 resources)');
    const durationMs = final.editedAt! - progress.createdAt;
    expect(durationMs).toBeGreaterThan(3000);
    expect(final.edits.length).toBeGreaterThan(5);
    expect(final.edits.length).toBeLessThanOrEqual(Math.ceil(durationMs / INTERVAL_MS) + 2);
    const seen = percents(progressHistory(final)).filter((p) => !Number.isNaN(p));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(fake.rateLimitedCount).toBe(0);
  });
});
