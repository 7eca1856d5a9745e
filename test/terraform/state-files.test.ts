import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { TerraformRunner, type RunRequest } from '../../src/terraform/terraform-runner.js';
import { describeWithTerraform, realTerraform } from '../support/real-terraform.js';
import { silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

/** Stands in for a template that generates a secret (a VM's private key, a database password): state keeps it in clear. */
const SECRET_TF = (generation: number) => `
resource "terraform_data" "admin_password" {
  input = "generated-secret-${generation}"
}
`;

const modeOf = (path: string) => statSync(path).mode & 0o777;

async function run(runner: TerraformRunner, request: Omit<RunRequest, 'workspaceId'>) {
  const started = await runner.start({ workspaceId: 'ws1', ...request });
  const lines: string[] = [];
  for await (const line of started.lines) lines.push(line);
  const result = await started.result;
  expect(result.ok, lines.join('\n')).toBe(true);
  started.forget?.();
}

describeWithTerraform('state files written by the real terraform', () => {
  it('are 0600 in 0700 directories, even when the bot itself runs under umask 022', async () => {
    // Vitest's worker keeps the usual umask: Terraform alone would write 0644 here.
    expect(process.umask() & 0o077).toBe(0o022);
    const root = tempDir('tf-state-modes-');
    const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678', PATH: process.env.PATH, ...(process.env.TF_CLI_CONFIG_FILE ? { TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE } : {}) });
    const runner = new TerraformRunner({
      bin: realTerraform!.bin, workspaceDir: join(root, 'workspaces'), childEnv: config.terraform.childEnv, log: silentLog, tempRoot: tempDir('tf-run-'),
      runs: new RunStore({ db: openDatabase(':memory:', silentLog), secret: Buffer.alloc(32, 3) }),
    });
    const workspace = runner.workspaces.dir('ws1');
    for (const generation of [1, 2]) {
      runner.workspaces.writeConfig('ws1', { 'main.tf': SECRET_TF(generation) }, {});
      for (const step of ['init', 'plan', 'apply'] as const) await run(runner, { step });
    }
    const state = join(workspace, 'terraform.tfstate');
    expect(readFileSync(state, 'utf8')).toContain('generated-secret-2');
    expect(readFileSync(join(workspace, 'terraform.tfstate.backup'), 'utf8')).toContain('generated-secret-1');
    expect({
      workspaces: modeOf(runner.workspaces.root), workspace: modeOf(workspace), state: modeOf(state),
      backup: modeOf(join(workspace, 'terraform.tfstate.backup')), plan: modeOf(join(workspace, 'tfplan')),
    }).toEqual({ workspaces: 0o700, workspace: 0o700, state: 0o600, backup: 0o600, plan: 0o600 });
  });
});
