import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateCost, formatUsd } from '../../src/advisor/cost-math.js';
import { loadPricingCatalog } from '../../src/advisor/pricing-catalog.js';
import type { FakeMessage } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { CHANNEL, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { approvedDeploy, inFlight } from '../support/offline-deploy.js';
import { describeWithTerraform, realTerraformEnv } from '../support/real-terraform.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const field = (message: FakeMessage, name: string) => message.embeds[0]?.fields?.find((f) => f.name === name)?.value;
const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** Plans `options`, approves, and returns the progress message in its final state. */
async function deployToTheEnd(options: Record<string, string>): Promise<FakeMessage> {
  const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', ...options });
  const approvedAt = fake.now();
  await fake.waitForReply(await press(fake, reply, 'plan-approve'));
  return finalProgress(fake, await progressMessage(fake, approvedAt), 45_000);
}

/** The message that pinged the owner about the end of the run shown in `progress`. */
function pingFor(progress: FakeMessage): Promise<FakeMessage> {
  return fake.waitForChannelMessage((m) => m.createdAt > progress.createdAt && m.embeds.length === 0 && m.content.startsWith(`<@${OWNER.id}> `), { channelId: CHANNEL, timeoutMs: 10_000 });
}

describeWithTerraform('how a failed apply ends', () => {
  it('says what exists now, what is left, shows the error once, points to the next step, and pings only the owner', { timeout: 60_000 }, async () => {
    const { env, ledger } = realTerraformEnv({ delaySeconds: 0.2, fail: ['terraform_data.compute_instance'] });
    await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const final = await deployToTheEnd({ resource_type: 'vm', machine_type: 'e2-medium', name: 'api' });
    const text = textOf(final);

    expect(final.embeds[0]!.title).toBe('❌ Deployment failed (4/5 resources), 1 failed');
    expect(ledger()).toHaveLength(4);
    // The cloud's words once, under the resource that failed; no second copy of the same error.
    expect(occurrences(text, 'Error 403: the caller does not have permission')).toBe(1);
    expect(field(final, 'What failed')).toMatch(/^• terraform_data\.compute_instance: local-exec provisioner error\n> .*Error 403: the caller does not have permission to create terraform_data\.compute_instance/);
    expect(field(final, 'Terraform said')).toBeUndefined();
    // What exists now, straight from Terraform's state (the failed one is there, tainted).
    const exists = field(final, 'Exists now')!;
    for (const address of ['project_service_apis', 'compute_network', 'compute_subnetwork', 'compute_firewall_iap_ssh']) expect(exists).toContain(`\`terraform_data.${address}\``);
    expect(field(final, 'Left undone')).toBe('• `terraform_data.compute_instance` (cut off mid-change: Terraform marked it tainted, and the next run replaces it)');
    expect(final.embeds[0]!.description).toContain('Fix the cause under **What failed**, then run `/cloud-deploy-v2` again: Terraform keeps what exists and creates the rest. Or remove what exists with `/cloud-destroy`.');

    const ping = await pingFor(final);
    expect(ping.content).toBe(`<@${OWNER.id}> ❌ Deployment failed (4/5 resources), 1 failed: Virtual machine \`api\` (e2-medium) in \`payments-prod-42\` (us-central1)`);
    expect(ping.pinged).toEqual([OWNER.id]);
    // The progress message itself names the owner too, but an edit pings no one.
    expect(final.pinged).toEqual([]);
  });
});

describe('what a failed apply left billed', () => {
  it('prices what exists now from the estimate: an EKS cluster whose node group failed still bills its cluster fee, not its nodes', { timeout: 60_000 }, async () => {
    const { env } = deployEnv({ failAt: 'aws_eks_node_group.this', failSummary: 'creating EKS Node Group (apps:apps-nodes): operation error EKS: CreateNodegroup, ResourceLimitExceeded: vCPU limit exceeded' });
    await startInstallation(fake, installation(env));
    await openSession(fake, {
      provider: 'aws', project_name: 'Shop', project_id: '123456789012', region: 'eu-west-1',
      service_account_json: JSON.stringify({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }),
    });
    const { reply } = await sendDeploy(fake, { project_id: '123456789012', resource_type: 'k8s', machine_type: 't3.medium', name: 'apps' });
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const final = await finalProgress(fake, await progressMessage(fake, approvedAt), 45_000);

    const estimate = estimateCost(loadPricingCatalog(), { provider: 'aws', region: 'eu-west-1', kind: 'k8s', machineType: 't3.medium' }, 3.6);
    if (!estimate.ok) throw new Error(estimate.error);
    const fee = estimate.value.breakdown.filter((line) => /cluster fee/.test(line.label));
    expect(fee).toHaveLength(1);
    const exists = field(final, 'Exists now')!;
    expect(exists.split('\n')[0]).toBe('• `aws_eks_cluster.this`'); // what bills first, in a list cut at 10
    expect(exists).toContain(`Billed until removed: about **${formatUsd(fee[0]!.monthlyUsd)}/month** (${fee[0]!.label}: ${formatUsd(fee[0]!.monthlyUsd)}).`);
    expect(exists.split('\n').at(-1)).not.toMatch(/node|IPv4/);
    expect(field(final, 'Left undone')).toContain('`aws_eks_node_group.this`');
    expect(occurrences(textOf(final), 'vCPU limit exceeded')).toBe(1);
    // /cloud-status prices what the failed run left (the fee), not the whole cluster it set out to make.
    expect(textOf(await runCommand(fake, 'cloud-status'))).toContain(`❌ failed · ~${formatUsd(fee[0]!.monthlyUsd)}/month for what exists`);
  });

  it('says nothing is billed when nothing was created', { timeout: 60_000 }, async () => {
    const { env } = deployEnv({ failAt: 'google_project_service.apis["compute.googleapis.com"]' });
    await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const final = await deployToTheEnd({ resource_type: 'vm', machine_type: 'e2-medium', name: 'web' });
    expect(final.embeds[0]!.title).toMatch(/^❌ Deployment failed \(0\/7 resources\)/);
    expect(field(final, 'Exists now')).toBe('Nothing: no resource was created, so nothing is billed.');
    expect(final.embeds[0]!.description).toContain('Fix the cause under **What failed**, then run `/cloud-deploy-v2` again.');
    expect(final.embeds[0]!.description).not.toContain('/cloud-destroy');
  });
});

describe('a Cancel that comes after everything was made', () => {
  it('ends complete, says there was nothing left to cancel, and /cloud-status does not call it interrupted', { timeout: 60_000 }, async () => {
    // Creating the instance takes a while; Terraform finishes the call in flight before it stops.
    const { env } = deployEnv({ seconds: { google_compute_instance: 150 } });
    await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const progress = await approvedDeploy(fake, 'payments-prod-42');
    await fake.waitForReply(await press(fake, await inFlight(fake, progress, 'google_compute_instance.this'), 'run-cancel'));

    const final = await finalProgress(fake, progress);
    expect(final.embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
    expect(final.embeds[0]!.description).toContain('Cancel came after every change was made: there was nothing left to cancel.');
    expect(textOf(final)).not.toMatch(/execution halted|What failed/);
    const status = textOf(await runCommand(fake, 'cloud-status'));
    expect(status).not.toMatch(/interrupted|can be resumed/i);
  });
});
