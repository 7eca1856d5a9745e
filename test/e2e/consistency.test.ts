import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GOOD_INIT, GUILD, INTRUDER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';

// Issue 15, item 9: one mark per kind of answer (❌ errors, 🚫 refusals) whichever command gives it, and
// every problem of an input at once, with the closest region for a typo.
const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

describe('answers that look the same everywhere', () => {
  it('tells a BAD_ID!! project ID all its problems at once, with the closest region for the typo beside it', async () => {
    await startInstallation(fake, installation());
    const reply = await runCommand(fake, 'cloud-init', { ...GOOD_INIT, project_id: 'BAD_ID!!', region: 'us-centrl1' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe([
      '❌ Please fix these:',
      '• `BAD_ID!!` is not a valid GCP project ID: it must start with a lowercase letter (not `B`); it may contain only lowercase letters, digits and hyphens (not uppercase letters, `_`, `!`).',
      '• `us-centrl1` is not a Google Cloud region. Did you mean `us-central1`?',
    ].join('\n'));
  });

  it("suggests the provider's own spelling of another provider's region", async () => {
    await startInstallation(fake, installation());
    const reply = await runCommand(fake, 'cloud-init', { ...GOOD_INIT, region: 'us-east-1' });
    expect(reply.content).toBe('❌ `us-east-1` is an AWS region, not a Google Cloud one. Did you mean `us-east1`?');
  });

  it('marks refusals with 🚫 and errors with ❌, in commands and on buttons alike', async () => {
    await startInstallation(fake, installation());
    await openSession(fake);
    // A refusal from a command: the same project twice.
    const twice = await runCommand(fake, 'cloud-init', GOOD_INIT);
    expect(twice.content).toMatch(/^🚫 You already have a live session for `payments-prod-42`/);
    // A refusal from the policy command, for a member without Manage Server.
    const policy = await fake.waitForReply(await fake.sendSlashCommand({ name: 'cloud-policy', user: INTRUDER, guildId: GUILD, options: [{ name: 'show', type: 1, options: [] }] }));
    expect(textOf(policy)).toMatch(/^🚫 Only members with the Manage Server permission/);
    // An error: a project with no session.
    const missing = await runCommand(fake, 'cloud-deploy-v2', { project_id: 'no-such-project', resource_type: 'vm' });
    expect(missing.content).toMatch(/^❌ You have no live session for project `no-such-project`/);
    for (const reply of [twice, policy, missing]) expect(reply.ephemeral).toBe(true);
  });
});
