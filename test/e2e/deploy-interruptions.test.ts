import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { controlsOf } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { finalProgress, isAnswer, press, progressHistory, progressMessage, sendDeploy } from '../support/deploy.js';
import { GUILD, INTRUDER, OWNER, createFakeDiscord, openSession, runCommand, textOf } from '../support/e2e.js';
import {
  APIS, FIREWALL, INSTANCE, NETWORK, SUBNETWORK, VM, VM_RESOURCES, approvedDeploy, created, inFlight, realDeployingBot, resourceCounts,
} from '../support/offline-deploy.js';
import { describeWithTerraform } from '../support/real-terraform.js';
import { until } from '../support/until.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

/** Runs /cloud-destroy for the test project and returns the teardown plan waiting for confirmation. */
async function destroyPlan() {
  const destroy = await fake.sendSlashCommand({ name: 'cloud-destroy', user: OWNER, guildId: GUILD, options: [{ name: 'project_id', type: 3, value: 'payments-prod-42' }] });
  return fake.waitForReply(destroy, { predicate: isAnswer, timeoutMs: 20_000 });
}

// Each test waits on several Terraform runs; on 2 busy cores that can take longer than the default 30 s.
describeWithTerraform('deployments that do not run straight through', { timeout: 60_000 }, () => {
  it('cancels mid-apply for its owner only, records it as interrupted, and resumes from /cloud-deploy-v2', async () => {
    const { ledger, credentialDirs } = await realDeployingBot(fake, { slow: [SUBNETWORK], slowSeconds: 10 });
    const progress = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    await until(() => ledger().includes(`create ${SUBNETWORK}`), 'the subnetwork to be asked for');

    const foreign = await fake.waitForReply(await press(fake, progress, 'run-cancel', INTRUDER));
    expect(foreign.ephemeral).toBe(true);
    expect(foreign.content).toBe('🚫 Only <@310000000000000001> can cancel this run.');
    const cancel = await fake.waitForReply(await press(fake, progress, 'run-cancel'));
    expect(cancel.content).toMatch(/^🛑 Cancelling: Terraform is stopping gracefully/);

    // Terraform stops the subnetwork's creation, keeps it in its state as tainted, and creates nothing more.
    const cancelled = await finalProgress(fake, progress);
    expect(cancelled.embeds[0]!.title).toBe('🛑 Deployment cancelled (2/5 resources)');
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n⚠️ interrupted \(can be resumed\)[\s\S]*3 resources: `terraform_data.compute_network`, `terraform_data.compute_subnetwork`, `terraform_data.project_service_apis`/);
    expect(ledger()).toEqual(created(APIS, NETWORK, SUBNETWORK));

    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', ...VM });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^⏸️ The last deployment of Virtual machine `api` \(e2-medium\) in `payments-prod-42` \(us-central1\) was interrupted/);
    const resume = await press(fake, reply, 'run-resume');
    // Replacing the tainted subnetwork destroys something, which the first approval did not cover: asked again.
    const replan = await fake.waitForReply(resume, { predicate: isAnswer, timeoutMs: 20_000 });
    expect(textOf(replan)).toMatch(/\*\*3 to add, 0 to change, 1 to destroy\*\*[\s\S]*-\/\+ terraform_data\.compute_subnetwork/);
    const resumedAt = fake.now();
    await fake.waitForReply(await press(fake, replan, 'plan-approve'));
    const resumed = await finalProgress(fake, await progressMessage(fake, resumedAt));
    // Counts of the deployment's resources, not of Terraform's operations: the tainted subnetwork's
    // replacement (a destroy and a create) is one resource, and the two kept are done from the start.
    expect(resumed.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    const counts = resourceCounts(resumed);
    expect(counts[0]).toBe('2/5');
    expect(counts.every((count) => count.endsWith('/5'))).toBe(true);
    // The network is kept; the tainted subnetwork is replaced: the one in flight at the cancel was created twice.
    expect(progressHistory(resumed).join('\n')).not.toContain(`Creating ${NETWORK}`);
    expect(ledger()).toEqual(created(APIS, NETWORK, SUBNETWORK, SUBNETWORK, FIREWALL, INSTANCE));
    expect(credentialDirs()).toEqual([]);
  });

  it('stops Terraform at once on a second Cancel', async () => {
    const { bot, ledger } = await realDeployingBot(fake, { slow: [SUBNETWORK], slowSeconds: 10 });
    const progress = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    await until(() => ledger().includes(`create ${SUBNETWORK}`), 'the subnetwork to be asked for');
    // Both presses arrive while Terraform is still stopping from the first.
    const [first, second] = await Promise.all([press(fake, progress, 'run-cancel'), press(fake, progress, 'run-cancel')]);
    await Promise.all([fake.waitForReply(first), fake.waitForReply(second)]);
    const cancelled = await finalProgress(fake, progress);
    expect(cancelled.embeds[0]!.title).toMatch(/^🛑 Deployment cancelled \(\d\/5 resources\)$/);
    await bot.waitForLog((line) => line.msg === 'interrupting terraform' && line.interrupt === 2);
    expect(ledger()).toEqual(created(APIS, NETWORK, SUBNETWORK));
  });

  it('refuses a second run on a project while one is applying, and runs deployments of two projects at once', async () => {
    const { ledger } = await realDeployingBot(fake, { slow: [INSTANCE], slowSeconds: 3 });
    await openSession(fake, { project_id: 'billing-prod-7', project_name: 'Billing', service_account_json: JSON.stringify(GCP_KEY) });
    const payments = await approvedDeploy(fake, 'payments-prod-42');

    const second = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    expect(second.reply.ephemeral).toBe(true);
    expect(textOf(second.reply)).toContain('<@310000000000000001> is already running a deployment on project `payments-prod-42`; wait for it to finish (or cancel it) and try again.');

    const billing = await approvedDeploy(fake, 'billing-prod-7');
    const [paymentsDone, billingDone] = await Promise.all([finalProgress(fake, payments), finalProgress(fake, billing)]);
    expect(paymentsDone.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    expect(billingDone.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    // They overlapped: billing started before payments finished.
    expect(billing.createdAt).toBeLessThan(paymentsDone.editedAt!);
    // Each project's five resources, each created once.
    expect([...ledger()].sort()).toEqual([...created(...VM_RESOURCES), ...created(...VM_RESOURCES)].sort());
  });

  it('tears a deployment down with /cloud-destroy after an explicit confirmation', async () => {
    const { ledger, credentialDirs } = await realDeployingBot(fake);
    expect((await finalProgress(fake, await approvedDeploy(fake, 'payments-prod-42'))).embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');

    const plan = await destroyPlan();
    expect(textOf(plan)).toMatch(/🧹 Teardown plan: api[\s\S]*\*\*0 to add, 0 to change, 5 to destroy\*\*[\s\S]*Monthly cost saved\n\$\d+\.\d\d\/month/);
    expect(controlsOf(plan).map((c) => c.label)).toEqual(['Destroy', 'Keep it']);
    const foreign = await fake.waitForReply(await press(fake, plan, 'plan-approve', INTRUDER));
    expect(foreign.content).toBe('🚫 Only <@310000000000000001>, who asked for this plan, can answer it.');

    const confirmedAt = fake.now();
    await fake.waitForReply(await press(fake, plan, 'plan-approve'));
    const teardown = await finalProgress(fake, await progressMessage(fake, confirmedAt));
    expect(teardown.embeds[0]!.title).toBe('✅ Teardown Complete! (5/5 resources)');
    expect(progressHistory(teardown).some((text) => /Destroying terraform_data\.compute_\w+/.test(text))).toBe(true);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n🗑️ destroyed/);
    expect(textOf(await runCommand(fake, 'cloud-destroy', { project_id: 'payments-prod-42' }))).toContain('The bot has deployed nothing in project `payments-prod-42` that is still up.');
    // Destroyed in the reverse order of creation, each once.
    expect(ledger()).toEqual([...created(...VM_RESOURCES), ...[...VM_RESOURCES].reverse().map((a) => `destroy ${a}`)]);
    expect(credentialDirs()).toEqual([]);
  });
});
