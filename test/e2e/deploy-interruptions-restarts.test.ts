import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { controlsOf } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { finalProgress, isAnswer, press, progressHistory, progressMessage, sendDeploy } from '../support/deploy.js';
import { GUILD, OWNER, createFakeDiscord, runCommand, startInstallation, textOf } from '../support/e2e.js';
import {
  APIS, FIREWALL, INSTANCE, NETWORK, SUBNETWORK, VM, VM_RESOURCES, approvedDeploy, created, exitStatuses, inFlight, killTerraform, realDeployingBot, resourceCounts, stateList,
} from '../support/offline-deploy.js';
import { describeWithTerraform } from '../support/real-terraform.js';
import { until } from '../support/until.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

// The subnetwork's first creation takes this long: time to stop the bot while it is in flight and
// start the next one before Terraform is done (a restart takes 1-3 s on this machine under load).
const SLOW_SECONDS = 8;
const SLOW_SUBNETWORK = { slow: [SUBNETWORK], slowSeconds: SLOW_SECONDS };

// Each test starts the bot twice and waits on the real Terraform; on 2 busy cores that can take longer than the default 30 s.
describeWithTerraform('deployments that outlive the bot', { timeout: 60_000 }, () => {
  it('survives kill -9 of the bot\'s process group mid-apply: the same progress message goes on to the end, nothing created twice', async () => {
    const { install, bot, sessionId, ledger, credentialDirs } = await realDeployingBot(fake, SLOW_SUBNETWORK);
    const cutOff = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    await bot.kill('SIGKILL');

    const restartedAt = fake.now();
    await startInstallation(fake, install);
    // Re-attached to a Terraform still running: its wrapper has not recorded an exit yet.
    expect(exitStatuses(install.dataDir)).toEqual([]);
    const done = await finalProgress(fake, cutOff);
    expect(done.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    // Edited live after the restart, not only at the end: the firewall's creation was shown as it ran.
    expect(progressHistory({ ...done, edits: done.edits.filter((edit) => edit.at > restartedAt) }).join('\n')).toContain(`Creating ${FIREWALL}`);
    expect(ledger()).toEqual(created(...VM_RESOURCES));
    expect(await stateList(install.dataDir)).toEqual([...VM_RESOURCES].sort());
    await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n✅ deployed · .*\n5 resources: `terraform_data\.compute_firewall_iap_ssh`/);
    expect(credentialDirs()).toEqual([]);
  });

  it('after kill -9 of the bot, shows how Terraform ended while no bot was running, within seconds of ready', async () => {
    const { install, bot, ledger, credentialDirs } = await realDeployingBot(fake, { slow: [SUBNETWORK], slowSeconds: 1, fail: [INSTANCE] });
    const cutOff = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    await bot.kill('SIGKILL');
    await until(() => exitStatuses(install.dataDir).length === 1, 'the apply to end while no bot runs');
    const left = fake.message(cutOff.id)!;
    expect(left.embeds[0]!.title).toBe('🚀 Deploying');

    await startInstallation(fake, install);
    const readyAt = fake.now();
    const done = await finalProgress(fake, cutOff);
    expect(done.editedAt! - readyAt).toBeLessThan(3_000);
    // The true outcome, from the log and the recorded exit status: the instance was refused.
    expect(done.embeds[0]!.title).toBe('❌ Deployment failed (4/5 resources), 1 failed');
    expect(textOf(done)).toContain('Error 403: the caller does not have permission to create terraform_data.compute_instance');
    expect(ledger()).toEqual(created(APIS, NETWORK, SUBNETWORK, FIREWALL));
    // The refused instance stays in the state, tainted, as real Terraform keeps a failed create.
    expect(await stateList(install.dataDir)).toEqual([...VM_RESOURCES].sort());
    expect(credentialDirs()).toEqual([]);
  });

  it('on SIGTERM mid-apply exits promptly without interrupting Terraform, and the next process re-attaches', async () => {
    const { install, bot, ledger } = await realDeployingBot(fake, SLOW_SUBNETWORK);
    const progress = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    const stoppingAt = Date.now();
    expect(await bot.kill('SIGTERM')).toBe(0);
    expect(Date.now() - stoppingAt).toBeLessThan(5_000);
    // Left as it was: still deploying, Cancel still there for the next process.
    const left = fake.message(progress.id)!;
    expect(left.embeds[0]!.title).toBe('🚀 Deploying');
    expect(controlsOf(left).map((c) => c.label)).toEqual(['Cancel']);

    await startInstallation(fake, install);
    expect(exitStatuses(install.dataDir)).toEqual([]);
    const done = await finalProgress(fake, progress);
    expect(done.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    expect(progressHistory(done).join('\n')).not.toMatch(/interrupted/);
    expect(ledger()).toEqual(created(...VM_RESOURCES));
    expect(await stateList(install.dataDir)).toEqual([...VM_RESOURCES].sort());
  });

  it('when Terraform itself is killed mid-apply, marks the run interrupted, names what was in flight, and resumes', async () => {
    const { install, ledger, credentialDirs } = await realDeployingBot(fake, SLOW_SUBNETWORK);
    const progress = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    await until(() => ledger().includes(`create ${SUBNETWORK}`), 'the subnetwork to be asked for');
    killTerraform(install.dataDir);

    const stopped = await finalProgress(fake, progress);
    expect(stopped.embeds[0]!.title).toBe('⚠️ Deployment interrupted (2/5 resources)');
    expect(stopped.embeds[0]!.description).toContain(`Terraform itself was killed mid-run, while working on \`${SUBNETWORK}\`: it may exist in the cloud without being in Terraform's state.`);
    expect(stopped.embeds[0]!.description).toContain('press **Resume**');
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n⚠️ interrupted \(can be resumed\)/);
    expect(await stateList(install.dataDir)).toEqual([APIS, NETWORK].sort());

    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', ...VM });
    const resumedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'run-resume'), { predicate: (m) => m.content.includes('progress below'), timeoutMs: 20_000 });
    const resumed = await finalProgress(fake, await progressMessage(fake, resumedAt));
    expect(resumed.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    // Counted in the deployment's resources: the two kept are done from the start.
    expect(resourceCounts(resumed)[0]).toBe('2/5');
    // Only the subnetwork, which was in flight (and named), was asked for twice.
    expect(ledger()).toEqual(created(APIS, NETWORK, SUBNETWORK, SUBNETWORK, FIREWALL, INSTANCE));
    expect(await stateList(install.dataDir)).toEqual([...VM_RESOURCES].sort());
    expect(credentialDirs()).toEqual([]);
  });

  it('re-attaches to a teardown cut off by kill -9 of the bot and finishes it as a teardown', async () => {
    const { install, bot, sessionId, ledger } = await realDeployingBot(fake, { delaySeconds: 0.6 });
    expect((await finalProgress(fake, await approvedDeploy(fake, 'payments-prod-42'))).embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    const destroy = await fake.sendSlashCommand({ name: 'cloud-destroy', user: OWNER, guildId: GUILD, options: [{ name: 'project_id', type: 3, value: 'payments-prod-42' }] });
    const plan = await fake.waitForReply(destroy, { predicate: isAnswer, timeoutMs: 20_000 });
    const confirmedAt = fake.now();
    await fake.waitForReply(await press(fake, plan, 'plan-approve'));
    const teardown = await inFlight(fake, await progressMessage(fake, confirmedAt), FIREWALL, 'Destroying');
    await bot.kill('SIGKILL');

    await startInstallation(fake, install);
    const done = await finalProgress(fake, teardown);
    expect(done.embeds[0]!.title).toBe('✅ Teardown Complete! (5/5 resources)');
    expect(await stateList(install.dataDir)).toEqual([]);
    expect(ledger().filter((line) => line.startsWith('destroy'))).toEqual([INSTANCE, FIREWALL, SUBNETWORK, NETWORK, APIS].map((a) => `destroy ${a}`));
    await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n🗑️ destroyed/);
  });
});
