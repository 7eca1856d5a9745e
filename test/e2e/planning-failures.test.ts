import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlsOf } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, isAnswer, press, sendDeploy } from '../support/deploy.js';
import { FAKE_TERRAFORM } from '../support/fake-terraform.js';
import { GUILD, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf, type Installation } from '../support/e2e.js';
import { tempDir } from '../support/temp-dir.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const VM = { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'e2-medium', name: 'api' };
const SUBJECT = 'Virtual machine `api` (e2-medium) in `payments-prod-42` (us-central1)';

async function botWith(scenario: Parameters<typeof deployEnv>[0], extraEnv: Record<string, string> = {}, install?: Installation) {
  const { env } = deployEnv(scenario);
  const chosen = install ?? installation({ ...env, ...extraEnv });
  const bot = await startInstallation(fake, chosen);
  await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
  return { bot, install: chosen };
}

/** The public reply in one line, and the owner's private follow-up with the whole diagnostic. */
async function failedPlanning(handle: Parameters<typeof fake.followUps>[0]) {
  const reply = await fake.waitForReply(handle, { predicate: isAnswer, timeoutMs: 20_000 });
  const deadline = Date.now() + 10_000;
  while (fake.followUps(handle).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return { reply, privately: fake.followUps(handle) };
}

describe('planning that fails ends its public reply, and tells the owner why in private', () => {
  it('a failed init: one line in public, the diagnostic to the owner only', async () => {
    await botWith({ failInit: true });
    const { handle } = await sendDeploy(fake, VM);
    const { reply, privately } = await failedPlanning(handle);
    expect(reply.ephemeral).toBe(false);
    expect(reply.content).toBe(`❌ ${SUBJECT}\nPlanning failed: \`terraform init\` failed (exit code 1).`);
    expect(reply.embeds).toEqual([]);
    expect(reply.components).toEqual([]);
    expect(privately).toHaveLength(1);
    expect(privately[0]!.ephemeral).toBe(true);
    expect(textOf(privately[0]!)).toContain('Failed to query available provider packages');
    expect(textOf(privately[0]!)).toContain('could not connect to registry.terraform.io');
    // The record says what happened: no plan awaits anyone, and nothing was deployed.
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n❌ planning failed, nothing deployed · <t:\d+:R>/);
  });

  it('a failed plan after the size menu: the menu message ends too, not stuck at "Planning…"', async () => {
    await botWith({ failPlan: true });
    const { reply: menu } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', name: 'api' });
    const pick = await fake.sendSelect({ message: menu, customId: controlsOf(menu)[0]!.custom_id!, values: ['e2-small'] });
    const { reply, privately } = await failedPlanning(pick);
    expect(reply.id).toBe(menu.id);
    expect(reply.content).toBe('❌ Virtual machine `api` (e2-small) in `payments-prod-42` (us-central1)\nPlanning failed: `terraform plan` failed (exit code 1).');
    expect(reply.components).toEqual([]);
    expect(reply.edits.map((e) => e.content)).toEqual(expect.arrayContaining([expect.stringContaining('📋 Planning…')]));
    expect(textOf(privately[0]!)).toContain('No credentials loaded');
    expect(privately[0]!.ephemeral).toBe(true);
  });

  it('a terraform binary gone missing: a final public line naming the problem', async () => {
    const link = join(tempDir('tf-bin-'), 'terraform');
    symlinkSync(FAKE_TERRAFORM, link);
    const { bot } = await botWith({}, { TERRAFORM_BIN: link });
    // Gone after the start-up check found it (a check still running would see it vanish mid-way instead).
    await bot.waitForLog((l) => l.event === 'terraform-found');
    rmSync(link);
    const { handle } = await sendDeploy(fake, VM);
    const { reply, privately } = await failedPlanning(handle);
    expect(reply.content).toMatch(/^❌ .*\nPlanning failed: Terraform was not found: `.*terraform` is not installed or not on PATH\./);
    expect(textOf(privately[0]!)).toContain('set TERRAFORM_BIN');
  });

  it('a restart in the middle of planning: the next start gives the reply its final state', async () => {
    const { bot, install } = await botWith({ planSeconds: 1000 });
    await fake.sendSlashCommand({ name: 'cloud-deploy-v2', user: OWNER, guildId: GUILD, options: Object.entries(VM).map(([name, value]) => ({ name, type: 3, value })) });
    const planning = await fake.waitForChannelMessage((m) => (m.content ?? '').includes('📋 Planning…'), { timeoutMs: 20_000 });
    await bot.kill('SIGKILL');
    await startInstallation(fake, install);
    const ended = await fake.waitForChannelMessage((m) => m.id === planning.id && (m.content ?? '').startsWith('🔌'), { timeoutMs: 20_000 });
    expect(ended.content).toBe(`🔌 ${SUBJECT}\nThe bot restarted before this plan was approved, so nothing was applied and its buttons no longer work. Run \`/cloud-deploy-v2\` again for a fresh plan.`);
    expect(ended.components).toEqual([]);
  });

  it('a restart while a plan awaits approval: its dead buttons are removed, and an answered plan is left alone', async () => {
    const { bot, install } = await botWith({});
    const { reply: rejected } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    await fake.waitForReply(await press(fake, rejected, 'plan-reject'));
    const { reply: waiting } = await sendDeploy(fake, VM);
    expect(waiting.components.length).toBeGreaterThan(0);
    await bot.kill('SIGKILL');
    await startInstallation(fake, install);
    const ended = await fake.waitForChannelMessage((m) => m.id === waiting.id && (m.content ?? '').startsWith('🔌'), { timeoutMs: 20_000 });
    expect(ended.embeds).toEqual([]);
    expect(ended.components).toEqual([]);
    expect(fake.message(rejected.id)?.content).toMatch(/^🛑 Deployment cancelled by <@\d+>; nothing was changed\.$/);
  });
});
