import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { controlsOf } from '../fakes/fake-discord/index.js';
import { FakeOpenAI } from '../fakes/fake-openai.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, isAnswer, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { createFakeDiscord, installation, openSession, startInstallation, textOf } from '../support/e2e.js';

// Issue 15, item 3: the cost message prices every billed line the template creates, cites each
// service's own pricing page, tells the saving that was computed, and a region without prices deploys.
const fake = createFakeDiscord();
const openai = new FakeOpenAI();
beforeAll(() => Promise.all([fake.start(), openai.start()]));
beforeEach(() => openai.reset());
afterEach(() => stopAllBots());
afterAll(() => Promise.all([fake.stop(), openai.close()]));

async function botWithSession(region: string, withLlm = false) {
  const { env } = deployEnv({}, withLlm ? openai : undefined);
  await startInstallation(fake, installation(env));
  await openSession(fake, { region, service_account_json: JSON.stringify(GCP_KEY) });
}

const monthlyField = (message: Parameters<typeof textOf>[0]) => message.embeds[0]?.fields?.find((f) => f.name === 'Monthly cost')?.value ?? '';

describe('cost messages that include what is billed', () => {
  it('prices a us-west1 VM with its boot disk and IPv4 address, in the menu and in the plan, and deploys it', async () => {
    await botWithSession('us-west1');
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', name: 'web' });
    expect(reply.content).toContain('monthly on-demand prices for us-west1, with the disk, IP address and fees the template bills');
    const menu = controlsOf(reply)[0]!;
    expect(menu.options!.find((o) => o.value === 'e2-medium')?.label).toBe('e2-medium · $30.11/month (suggested)');

    const plan = await fake.waitForReply(await fake.sendSelect({ message: reply, customId: menu.custom_id!, values: ['e2-medium'] }), { predicate: isAnswer, timeoutMs: 20_000 });
    expect(monthlyField(plan).split('\n')).toEqual([
      '$30.11/month on-demand (730 h)',
      '• [e2-medium VM](https://cloud.google.com/compute/vm-instance-pricing): $24.46',
      '• [20 GB balanced persistent disk (boot)](https://cloud.google.com/compute/disks-image-pricing): $2.00',
      '• [External IPv4 address](https://cloud.google.com/vpc/network-pricing#ipaddress): $3.65',
      '_Not included: network egress and snapshots, which depend on use._',
    ]);
    expect(plan.embeds[0]!.footer?.text).toBe('Template narrative · List prices from https://cloud.google.com/compute/vm-instance-pricing (2025-06)');

    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, plan, 'plan-approve'));
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
  });

  it('deploys in a region the catalog has no prices for, and says there is no estimate instead of failing', async () => {
    await botWithSession('us-west4');
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', name: 'web' });
    expect(reply.content).toContain("no price estimate: the bot's price list does not cover us-west4 yet");
    const menu = controlsOf(reply)[0]!;
    expect(menu.options!.find((o) => o.value === 'e2-medium')?.label).toBe('e2-medium (suggested)');
    expect(menu.options!.every((o) => !o.label.includes('$'))).toBe(true);

    const plan = await fake.waitForReply(await fake.sendSelect({ message: reply, customId: menu.custom_id!, values: ['e2-small'] }), { predicate: isAnswer, timeoutMs: 20_000 });
    expect(plan.ephemeral).toBe(false);
    expect(monthlyField(plan)).toMatch(/^No estimate: the bot's price list does not cover `us-west4` yet \(it is a real Google Cloud region: the deployment works the same\)\. Priced regions: .*\. Its prices: https:\/\/cloud\.google\.com\/compute\/vm-instance-pricing$/);
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, plan, 'plan-approve'));
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
  });

  it.each([
    ['database', 'db-f1-micro', 'https://cloud.google.com/sql/pricing', ['db-f1-micro', '10 GB SSD storage', 'Secret Manager secret version']],
    ['bucket', undefined, 'https://cloud.google.com/storage/pricing', ['100 GB Cloud Storage (Standard, regional)']],
    ['k8s', 'e2-standard-4', 'https://cloud.google.com/kubernetes-engine/pricing', ['GKE cluster fee', 'GKE free tier credit](https://cloud.google.com/kubernetes-engine/pricing): −$73.00', '3 × 50 GB balanced persistent disk (node boot)']],
  ] as const)('cites the %s service\'s own pricing page and lists its billed lines', async (kind, machineType, url, lines) => {
    await botWithSession('us-central1');
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: kind, name: 'data', ...(machineType ? { machine_type: machineType } : {}) });
    expect(reply.embeds[0]!.footer?.text).toBe(`Template narrative · List prices from ${url} (2025-06)`);
    for (const line of lines) expect(monthlyField(reply)).toContain(line);
  });

  it("shows the computed Spot saving, not the model's one-year commitment", async () => {
    openai.respondWith({
      kind: 'json',
      body: {
        coffee_cup_cost: '1.3 lattes/day',
        real_world_analogy: 'Runs the order API of a busy shop.',
        blast_radius: 'Checkout is down until it is back.',
        treasure_hunt: { optimization: 'Commit to one year of use for a committed-use discount.', estimated_savings: 'Save 37%' },
      },
    });
    await botWithSession('us-central1', true);
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'n1-standard-4', name: 'api' });
    const treasure = reply.embeds[0]!.fields!.find((f) => f.name === '💎 Treasure')!.value;
    expect(treasure).not.toMatch(/commit|one year/i);
    expect(treasure).toContain('Run it as Spot VMs (typically 79% off n1-standard-4');
    expect(treasure).toContain('Save $109.57/month (76%), down to $34.78/month');
    expect(reply.embeds[0]!.footer?.text).toMatch(/^Narrated by fake-gpt-mini · /);
    expect(textOf(reply)).toContain('Real-World Use');
  });
});
