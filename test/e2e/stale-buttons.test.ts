import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlsOf, type FakeMessage } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, isAnswer, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { CHANNEL, GUILD, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { SUBNETWORK, approvedDeploy, inFlight } from '../support/offline-deploy.js';
import { describeWithTerraform, realTerraformEnv } from '../support/real-terraform.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const BUCKET = { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' };
const VM = { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'e2-medium', name: 'api' };
const RELATIVE_TIME = '<t:\\d+:R>';

async function bot(env: Record<string, string>): Promise<void> {
  await startInstallation(fake, installation(env));
  await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
}

describeWithTerraform('double presses and stale buttons', () => {
  it('answers a second Approve with who approved and that it runs, and the approved plan says so instead of who may approve until when', { timeout: 60_000 }, async () => {
    const { env } = realTerraformEnv({ delaySeconds: 1 });
    await bot(env);
    const { reply: plan } = await sendDeploy(fake, BUCKET);
    expect(plan.embeds[0]!.description).toMatch(new RegExp(`Only <@${OWNER.id}> can approve\\. This plan expires ${RELATIVE_TIME}, with the session\\.$`));
    const approvedAt = fake.now();
    // A double click: both presses leave before the first answer lands.
    const [first, second] = await Promise.all([press(fake, plan, 'plan-approve'), press(fake, plan, 'plan-approve')]);
    const again = await fake.waitForReply(second);
    expect(again.ephemeral).toBe(true);
    expect(again.content).toMatch(new RegExp(`^✅ Already approved by <@${OWNER.id}> ${RELATIVE_TIME}; running: follow the progress message below\\.$`));

    const approved = await fake.waitForReply(first);
    expect(approved.components).toEqual([]);
    const description = approved.embeds[0]!.description!;
    expect(description).not.toMatch(/can approve|expires/);
    expect(description).toMatch(new RegExp(`\\n✅ Approved ${RELATIVE_TIME}\\.$`));
    expect(approved.content).toBe(`✅ Approved by <@${OWNER.id}>; progress below.`);
    const final = await finalProgress(fake, await progressMessage(fake, approvedAt), 45_000);
    expect(final.embeds[0]!.title).toMatch(/^✅ Deployment Complete!/);
  });

  it('after a resume has finished, the old progress message points to the new one and no longer says press Resume', { timeout: 90_000 }, async () => {
    const { env, ledger } = realTerraformEnv({ delaySeconds: 1.5 });
    await bot(env);
    const progress = await approvedDeploy(fake, VM.project_id);
    await fake.waitForReply(await press(fake, await inFlight(fake, progress, SUBNETWORK), 'run-cancel'));
    const cancelled = await finalProgress(fake, progress);

    // The cancel's ending says what was left undone and how to finish, without calling the cancel a failure.
    expect(cancelled.embeds[0]!.title).toBe('🛑 Deployment cancelled (2/5 resources)');
    const undone = cancelled.embeds[0]!.fields!.find((f) => f.name === 'Left undone')!.value;
    expect(undone).toContain('`terraform_data.compute_subnetwork`');
    expect(undone).toContain('`terraform_data.compute_firewall_iap_ssh` (not created)');
    expect(undone).toContain('`terraform_data.compute_instance` (not created)');
    expect(textOf(cancelled)).not.toMatch(/execution halted|What failed/);
    expect(cancelled.embeds[0]!.description).toContain('press **Resume**');

    const offer = await fake.waitForReply(await fake.sendSlashCommand({
      name: 'cloud-deploy-v2', user: OWNER, guildId: GUILD, options: Object.entries(VM).map(([name, value]) => ({ name, type: 3, value })),
    }), { predicate: isAnswer });
    // Resume re-plans: the cut-off subnetwork is tainted, so it is replaced, and a replace asks for a new Approve.
    const replan = await fake.waitForReply(await press(fake, offer, 'run-resume'), { predicate: isAnswer, timeoutMs: 30_000 });
    expect(replan.embeds[0]!.description).toContain('-/+ terraform_data.compute_subnetwork');
    const resumedAt = fake.now();
    await fake.waitForReply(await press(fake, replan, 'plan-approve'));
    const resumed = await finalProgress(fake, await progressMessage(fake, resumedAt), 45_000);
    expect(resumed.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');

    const old = await fake.waitForChannelMessage((m) => m.id === progress.id && /It ended/.test(m.embeds[0]?.description ?? ''), { timeoutMs: 10_000 });
    expect(old.embeds[0]!.title).toBe('⏩ Deployment resumed');
    expect(old.embeds[0]!.description).toContain(`the run went on in https://discord.com/channels/${GUILD}/${CHANNEL}/${resumed.id}.`);
    expect(old.embeds[0]!.description).toContain('It ended: **✅ Deployment Complete! (5/5 resources)**');
    expect(textOf(old)).not.toMatch(/Resume\*\*|Cancel/);
    expect(old.components).toEqual([]);
    expect(ledger().filter((line) => line.startsWith('create'))).toHaveLength(5 + 1); // the cut-off subnetwork is made again
  });
});

describe('stale menus and plans', () => {
  it('answers a second pick from the size menu with the size already chosen, not "expired"', { timeout: 60_000 }, async () => {
    await bot(deployEnv().env);
    const { reply: menu } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', name: 'web' });
    const customId = controlsOf(menu)[0]!.custom_id!;
    const [first, second] = await Promise.all([
      fake.sendSelect({ message: menu, customId, values: ['e2-small'] }),
      fake.sendSelect({ message: menu, customId, values: ['e2-medium'] }),
    ]);
    const again = await fake.waitForReply(second);
    expect(again.ephemeral).toBe(true);
    expect(again.content).toBe('✅ You already chose `e2-small`: its plan shows in this message. For another size, run `/cloud-deploy-v2` again.');
    const plan = await fake.waitForReply(first, { predicate: isAnswer, timeoutMs: 20_000 });
    expect(textOf(plan)).toContain('📋 Deployment plan');
  });

  it('updates a plan and a size menu when their session expires: no live-looking buttons, and no advice to recover an expired session', { timeout: 60_000 }, async () => {
    await bot({ ...deployEnv().env, SESSION_TTL_MINUTES: '0.2' }); // sessions of 12 s
    const { reply: plan } = await sendDeploy(fake, BUCKET);
    const { reply: menu } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', name: 'web' });
    expect(plan.components).not.toEqual([]);
    expect(menu.components).not.toEqual([]);

    const expired = (m: FakeMessage) => m.components.length === 0 && textOf(m).includes('⌛');
    const expiredPlan = await fake.waitForChannelMessage((m) => m.id === plan.id && expired(m), { timeoutMs: 25_000 });
    const description = expiredPlan.embeds[0]!.description!;
    expect(description).toMatch(new RegExp(`\\n⌛ This plan expired with its session ${RELATIVE_TIME}, so nothing was applied\\. Start a new session with \`/cloud-init\`, then run \`/cloud-deploy-v2\` again\\.$`));
    expect(description).not.toMatch(/can approve|recover/);
    expect(expiredPlan.embeds[0]!.title).toMatch(/Deployment plan/); // the plan itself is still there to read

    const expiredMenu = await fake.waitForChannelMessage((m) => m.id === menu.id && expired(m), { timeoutMs: 10_000 });
    expect(expiredMenu.content).toMatch(new RegExp(`\\n⌛ This choice expired with its session ${RELATIVE_TIME}, so nothing was applied\\.`));
    expect(textOf(expiredMenu)).not.toContain('recover');

    const status = textOf(await runCommand(fake, 'cloud-status'));
    expect(status).not.toMatch(/awaiting approval/);
  });
});
