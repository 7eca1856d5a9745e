import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { recordedInvocations } from '../support/fake-terraform.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const DEPLOY = { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'n1-standard-4', name: 'api' };
const NO_CREDENTIALS = /❌ Your session for `payments-prod-42` has no cloud credentials, and this bot never deploys with its host's own identity\. Attach the project's credentials with `\/cloud-upload-credentials`/;
const terraformCommands = (recordEnvTo: string) =>
  existsSync(recordEnvTo) ? recordedInvocations(recordEnvTo).map((i) => i.command).filter((c) => c !== 'version') : [];

describe('deploying on the host identity', () => {
  it('is refused, privately and before any planning, for a session without credentials', async () => {
    const { env, recordEnvTo } = deployEnv();
    await startInstallation(fake, installation(env));
    await openSession(fake);
    const { reply } = await sendDeploy(fake, DEPLOY);
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toMatch(NO_CREDENTIALS);
    expect(terraformCommands(recordEnvTo)).toEqual([]);
  });

  it('works only while the operator opts in with ALLOW_HOST_CREDENTIALS=true; teardown needs credentials too', async () => {
    const { env, recordEnvTo } = deployEnv();
    const install = installation(env);
    const optedIn = await startInstallation(fake, install, { ALLOW_HOST_CREDENTIALS: 'true' });
    const sessionId = await openSession(fake);
    const { reply } = await sendDeploy(fake, DEPLOY);
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toBe('✅ Deployment Complete! (7/7 resources)');
    await optedIn.kill('SIGTERM');

    await startInstallation(fake, install);
    await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
    const before = terraformCommands(recordEnvTo).length;
    const destroy = await runCommand(fake, 'cloud-destroy', { project_id: 'payments-prod-42' });
    expect(destroy.ephemeral).toBe(true);
    expect(textOf(destroy)).toMatch(NO_CREDENTIALS);
    expect(textOf((await sendDeploy(fake, DEPLOY)).reply)).toMatch(NO_CREDENTIALS);
    expect(terraformCommands(recordEnvTo)).toHaveLength(before);
  }, 90_000); // a deployment and a restart: more than 30 s on a busy 2-core machine
});
