import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canRunAsPid1, stopAllBots } from '../harness/bot-process.js';
import { finalProgress, isAnswer, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { createFakeDiscord, runCommand, startInstallation, textOf } from '../support/e2e.js';
import {
  APIS, NETWORK, SUBNETWORK, VM, VM_RESOURCES, approvedDeploy, created, exitStatuses, inFlight, realDeployingBot, stateList,
} from '../support/offline-deploy.js';
import { describeWithTerraform, realTerraform } from '../support/real-terraform.js';
import { until } from '../support/until.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

// Long enough to stop the bot while the subnetwork is in flight and start the next one before it is done.
const SLOW_SUBNETWORK = { slow: [SUBNETWORK], slowSeconds: 8 };

// A stop under `node` directly is must-show 3 (deploy-interruptions-restarts.test.ts).
describeWithTerraform('a stop under npm start', { timeout: 60_000 }, () => {
  it('when only npm gets the SIGTERM (and exits at once), the bot stops within seconds, Terraform runs on, and the next process re-attaches', async () => {
    const { install, bot, ledger } = await realDeployingBot(fake, SLOW_SUBNETWORK, 'npm start');
    const progress = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    const stoppingAt = Date.now();
    // Resolves once npm has exited and the bot has closed its output: no bot left running, orphaned.
    await bot.kill('SIGTERM');
    expect(Date.now() - stoppingAt).toBeLessThan(5_000);
    expect(bot.logs.some((line) => line.msg === 'shutting down')).toBe(true);
    // The lost parent is one stop, however long it takes: not a second signal's "exit now".
    expect(bot.logs.some((line) => line.msg === 'second stop signal: exiting now')).toBe(false);
    expect(exitStatuses(install.dataDir)).toEqual([]);

    await startInstallation(fake, install);
    const done = await finalProgress(fake, progress);
    expect(done.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    expect(ledger()).toEqual(created(...VM_RESOURCES));
  });
});

// `unshare --pid` needs root; without it this is skipped (and not counted among the [real terraform] tests CI requires).
describe.skipIf(!realTerraform || !canRunAsPid1())('a stop of the bot as PID 1 (a container whose command is node)', { timeout: 60_000 }, () => {
  it('interrupts Terraform gracefully before exiting, since the kernel would kill it mid-resource, and the run resumes', async () => {
    const { install, bot, sessionId, ledger } = await realDeployingBot(fake, SLOW_SUBNETWORK, 'pid 1');
    const progress = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
    await until(() => ledger().includes(`create ${SUBNETWORK}`), 'the subnetwork to be asked for');
    const stoppingAt = Date.now();
    expect(await bot.kill('SIGTERM')).toBe(0);
    expect(Date.now() - stoppingAt).toBeLessThan(10_000);
    // Terraform saved the subnetwork it had in flight (tainted), instead of dying with the namespace and forgetting it.
    expect(await stateList(install.dataDir)).toEqual([APIS, NETWORK, SUBNETWORK].sort());
    const stopped = fake.message(progress.id)!;
    expect(stopped.components).toEqual([]);
    expect(stopped.embeds[0]!.title).toBe('🛑 Deployment cancelled (2/5 resources)');
    expect(textOf(stopped)).toContain('The bot was stopped with its container, which would have killed Terraform mid-resource, so Terraform was interrupted and saved what it had done.');

    await startInstallation(fake, install);
    await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', ...VM });
    const replan = await fake.waitForReply(await press(fake, reply, 'run-resume'), { predicate: isAnswer, timeoutMs: 20_000 });
    expect(textOf(replan)).toContain('-/+ terraform_data.compute_subnetwork');
    const resumedAt = fake.now();
    await fake.waitForReply(await press(fake, replan, 'plan-approve'));
    const resumed = await finalProgress(fake, await progressMessage(fake, resumedAt));
    expect(resumed.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    expect(await stateList(install.dataDir)).toEqual([...VM_RESOURCES].sort());
  });
});
