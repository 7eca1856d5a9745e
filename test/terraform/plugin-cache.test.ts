import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { PLUGIN_CACHE_DIR, TerraformRunner } from '../../src/terraform/terraform-runner.js';
import { describeWithTerraform, realTerraform } from '../support/real-terraform.js';
import { silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

/** Records, from inside the real terraform's child, which plugin cache it was given. */
const CACHE_PROBE_TF = `
resource "terraform_data" "probe" {
  provisioner "local-exec" {
    command = "printf '%s' \\"$TF_PLUGIN_CACHE_DIR\\" > cache-probe.txt"
  }
}
`;

function runnerWith(env: Record<string, string>) {
  const root = tempDir('tf-cache-');
  const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678', PATH: process.env.PATH, ...env });
  const runner = new TerraformRunner({
    bin: realTerraform!.bin, workspaceDir: join(root, 'workspaces'), childEnv: config.terraform.childEnv, log: silentLog, tempRoot: tempDir('tf-run-'),
    runs: new RunStore({ db: openDatabase(':memory:', silentLog), secret: Buffer.alloc(32, 5) }),
  });
  return { runner, root };
}

async function deployProbe(runner: TerraformRunner): Promise<string> {
  runner.workspaces.writeConfig('ws1', { 'main.tf': CACHE_PROBE_TF }, {});
  for (const step of ['init', 'plan', 'apply'] as const) {
    const run = await runner.start({ workspaceId: 'ws1', step });
    const lines: string[] = [];
    for await (const line of run.lines) lines.push(line);
    expect((await run.result).ok, lines.join('\n')).toBe(true);
    run.forget?.();
  }
  return readFileSync(join(runner.workspaces.dir('ws1'), 'cache-probe.txt'), 'utf8');
}

describeWithTerraform('the shared provider plugin cache', () => {
  it('is TF_PLUGIN_CACHE_DIR for every run: one 0700 directory under WORKSPACE_DIR', async () => {
    const { runner } = runnerWith({});
    const cache = join(runner.workspaces.root, PLUGIN_CACHE_DIR);
    expect(await deployProbe(runner)).toBe(cache);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
  });

  it("leaves an operator's own TF_PLUGIN_CACHE_DIR in place", async () => {
    const own = tempDir('operator-cache-');
    const { runner } = runnerWith({ TF_PLUGIN_CACHE_DIR: own });
    expect(await deployProbe(runner)).toBe(own);
  });
});
