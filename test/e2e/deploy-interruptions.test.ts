import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlsOf, type FakeMessage } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { recordedInvocations } from '../support/fake-terraform.js';
import {
  deployEnv, expectCredentialFilesGone, finalProgress, isAnswer, press, progressHistory, progressMessage, sendDeploy,
} from '../support/deploy.js';
import { GUILD, INTRUDER, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { describeWithTerraform, realTerraformEnv, type OfflineOptions } from '../support/real-terraform.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

// With the tests' delay scale (0.02), 150 s of subnetwork creation is 3 s of wall time: long enough to
// act while it is in flight. Resources go the three APIs → network → subnetwork → firewall → instance.
const SLOW_SUBNETWORK = { seconds: { google_compute_subnetwork: 150 } };
const VM = { resource_type: 'vm', machine_type: 'e2-medium', name: 'api' };
/** The APIs the GCP VM template enables (one for_each block, three instances in the state). */
const APIS = ['compute.googleapis.com', 'iap.googleapis.com', 'oslogin.googleapis.com'].map((api) => `google_project_service.apis["${api}"]`);

/** The offline VM's resources, in creation order. */
const NETWORK = 'terraform_data.compute_network';
const SUBNETWORK = 'terraform_data.compute_subnetwork';
const FIREWALL = 'terraform_data.compute_firewall_iap_ssh';
const INSTANCE = 'terraform_data.compute_instance';
const created = (...addresses: string[]) => addresses.map((address) => `create ${address}`);

/** A bot deploying the offline templates with the real terraform. */
async function realDeployingBot(options: OfflineOptions = {}) {
  const { env, ledger } = realTerraformEnv(options);
  const install = installation(env);
  const bot = await startInstallation(fake, install);
  const sessionId = await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
  return { install, bot, sessionId, ledger, credentialDirs: () => readdirSync(join(install.dataDir, 'tmp')) };
}

/** Waits until the progress message shows `address` being created (or destroyed). */
function inFlight(progress: FakeMessage, address: string, verb = 'Creating'): Promise<FakeMessage> {
  return fake.waitForChannelMessage((m) => m.id === progress.id && (m.embeds[0]?.description ?? '').includes(`${verb} ${address}`), { timeoutMs: 20_000 });
}

async function deployingBot(scenario = {}) {
  const { env, recordEnvTo } = deployEnv(scenario);
  const install = installation(env);
  const bot = await startInstallation(fake, install);
  const sessionId = await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
  return { install, bot, sessionId, recordEnvTo };
}

/** Plans `options` on `projectId`, approves it, and returns the live progress message. */
async function approvedDeploy(projectId: string, options: Record<string, string> = VM): Promise<FakeMessage> {
  const { reply } = await sendDeploy(fake, { project_id: projectId, ...options });
  expect(textOf(reply)).toContain('📋 Deployment plan');
  const approvedAt = Date.now();
  await fake.waitForReply(await press(fake, reply, 'plan-approve'));
  return progressMessage(fake, approvedAt);
}

/** Waits until the progress message shows the slow subnetwork being created. */
function subnetworkInFlight(progress: FakeMessage): Promise<FakeMessage> {
  return fake.waitForChannelMessage((m) => m.id === progress.id && /Creating google_compute_subnetwork\.this/.test(m.embeds[0]?.description ?? ''), { timeoutMs: 20_000 });
}

/** Runs /cloud-destroy for the test project and returns the teardown plan waiting for confirmation. */
async function destroyPlan(): Promise<FakeMessage> {
  const destroy = await fake.sendSlashCommand({ name: 'cloud-destroy', user: OWNER, guildId: GUILD, options: [{ name: 'project_id', type: 3, value: 'payments-prod-42' }] });
  return fake.waitForReply(destroy, { predicate: isAnswer, timeoutMs: 20_000 });
}

/** Kills the terraform process of the only running apply (not its wrapper, not the bot), as an OOM kill would. */
function killTerraform(dataDir: string): void {
  const workspaces = join(dataDir, 'workspaces');
  const [workspace] = readdirSync(workspaces);
  const lock = JSON.parse(readFileSync(join(workspaces, workspace!, '.chatops-run.lock'), 'utf8')) as { terraform: { pid: number } };
  const wrapper = lock.terraform.pid;
  const [terraform] = readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, 'utf8').trim().split(/\s+/).map(Number);
  process.kill(terraform!, 'SIGKILL');
}

