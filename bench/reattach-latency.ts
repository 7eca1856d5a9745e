import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OFFLINE_ENV, writeOfflineTemplates } from '../test/support/offline-templates.js';
import { approveBucketDeploy, startBenchBot, users, withBenchEnvironment } from './bot-bench.js';
import type { BenchResult } from './result.js';

const TARGET_AFTER_READY_MS = 3000;

/**
 * kill -9 of the bot's process group in the middle of a long apply (the real `terraform` on the offline
 * templates, the bucket taking 120 s), then a restart: how long from the restart until the progress
 * message is edited again by the new process (and how much of that is after it was ready).
 */
export async function benchReattachLatency(): Promise<BenchResult> {
  const name = 'Restart to re-attached (kill -9 mid-apply, restart, progress message edited again)';
  const terraform = await execa('terraform', ['version'], { reject: false }).catch(() => undefined);
  if (!terraform || terraform.exitCode !== 0) {
    return { name, measured: 'not measured: `terraform` is not on PATH', target: `< ${TARGET_AFTER_READY_MS} ms after ready`, baseline: '-', pass: false };
  }
  const [owner] = users(1);
  return withBenchEnvironment(1, async (fake, dir) => {
    const templatesDir = join(dir, 'offline-templates');
    writeOfflineTemplates(templatesDir);
    const env = {
      TERRAFORM_BIN: 'terraform', TEMPLATES_DIR: templatesDir, WORKSPACE_DIR: join(dir, 'workspaces'), PROGRESS_EDIT_INTERVAL_MS: '1500',
      [OFFLINE_ENV.delaySeconds]: '0.2', [OFFLINE_ENV.slow]: 'terraform_data.storage_bucket', [OFFLINE_ENV.slowSeconds]: '120',
    };
    const bot = await startBenchBot(fake, dir, env);
    try {
      const approvedAt = await approveBucketDeploy(fake, owner!);
      const progress = await fake.waitForChannelMessage((m) => m.createdAt > approvedAt && /Creating terraform_data\.storage_bucket\b/.test(m.embeds[0]?.description ?? ''), { timeoutMs: 60_000 });
      await bot.kill('SIGKILL');

      const restartAt = Date.now();
      const next = await startBenchBot(fake, dir, env);
      const readyAt = next.logs.find((line) => line.event === 'ready')!.time;
      const edited = await fake.waitForChannelMessage((m) => m.id === progress.id && m.edits.some((e) => e.at > restartAt), { timeoutMs: 30_000 });
      const editAt = edited.edits.find((e) => e.at > restartAt)!.at;
      const afterReady = editAt - readyAt;
      return {
        name,
        measured: `${(editAt - restartAt).toFixed(0)} ms from restart, ${afterReady.toFixed(0)} ms after ready`,
        target: `< ${TARGET_AFTER_READY_MS} ms after ready`,
        baseline: 'never (before: the run was cut off and marked interrupted)',
        pass: afterReady < TARGET_AFTER_READY_MS,
      };
    } finally {
      killDetachedTerraform(join(dir, 'workspaces'));
    }
  });
}

/** The apply runs on detached from the bot: stop it before its directory goes. */
function killDetachedTerraform(workspaces: string): void {
  for (const workspace of readdirSync(workspaces)) {
    try {
      const lock = JSON.parse(readFileSync(join(workspaces, workspace, '.chatops-run.lock'), 'utf8')) as { terraform?: { pid: number } };
      if (lock.terraform) process.kill(-lock.terraform.pid, 'SIGKILL');
    } catch {
      // No run, or already gone.
    }
  }
}
