import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { createFakeDiscord, installation, openSession, startInstallation, textOf } from '../support/e2e.js';
import { writeOfflineTemplates } from '../support/offline-templates.js';
import { describeWithTerraform, realTerraformEnv } from '../support/real-terraform.js';
import { tempDir } from '../support/temp-dir.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

describe('TEMPLATES_DIR', () => {
  it('refuses to start with templates that do not declare a variable the bot passes, naming the template, its files and the variable', async () => {
    const root = tempDir('operator-templates-');
    writeOfflineTemplates(root);
    const variables = join(root, 'gcp', 'vm', 'variables.tf');
    writeFileSync(variables, readFileSync(variables, 'utf8').replace(/variable "machine_type" \{[\s\S]*?\n\}\n/, ''));

    const bot = await startBot({ fake, env: { TEMPLATES_DIR: root }, waitForReady: false });
    expect(await bot.exitCode).toBe(2);
    expect(bot.stderr).toContain(
      `Invalid configuration:\n  - TEMPLATES_DIR (${root}): gcp/vm: no file declares variable "machine_type", which the bot passes to every gcp/vm deployment (looked in gcp/shared/offline.tf, gcp/shared/shared-variables.tf, gcp/vm/main.tf, gcp/vm/outputs.tf, gcp/vm/variables.tf)\n`,
    );
    expect(bot.stderr).not.toMatch(/\n\s+at /);
  });
});

describeWithTerraform('TEMPLATES_DIR', () => {
  it("deploys an operator's own templates: the offline set, with the real terraform", async () => {
    const { env, ledger } = realTerraformEnv({ delaySeconds: 0.1 });
    await startInstallation(fake, installation(env));
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'vm', machine_type: 'e2-medium', name: 'api' });
    expect(textOf(reply)).toContain('**5 to add, 0 to change, 0 to destroy**');
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    const final = await finalProgress(fake, await progressMessage(fake, approvedAt));
    expect(final.embeds[0]!.title).toBe('✅ Deployment Complete! (5/5 resources)');
    expect(textOf(final)).toMatch(/public_ip\*\*: `192\.0\.2\.\d+`/);
    expect(ledger()).toEqual([
      'create terraform_data.project_service_apis', 'create terraform_data.compute_network', 'create terraform_data.compute_subnetwork',
      'create terraform_data.compute_firewall_iap_ssh', 'create terraform_data.compute_instance',
    ]);
  });
});
