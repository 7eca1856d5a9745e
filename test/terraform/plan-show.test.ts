import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/db/database.js';
import { readPlanText, runStep } from '../../src/deploy/terraform-step.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { TerraformRunner } from '../../src/terraform/terraform-runner.js';
import { silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

// terraform_data is built into Terraform: no provider to download, so the real binary runs here.
const MAIN_TF = `
variable "db_password" {
  type      = string
  sensitive = true
}
resource "terraform_data" "db" {
  input = { name = "orders", password = var.db_password }
}
resource "terraform_data" "plain" {
  input = "visible-value"
}
`;

function realTerraform(): TerraformRunner {
  return new TerraformRunner({
    bin: 'terraform', workspaceDir: join(tempDir('tf-show-'), 'workspaces'), childEnv: { PATH: process.env.PATH ?? '', HOME: tempDir('tf-home-') },
    log: silentLog, runs: new RunStore({ db: openDatabase(':memory:', silentLog), secret: randomBytes(32) }),
  });
}

describe('terraform show of a saved plan (real terraform)', () => {
  it('prints the whole plan in clear text, with values Terraform marks sensitive redacted', async () => {
    const runner = realTerraform();
    runner.workspaces.writeConfig('ws1', { 'main.tf': MAIN_TF }, { db_password: 'hunter2-SECRET' });
    await runStep(runner, 'init', { workspaceId: 'ws1' });
    await runStep(runner, 'plan', { workspaceId: 'ws1' });

    const text = await readPlanText(runner, { workspaceId: 'ws1' });
    expect(text).toContain('# terraform_data.db will be created');
    expect(text).toMatch(/\+ password = \(sensitive value\)/);
    expect(text).toContain('+ input  = "visible-value"');
    expect(text).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/\x1b\[/); // -no-color
  }, 60_000);

  it('is undefined when there is no saved plan', async () => {
    const runner = realTerraform();
    runner.workspaces.writeConfig('ws1', { 'main.tf': MAIN_TF }, { db_password: 'x' });
    expect(await readPlanText(runner, { workspaceId: 'ws1' })).toBeUndefined();
  }, 60_000);
});
