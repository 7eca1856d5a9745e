import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { FakeOpenAI } from '../fakes/fake-openai.js';
import { controlsOf } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { finalProgress, isAnswer, percents, press, progressHistory, progressMessage, sendDeploy } from '../support/deploy.js';
import { CHANNEL, INTRUDER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { INSTANCE, VM_RESOURCES, created } from '../support/offline-deploy.js';
import { describeWithTerraform, realTerraformEnv, type OfflineOptions } from '../support/real-terraform.js';

const fake = createFakeDiscord();
const openai = new FakeOpenAI();
beforeAll(() => Promise.all([fake.start(), openai.start()]));
beforeEach(() => openai.reset());
afterEach(() => stopAllBots());
afterAll(() => Promise.all([fake.stop(), openai.close()]));

const STORY = {
  kind: 'json' as const,
  body: {
    coffee_cup_cost: '4 lattes/day ($14.00/day)',
    real_world_analogy: 'Runs the order API for a shop with 20,000 daily visitors.',
    blast_radius: 'Checkout is down until it is back.',
    treasure_hunt: { optimization: 'Use a Spot VM for the batch jobs', estimated_savings: 'Save $1/month' },
  },
};

/** The fake OpenAI, once it listens. */
const llm = () => ({ OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODEL: 'fake-gpt-mini' });

/** A bot deploying the offline templates with the real terraform, with a GCP session open. */
async function startDeployingBot(options: OfflineOptions = {}, withLlm = true) {
  const { env, ledger, terraformEnvironment } = realTerraformEnv(options);
  const install = installation({ ...env, ...(withLlm ? llm() : {}) });
  const bot = await startInstallation(fake, install);
  await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
  return {
    bot, ledger,
    // Credential files live in the bot's TMPDIR only while a step runs.
    credentialDirs: () => readdirSync(join(install.dataDir, 'tmp')),
    /** Asserts that Terraform got the session's credentials, in a private file gone now, and none of the bot's secrets. */
    expectTerraformEnvironmentClean: () => {
      const environment = terraformEnvironment();
      const keyFile = environment.find((line) => line.startsWith('GOOGLE_APPLICATION_CREDENTIALS='))?.split('=')[1];
      expect(keyFile).toBeDefined();
      expect(existsSync(keyFile!)).toBe(false);
      expect(environment.join('\n')).not.toMatch(/DISCORD_TOKEN|OPENAI_API_KEY|RECOVERY_SECRET/);
    },
  };
}

const VM_LEDGER = created(...VM_RESOURCES);

describeWithTerraform('/cloud-deploy-v2', () => {
  it('plans, tells the cost story, and on Approve applies with live progress to 100% (seed tests 2 and 3)', async () => {
    openai.respondWith(STORY);
    const { ledger, credentialDirs, expectTerraformEnvironmentClean } = await startDeployingBot();
    const { handle, reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'n1-standard-4', name: 'api' });
    // Deferred at once, before init and plan: Discord's 3-second window never depends on Terraform.
    expect(fake.acknowledgement(handle)?.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(reply.ephemeral).toBe(false);

    // Test 2: the plan and the four-part story, with the plain monthly cost, from the catalog's numbers.
    const plan = textOf(reply);
    expect(plan).toContain('Virtual machine `api` (n1-standard-4) in `payments-prod-42` (us-central1)');
    // The offline twin of the GCP VM: its three APIs (one for_each block), network, subnet, firewall, VM.
    expect(plan).toContain('**5 to add, 0 to change, 0 to destroy**');
    expect(plan).toContain('+ terraform_data.project_service_apis');
    expect(plan).toContain('+ terraform_data.compute_instance');
    const fields = Object.fromEntries(reply.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['☕ Coffee Cup Cost', '🎯 Real-World Use', '💥 Blast Radius', '💎 Treasure', 'Monthly cost']));
    expect(fields['☕ Coffee Cup Cost']).toMatch(/lattes?\/day \(\$\d+\.\d\d\/day\)/);
    expect(fields['🎯 Real-World Use']).toContain('order API');
    expect(fields['Monthly cost']).toMatch(/^\$\d+\.\d\d\/month on-demand \(730 h\)/);
    expect(reply.embeds[0]!.footer?.text).toContain('Narrated by fake-gpt-mini');
    // The numbers in the story come from the catalog: the model's "$1/month" saving was replaced.
    expect(fields['💎 Treasure']).not.toContain('$1/month');
    expect(openai.requests).toHaveLength(1);

    // Test 3: approve, then the channel message walks to 100% in order.
    const approvedAt = fake.now();
    const approve = await press(fake, reply, 'plan-approve');
    expect(textOf(await fake.waitForReply(approve))).toContain('Approved by <@310000000000000001>');
    const progress = await progressMessage(fake, approvedAt);
    expect(progress.channelId).toBe(CHANNEL);
    const final = await finalProgress(fake, progress);
    expect(final.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    expect(final.embeds[0]!.description).toContain('[▓▓▓▓▓▓▓▓▓▓] 100% (5/5 resources)');
    expect(textOf(final)).toMatch(/Outputs[\s\S]*public_ip\*\*: `192\.0\.2\.\d+`[\s\S]*ssh_command\*\*: `api-ssh-command`/);
    const seen = percents(progressHistory(final)).filter((p) => !Number.isNaN(p));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    expect(progressHistory(final).some((text) => /Creating terraform_data\.compute_\w+…/.test(text))).toBe(true);

    const status = textOf(await runCommand(fake, 'cloud-status'));
    expect(status).toMatch(/Virtual machine api\n✅ deployed · ~\$144\.35\/month · <t:\d+:R>\n5 resources: `terraform_data.compute_firewall_iap_ssh`/);
    expect(ledger()).toEqual(VM_LEDGER);
    expect(credentialDirs()).toEqual([]);
    expectTerraformEnvironmentClean();
  });

  it('offers machine types with monthly prices when none is given, and only the asker may choose', async () => {
    openai.respondWith(STORY);
    await startDeployingBot();
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm' });
    const menu = controlsOf(reply)[0]!;
    expect(menu.options!.length).toBeGreaterThan(3);
    expect(menu.options!.find((o) => o.value === 'n1-standard-4')?.label).toMatch(/^n1-standard-4 · \$\d+\.\d\d\/month$/);
    // Nothing preselected (the real client sends nothing for the option already selected); the suggestion is in its label.
    expect(menu.options!.filter((o) => o.default)).toEqual([]);
    expect(menu.options!.find((o) => o.value === 'e2-medium')?.label).toMatch(/^e2-medium · \$\d+\.\d\d\/month \(suggested\)$/);

    const intruder = await fake.sendSelect({ message: reply, customId: menu.custom_id!, values: ['e2-micro'], user: INTRUDER });
    const refusal = await fake.waitForReply(intruder);
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.content).toContain('Only the person who ran this');

    const choice = await fake.sendSelect({ message: reply, customId: menu.custom_id!, values: ['n1-standard-4'] });
    const plan = await fake.waitForReply(choice, { predicate: isAnswer, timeoutMs: 20_000 });
    expect(textOf(plan)).toContain('📋 Deployment plan');
    expect(textOf(plan)).toMatch(/n1-standard-4/);
  });

  it("refuses someone else's Approve privately and leaves the plan waiting for its owner", async () => {
    const { ledger } = await startDeployingBot({}, false);
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    const foreign = await press(fake, reply, 'plan-approve', INTRUDER);
    const refusal = await fake.waitForReply(foreign);
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.content).toBe('🚫 Only <@310000000000000001>, who asked for this plan, can answer it.');
    expect(fake.message(reply.id)?.components.length).toBeGreaterThan(0);

    // Without an LLM the story still has its four parts, from the template.
    // Which produced the text, and nothing for operators: why there is no model is the log's business.
    expect(reply.embeds[0]!.footer?.text).toMatch(/^Template narrative · List prices from https:/);
    expect(reply.embeds[0]!.footer?.text).not.toMatch(/OpenAI|API key/);
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    expect((await finalProgress(fake, await progressMessage(fake, approvedAt))).embeds[0]!.title).toBe('✅ Deployment Complete! (3/3 resources)');
    expect(ledger()).toEqual(created('terraform_data.project_service_storage', 'terraform_data.random_id_suffix', 'terraform_data.storage_bucket'));
  });

  it("ends a failed apply with Terraform's diagnostic and records the failure", async () => {
    openai.respondWith({ kind: 'status', status: 500 });
    const { bot, ledger, credentialDirs, expectTerraformEnvironmentClean } = await startDeployingBot({ fail: [INSTANCE] });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'e2-medium', name: 'api' });
    // The storyteller's HTTP 500 is for the operator's log; the channel only learns who wrote the words.
    expect(reply.embeds[0]!.footer?.text).toMatch(/^Template narrative · /);
    expect(textOf(reply)).not.toMatch(/HTTP 500|storyteller/);
    expect(bot.logs.some((l) => l.reason === 'the storyteller answered HTTP 500')).toBe(true);
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const final = await finalProgress(fake, await progressMessage(fake, approvedAt));
    const text = textOf(final);
    expect(final.embeds[0]!.title).toMatch(/^❌ Deployment failed \(4\/5 resources\), 1 failed$/);
    // Terraform's own diagnostic, as the real binary words a failed creation, once, under the resource that failed.
    expect(text).toContain('• terraform_data.compute_instance: local-exec provisioner error\n> ');
    expect(text.split('Error 403: the caller does not have permission to create terraform_data.compute_instance')).toHaveLength(2);
    expect(text).not.toMatch(/PRIVATE KEY|deployer@/);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Virtual machine api\n❌ failed · nothing billed for what exists · <t:\d+:R>\n5 resources: /);
    // The refused instance was never created, yet Terraform keeps it in its state, tainted: the record follows the state.
    expect(ledger()).toEqual(VM_LEDGER.slice(0, 4));
    expect(credentialDirs()).toEqual([]);
    expectTerraformEnvironmentClean();
  });
});