/** The resources the fake terraform has in its state for the only deployment of an installation. */
function stateResources(dataDir: string): string[] {
  const workspaces = join(dataDir, 'workspaces');
  const [workspace] = readdirSync(workspaces);
  const state = JSON.parse(readFileSync(join(workspaces, workspace!, 'terraform.tfstate'), 'utf8')) as { resources: Record<string, string> };
  return Object.keys(state.resources);
}

// Each test starts the bot twice and waits on Terraform; on 2 busy cores that can take longer than the default 30 s.
describe('deployments that do not run straight through', { timeout: 60_000 }, () => {
  it('survives kill -9 of the bot mid-apply: after a restart the same progress message goes on and completes', async () => {
    const { install, bot, sessionId, recordEnvTo } = await deployingBot(SLOW_SUBNETWORK);
    const cutOff = await subnetworkInFlight(await approvedDeploy('payments-prod-42'));
    await bot.kill('SIGKILL');

    await startInstallation(fake, install);
    const done = await finalProgress(fake, cutOff);
    expect(done.embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
    expect(stateResources(install.dataDir).sort()).toEqual([
      'google_compute_firewall.iap_ssh', 'google_compute_instance.this', 'google_compute_network.this', 'google_compute_subnetwork.this', ...APIS,
    ]);
    // One apply did it all: Terraform ran on while no bot was there.
    expect(recordedInvocations(recordEnvTo).filter((i) => i.command === 'apply')).toHaveLength(1);
    await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n✅ deployed · .*\n7 resources: `google_project_service.apis\["compute.googleapis.com"\]`/);
    expectCredentialFilesGone(recordEnvTo);
    expect(readdirSync(join(install.dataDir, 'tmp'))).toEqual([]);
  });

  it('on SIGTERM mid-apply exits promptly without interrupting Terraform, and the next process re-attaches', async () => {
    const { install, bot, recordEnvTo } = await deployingBot(SLOW_SUBNETWORK);
    const progress = await subnetworkInFlight(await approvedDeploy('payments-prod-42'));
    const stoppingAt = Date.now();
    expect(await bot.kill('SIGTERM')).toBe(0);
    expect(Date.now() - stoppingAt).toBeLessThan(5_000);
    // Left as it was: still deploying, Cancel still there for the next process.
    const left = fake.message(progress.id)!;
    expect(left.embeds[0]!.title).toBe('🚀 Deploying');
    expect(controlsOf(left).map((c) => c.label)).toEqual(['Cancel']);

    await startInstallation(fake, install);
    const done = await finalProgress(fake, progress);
    expect(done.embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
    expect(progressHistory(done).join('\n')).not.toMatch(/interrupted/);
    expect(recordedInvocations(recordEnvTo).filter((i) => i.command === 'apply')).toHaveLength(1);
    expectCredentialFilesGone(recordEnvTo);
  });

  it('when Terraform itself is killed mid-apply, marks the run interrupted, names what was in flight, and resumes', async () => {
    const { install, recordEnvTo } = await deployingBot(SLOW_SUBNETWORK);
    const progress = await subnetworkInFlight(await approvedDeploy('payments-prod-42'));
    killTerraform(install.dataDir);

    const stopped = await finalProgress(fake, progress);
    expect(stopped.embeds[0]!.title).toBe('⚠️ Deployment interrupted (4/7 resources)');
    expect(stopped.embeds[0]!.description).toContain("Terraform itself was killed mid-run, while working on `google_compute_subnetwork.this`: it may exist in the cloud without being in Terraform's state.");
    expect(stopped.embeds[0]!.description).toContain('press **Resume**');
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n⚠️ interrupted \(can be resumed\)/);

    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', ...VM });
    const resumedAt = Date.now();
    await fake.waitForReply(await press(fake, reply, 'run-resume'), { predicate: (m) => m.content.includes('progress below'), timeoutMs: 20_000 });
    const resumed = await finalProgress(fake, await progressMessage(fake, resumedAt));
    expect(resumed.embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
    expect(stateResources(install.dataDir)).toHaveLength(7);
    expectCredentialFilesGone(recordEnvTo);
  });

  it('re-attaches to a teardown cut off by kill -9 of the bot and finishes it as a teardown', { timeout: 60_000 }, async () => {
    const { install, bot, sessionId } = await deployingBot(SLOW_SUBNETWORK);
    expect((await finalProgress(fake, await approvedDeploy('payments-prod-42'))).embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
    const plan = await destroyPlan();
    const confirmedAt = Date.now();
    await fake.waitForReply(await press(fake, plan, 'plan-approve'));
    const teardown = await progressMessage(fake, confirmedAt);
    await fake.waitForChannelMessage((m) => m.id === teardown.id && /Destroying google_compute_subnetwork\.this/.test(m.embeds[0]?.description ?? ''), { timeoutMs: 20_000 });
    await bot.kill('SIGKILL');

    await startInstallation(fake, install);
    const done = await finalProgress(fake, teardown);
    expect(done.embeds[0]!.title).toBe('✅ Teardown Complete! (7/7 resources)');
    expect(stateResources(install.dataDir)).toEqual([]);
    await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n🗑️ destroyed/);
  });
});

// Each test waits on several Terraform runs; on 2 busy cores that can take longer than the default 30 s.
describeWithTerraform('deployments that do not run straight through', { timeout: 60_000 }, () => {
  it('cancels mid-apply for its owner only, records it as interrupted, and resumes from /cloud-deploy-v2', async () => {
    const { ledger, credentialDirs } = await realDeployingBot({ slow: [SUBNETWORK] });
    const progress = await inFlight(await approvedDeploy('payments-prod-42'), SUBNETWORK);

    const foreign = await fake.waitForReply(await press(fake, progress, 'run-cancel', INTRUDER));
    expect(foreign.ephemeral).toBe(true);
    expect(foreign.content).toBe('Only <@310000000000000001> can cancel this run.');
    const cancel = await fake.waitForReply(await press(fake, progress, 'run-cancel'));
    expect(cancel.content).toMatch(/^🛑 Cancelling: Terraform is stopping gracefully/);

    // Terraform stops the subnetwork's creation, keeps it in its state as tainted, and creates nothing more.
    const cancelled = await finalProgress(fake, progress);
    expect(cancelled.embeds[0]!.title).toBe('🛑 Deployment cancelled (1/4 resources)');
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n⚠️ interrupted \(can be resumed\)[\s\S]*2 resources: `terraform_data.compute_network`, `terraform_data.compute_subnetwork`/);
    expect(ledger()).toEqual(created(NETWORK, SUBNETWORK));

    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', ...VM });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^⏸️ The last deployment of Virtual machine `api` \(e2-medium\) in `payments-prod-42` \(us-central1\) was interrupted/);
    const resumedAt = Date.now();
    const resume = await press(fake, reply, 'run-resume');
    expect((await fake.waitForReply(resume, { predicate: (m) => m.content.includes('progress below') })).content).toMatch(/^⏩ Resuming where we left off/);
    const resumed = await finalProgress(fake, await progressMessage(fake, resumedAt));
    expect(resumed.embeds[0]!.title).toMatch(/^✅ Deployment Complete! \((\d+)\/\1 resources\)$/);
    // The network is kept; the tainted subnetwork is replaced: the one in flight at the cancel was created twice.
    expect(progressHistory(resumed).join('\n')).not.toContain(`Creating ${NETWORK}`);
    expect(ledger()).toEqual(created(NETWORK, SUBNETWORK, SUBNETWORK, FIREWALL, INSTANCE));
    expect(credentialDirs()).toEqual([]);
  });

  it('stops Terraform at once on a second Cancel', async () => {
    const { bot, ledger } = await realDeployingBot({ slow: [SUBNETWORK] });
    const progress = await inFlight(await approvedDeploy('payments-prod-42'), SUBNETWORK);
    // Both presses arrive while Terraform is still stopping from the first.
    const [first, second] = await Promise.all([press(fake, progress, 'run-cancel'), press(fake, progress, 'run-cancel')]);
    await Promise.all([fake.waitForReply(first), fake.waitForReply(second)]);
    const cancelled = await finalProgress(fake, progress);
    expect(cancelled.embeds[0]!.title).toMatch(/^🛑 Deployment cancelled \(\d\/4 resources\)$/);
    await bot.waitForLog((line) => line.msg === 'interrupting terraform' && line.interrupt === 2);
    expect(ledger()).toEqual(created(NETWORK, SUBNETWORK));
  });

  it('refuses a second run on a project while one is applying, and runs deployments of two projects at once', async () => {
    const { ledger } = await realDeployingBot({ slow: [INSTANCE], slowSeconds: 5 });
    await openSession(fake, { project_id: 'billing-prod-7', project_name: 'Billing', service_account_json: JSON.stringify(GCP_KEY) });
    const payments = await approvedDeploy('payments-prod-42');

    const second = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    expect(second.reply.ephemeral).toBe(true);
    expect(textOf(second.reply)).toContain('<@310000000000000001> is already running a deployment on project `payments-prod-42`; wait for it to finish (or cancel it) and try again.');

    const billing = await approvedDeploy('billing-prod-7');
    const [paymentsDone, billingDone] = await Promise.all([finalProgress(fake, payments), finalProgress(fake, billing)]);
    expect(paymentsDone.embeds[0]!.title).toBe('✅ Deployment Complete! (4/4 resources)');
    expect(billingDone.embeds[0]!.title).toBe('✅ Deployment Complete! (4/4 resources)');
    // They overlapped: billing started before payments finished.
    expect(billing.createdAt).toBeLessThan(paymentsDone.editedAt!);
    // Each project's four resources, each created once.
    expect([...ledger()].sort()).toEqual([...created(NETWORK, SUBNETWORK, FIREWALL, INSTANCE), ...created(NETWORK, SUBNETWORK, FIREWALL, INSTANCE)].sort());
  });

  it('tears a deployment down with /cloud-destroy after an explicit confirmation', async () => {
    const { ledger, credentialDirs } = await realDeployingBot();
    expect((await finalProgress(fake, await approvedDeploy('payments-prod-42'))).embeds[0]!.title).toBe('✅ Deployment Complete! (4/4 resources)');

    const plan = await destroyPlan();
    expect(textOf(plan)).toMatch(/🧹 Teardown plan: api[\s\S]*\*\*0 to add, 0 to change, 7 to destroy\*\*[\s\S]*Monthly cost saved\n\$\d+\.\d\d\/month/);
    expect(controlsOf(plan).map((c) => c.label)).toEqual(['Destroy', 'Keep it']);
    const foreign = await fake.waitForReply(await press(fake, plan, 'plan-approve', INTRUDER));
    expect(foreign.content).toBe('🚫 Only <@310000000000000001>, who asked for this plan, can answer it.');

    const confirmedAt = Date.now();
    await fake.waitForReply(await press(fake, plan, 'plan-approve'));
    const teardown = await finalProgress(fake, await progressMessage(fake, confirmedAt));
    expect(teardown.embeds[0]!.title).toBe('✅ Teardown Complete! (4/4 resources)');
    expect(progressHistory(teardown).some((text) => /Destroying terraform_data\.compute_\w+/.test(text))).toBe(true);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n🗑️ destroyed/);
    expect(textOf(await runCommand(fake, 'cloud-destroy', { project_id: 'payments-prod-42' }))).toContain('The bot has deployed nothing in project `payments-prod-42` that is still up.');
    // Destroyed in the reverse order of creation, each once.
    expect(ledger()).toEqual([...created(NETWORK, SUBNETWORK, FIREWALL, INSTANCE), ...[INSTANCE, FIREWALL, SUBNETWORK, NETWORK].map((a) => `destroy ${a}`)]);
    expect(credentialDirs()).toEqual([]);
  });
});
