import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { renderDeploymentFiles } from '../../src/deploy/terraform-templates.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { TerraformRunner, type TerraformStep } from '../../src/terraform/terraform-runner.js';
import { silentLog } from '../support/sessions.js';
import { describeWithTerraform, realTerraform, realTerraformEnv } from '../support/real-terraform.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

/** The runner driving the real binary on the offline GCP VM, as the bot does. */
function setup(options: Parameters<typeof realTerraformEnv>[0]) {
  const { env, ledger } = realTerraformEnv(options);
  const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678', PATH: process.env.PATH, HOME: process.env.HOME, ...env });
  const root = tempDir('tf-real-');
  const runs = new RunStore({ db: openDatabase(join(root, 'bot.db'), silentLog), secret: Buffer.alloc(32, 7) });
  const runner = new TerraformRunner({ bin: config.terraform.bin, workspaceDir: join(root, 'workspaces'), childEnv: config.terraform.childEnv, log: silentLog, runs, pollMs: 100 });
  const { files, variables } = renderDeploymentFiles({ provider: 'gcp', kind: 'vm', projectId: 'payments-prod-42', region: 'us-central1', name: 'api', machineType: 'e2-medium' }, config.terraform.templatesDir);
  runner.workspaces.writeConfig('ws1', files, variables);
  const run = async (step: TerraformStep) => {
    const started = await runner.start({ workspaceId: 'ws1', step });
    const lines: string[] = [];
    for await (const line of started.lines) lines.push(line);
    return { lines, result: await started.result };
  };
  return { runner, run, ledger, workspace: runner.workspaces.dir('ws1'), env: config.terraform.childEnv };
}

describeWithTerraform('the real terraform killed mid-apply', () => {
  it('leaves no lock that blocks, and the resource in flight created but not in state', async () => {
    const { runner, run, ledger, workspace, env } = setup({ slow: ['terraform_data.compute_subnetwork'], slowSeconds: 5 });
    expect((await run('plan')).result.ok).toBe(true);
    const apply = await runner.start({ workspaceId: 'ws1', step: 'apply' });
    for await (const line of apply.lines) {
      if (!line.includes('terraform_data.compute_subnetwork: Creating...')) continue;
      // Killed once the cloud call went out: the subnetwork exists, but the state will not say so.
      await until(() => ledger().includes('create terraform_data.compute_subnetwork'), 'the subnetwork to be asked for');
      process.kill(-apply.pid!, 'SIGKILL');
    }
    expect((await apply.result).ok).toBe(false);
    // The killed run's lock info file stays; the lock itself went with the process.
    expect(existsSync(join(workspace, '.terraform.tfstate.lock.info'))).toBe(true);

    expect(ledger()).toEqual(['create terraform_data.project_service_apis', 'create terraform_data.compute_network', 'create terraform_data.compute_subnetwork']);
    expect((await run('state-list')).lines.filter((line) => line.startsWith('terraform_data.')).sort()).toEqual(['terraform_data.compute_network', 'terraform_data.project_service_apis']);
    // The next plan is not blocked, and force-unlock finds no lock.
    const replan = await run('plan');
    expect(replan.result.ok, replan.lines.join('\n')).toBe(true);
    expect(replan.lines.join('\n')).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    const unlock = await execa(realTerraform!.bin, ['force-unlock', '-force', '00000000-0000-0000-0000-000000000000'], { cwd: workspace, env, extendEnv: false, reject: false });
    expect(unlock.exitCode).toBe(1);
    expect(unlock.stderr).toContain('Failed to unlock state: LocalState not locked');
  });
});
