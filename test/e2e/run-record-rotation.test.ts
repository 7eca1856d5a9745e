import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { finalProgress } from '../support/deploy.js';
import { createFakeDiscord, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { SUBNETWORK, VM_RESOURCES, approvedDeploy, exitStatuses, inFlight, realDeployingBot, stateList } from '../support/offline-deploy.js';
import { describeWithTerraform } from '../support/real-terraform.js';
import { flipSealedByte } from '../support/sealed-rows.js';
import { until } from '../support/until.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

/** Time to kill the bot while the subnetwork is being created, and to start the next one before Terraform is done. */
const SLOW_SUBNETWORK = { slow: [SUBNETWORK], slowSeconds: 8 };
const COMPLETE = '✅ Deployment Complete! (5/5 resources)';

/** An apply cut off by kill -9 of the bot while Terraform runs on, detached: its run record is in SQLite. */
async function applyOutlivingTheBot() {
  const deploying = await realDeployingBot(fake, SLOW_SUBNETWORK);
  const progress = await inFlight(fake, await approvedDeploy(fake, 'payments-prod-42'), SUBNETWORK);
  await deploying.bot.kill('SIGKILL');
  return { ...deploying, progress };
}

const statusOf = async (sessionId: string) => {
  await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
  return textOf(await runCommand(fake, 'cloud-status'));
};

describeWithTerraform('a run record that does not open at start-up', { timeout: 90_000 }, () => {
  it('altered: the run is still followed to its true end, from what its deployment records', async () => {
    const { install, progress, sessionId } = await applyOutlivingTheBot();
    flipSealedByte(install.databasePath, 'terraform_runs', 'context', "step = 'apply'");

    const restarted = await startInstallation(fake, install);
    expect(exitStatuses(install.dataDir)).toEqual([]); // Terraform still running: re-attached, not left unseen
    expect((await finalProgress(fake, progress)).embeds[0]!.title).toBe(COMPLETE);
    expect(restarted.logs.find((l) => /a terraform run record does not open/.test(l.msg ?? ''))).toMatchObject({ level: 40 });
    expect(restarted.logs.find((l) => /following the run with what its deployment records/.test(l.msg ?? ''))).toMatchObject({ level: 40 });
    expect(await stateList(install.dataDir)).toEqual([...VM_RESOURCES].sort());
    expect(await statusOf(sessionId)).toMatch(/Virtual machine api\n✅ deployed/);
  });

  it('under an old secret: kept while nothing opens it, then settled by the start with RECOVERY_SECRET_PREVIOUS', async () => {
    const { install, progress, sessionId } = await applyOutlivingTheBot();
    const oldSecret = install.env.RECOVERY_SECRET!;
    const newSecret = randomBytes(32).toString('base64');

    const blind = await startInstallation(fake, install, { RECOVERY_SECRET: newSecret });
    await until(() => blind.logs.some((l) => /keeping a run record whose deployment does not open/.test(l.msg ?? '')), 'the warning about the kept run record');
    expect(blind.logs.some((l) => /dropping a run record/.test(l.msg ?? ''))).toBe(false);
    for (const secret of [oldSecret, newSecret]) expect(JSON.stringify(blind.logs)).not.toContain(secret.slice(0, 20));
    await blind.stop();
    // Not marked interrupted (its status is in clear) while its Terraform runs on.
    const db = new Database(install.databasePath, { readonly: true });
    expect(db.prepare('SELECT status FROM deployments').pluck().all()).toEqual(['ACTIVE']);
    db.close();
    await until(() => exitStatuses(install.dataDir).length === 1, 'Terraform to finish while no bot can follow it', 30_000);

    await startInstallation(fake, install, { RECOVERY_SECRET: newSecret, RECOVERY_SECRET_PREVIOUS: oldSecret });
    expect((await finalProgress(fake, progress)).embeds[0]!.title).toBe(COMPLETE);
    expect(await statusOf(sessionId)).toMatch(/Virtual machine api\n✅ deployed/);
  });
});
