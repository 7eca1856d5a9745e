import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { ADMINS_ROLE, CHANNEL, GUILD, INTRUDER, OWNER, installation, openSession, startInstallation } from '../support/e2e.js';
import { describeWithTerraform, realTerraformEnv } from '../support/real-terraform.js';

const INTERVAL_MS = 250;

// The fake holds the bot to a little above one edit per interval, so an edit storm would show up as 429s.
const fake = new FakeDiscord({
  token: 'fake-bot-token',
  applicationId: '330000000000000001',
  guilds: [{ id: GUILD, name: 'Ops', channels: [{ id: CHANNEL, name: 'deploys' }], members: [OWNER, INTRUDER], roles: [ADMINS_ROLE] }],
  rateLimits: { channelMessageEdits: { limit: 5, windowMs: 1000 } },
});
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const description = (m: { embeds: { description?: string }[] }) => m.embeds[0]?.description ?? '';

/** "Creating X… (… 2s so far)" → seconds on the current resource, per edit, for one address. */
function secondsOn(edits: { embeds: { description?: string }[] }[], address: string): number[] {
  const pattern = new RegExp(`Creating ${address.replace(/[.[\]"]/g, '\\$&')}… \\((?:[^)]*, )?(\\d+)s so far\\)`);
  return edits.flatMap((m) => {
    const found = pattern.exec(description(m));
    return found ? [Number(found[1])] : [];
  });
}

describeWithTerraform('progress while a resource is in flight', () => {
  it('keeps editing at the interval while Terraform prints nothing, with the time on the resource and the elapsed time moving, within the rate limit', { timeout: 60_000 }, async () => {
    // Each offline resource is a 3 s `sleep` during which Terraform writes no line at all.
    const { env } = realTerraformEnv({ delaySeconds: 3 });
    await startInstallation(fake, installation({ ...env, PROGRESS_EDIT_INTERVAL_MS: String(INTERVAL_MS) }));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const progress = await progressMessage(fake, approvedAt);
    const final = await finalProgress(fake, progress, 45_000);
    expect(final.embeds[0]!.title).toMatch(/^✅ Deployment Complete!/);

    const seconds = secondsOn(final.edits, 'terraform_data.storage_bucket');
    expect(seconds.length, final.edits.map(description).join('\n---\n')).toBeGreaterThanOrEqual(3);
    expect(new Set(seconds).size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seconds)).toBeGreaterThanOrEqual(2);
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
    const elapsed = final.edits.map((m) => m.embeds[0]?.footer?.text ?? '');
    expect(new Set(elapsed).size).toBeGreaterThanOrEqual(4);
    // Never an edit that changes nothing, never more than one per interval, never a 429.
    final.edits.slice(1).forEach((edit, i) => expect(JSON.stringify(edit.embeds) + JSON.stringify(edit.components)).not.toBe(JSON.stringify(final.edits[i]!.embeds) + JSON.stringify(final.edits[i]!.components)));
    const durationMs = final.editedAt! - progress.createdAt;
    expect(final.edits.length).toBeLessThanOrEqual(Math.ceil(durationMs / INTERVAL_MS) + 2);
    expect(fake.rateLimitedCount).toBe(0);
  });
});

describe('duration hints', () => {
  it('names the typical duration of each resource type that takes more than about 30 s, not only the slowest, with the time spent on it', { timeout: 60_000 }, async () => {
    // The fake terraform prints the real template's resource types (the offline ones are all terraform_data).
    const { env } = deployEnv({ seconds: { google_project_service: 60, google_compute_network: 60, google_compute_instance: 100 } });
    await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'e2-medium', name: 'api' });
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const final = await finalProgress(fake, await progressMessage(fake, approvedAt), 45_000);
    const shown = final.edits.map(description).join('\n');
    expect(shown).toMatch(/Creating google_compute_network\.this… \(may take 20 s-1 min, \d+s so far\)/);
    expect(shown).toMatch(/Creating google_compute_instance\.this… \(may take 20 s-1 min, \d+s so far\)/);
    expect(shown).toMatch(/Creating google_project_service\.apis\["[a-z.]+"\]… \(may take 30 s-2 min, \d+s so far\)/);
  });
});
