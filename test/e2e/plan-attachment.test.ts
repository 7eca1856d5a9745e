import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { createFakeDiscord, installation, openSession, startInstallation } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

describe('a plan too long for the embed', () => {
  it('keeps its summary and arrives with the whole `terraform show` as a file, and can be approved', async () => {
    const { env } = deployEnv({ bulk: { count: 40, progressLines: 0, seconds: 0.05 } });
    await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });

    const description = reply.embeds[0]!.description!;
    expect(description).toContain('**40 to add, 0 to change, 0 to destroy**');
    expect(description).toContain('+ null_resource.item[14]');
    expect(description).not.toContain('null_resource.item[15]');
    expect(description).toContain('… and 25 more: the whole plan is attached (`plan-assets.txt`)');

    expect(reply.attachments).toHaveLength(1);
    const [file] = reply.attachments;
    expect(file).toMatchObject({ filename: 'plan-assets.txt' });
    // Sent as Discord takes files: multipart, the message itself in payload_json.
    const upload = fake.requests.find((r) => r.files.some((f) => f.filename === 'plan-assets.txt'));
    expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(upload?.body).toMatchObject({ embeds: [expect.objectContaining({ title: '📋 Deployment plan: assets' })] });

    const text = await (await fetch(file!.url)).text();
    for (let i = 0; i < 40; i++) expect(text).toContain(`# null_resource.item[${i}] will be created`);
    expect(text).toContain('Plan: 40 to add, 0 to change, 0 to destroy.');

    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toBe('✅ Deployment Complete! (40/40 resources)');
  });
});
