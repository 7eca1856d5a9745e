import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { TerraformRunner, type RunRequest } from '../../src/terraform/terraform-runner.js';
import { GCP_CREDENTIALS } from '../support/credentials.js';
import { silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

/** Records, from inside the real terraform's child, what HOME it was given. */
const HOME_PROBE_TF = `
resource "terraform_data" "probe" {
  provisioner "local-exec" {
    command = <<-EOT
      printf '{"home":"%s","entries":"%s","mode":"%s"}' "$HOME" "$(ls -A "$HOME")" "$(stat -c %a "$HOME")" > home-probe.json
    EOT
  }
}
`;

function realRunner(files: Record<string, string>) {
  const root = tempDir('tf-real-');
  const tempRoot = tempDir('tf-run-');
  const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678', PATH: process.env.PATH, HOME: process.env.HOME });
  const runs = new RunStore({ db: openDatabase(':memory:', silentLog), secret: Buffer.alloc(32, 7) });
  const runner = new TerraformRunner({ bin: 'terraform', workspaceDir: join(root, 'workspaces'), childEnv: config.terraform.childEnv, log: silentLog, tempRoot, runs });
  runner.workspaces.writeConfig('ws1', files, {});
  return { runner, root, tempRoot, workspace: runner.workspaces.dir('ws1') };
}

async function run(runner: TerraformRunner, request: Omit<RunRequest, 'workspaceId'>) {
  const started = await runner.start({ workspaceId: 'ws1', ...request });
  const lines: string[] = [];
  for await (const line of started.lines) lines.push(line);
  const result = await started.result;
  expect(result.ok, lines.join('\n')).toBe(true);
  return lines;
}

describe('the environment of a real terraform run', () => {
  it('has a private, empty HOME of its own, never the host\'s, removed after the run', async () => {
    const { runner, tempRoot, workspace } = realRunner({ 'main.tf': HOME_PROBE_TF });
    for (const step of ['init', 'plan', 'apply'] as const) await run(runner, { step, credentials: GCP_CREDENTIALS });
    const probe = JSON.parse(readFileSync(join(workspace, 'home-probe.json'), 'utf8')) as { home: string; entries: string; mode: string };
    expect(probe.home).not.toBe(process.env.HOME);
    expect(probe.home.startsWith(tempRoot)).toBe(true);
    expect(probe).toMatchObject({ entries: '', mode: '700' });
    expect(existsSync(probe.home)).toBe(false);
    expect(readdirSync(tempRoot)).toEqual([]);
  });
});
