import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, sendDeploy } from '../support/deploy.js';
import { createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const DEPLOY = { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'n1-standard-4', name: 'api' };
const ORIGINAL_REPLY = /^\/api\/v10\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

describe('a planning-phase edit that Discord refuses', () => {
  it.each([
    ['a deleted reply (404 Unknown Webhook)', { status: 404, code: 10015, message: 'Unknown Webhook' }],
    // discord.js retries a 5xx three times before it gives up.
    ['a Discord outage (500, four times over)', { status: 500, times: 4 }],
  ])('%s is logged without its token, and the bot keeps serving', async (_label, failure) => {
    const { env } = deployEnv();
    const bot = await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    fake.failNext({ method: 'PATCH', pathPattern: ORIGINAL_REPLY, ...failure });
    const { handle, reply } = await sendDeploy(fake, DEPLOY);

    // The plan still arrives once Discord answers again, and the process is alive.
    expect(textOf(reply)).toContain('**7 to add, 0 to change, 0 to destroy**');
    const logged = await bot.waitForLog((l) => l.msg === 'could not show a planning phase');
    expect(logged).toMatchObject({ level: 40, err: { status: failure.status } });
    expect(JSON.stringify(logged)).toContain('/webhooks/330000000000000001/[token]/messages/%40original');
    expect(bot.child.exitCode).toBeNull();
    expect(textOf(await runCommand(fake, 'cloud-status'))).toContain('Payments API');
    // The interaction token would let anyone answer as the bot: never in the logs, nor on stderr.
    expect(bot.rawStdout + bot.stderr).not.toContain(handle.token);
    expect(bot.rawStdout + bot.stderr).not.toContain(handle.token.slice(5, 40));
  }, 60_000);
});
