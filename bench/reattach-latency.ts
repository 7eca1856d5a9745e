import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlsOf, type FakeDiscord, type FakeMessage } from '../test/fakes/fake-discord/index.js';
import { GCP_KEY } from '../test/support/credentials.js';
import { FAKE_TERRAFORM } from '../test/support/fake-terraform.js';
import { GUILD, startBenchBot, users, withBenchEnvironment } from './bot-bench.js';
import type { BenchResult } from './result.js';

const TARGET_AFTER_READY_MS = 3000;

/**
 * kill -9 of the bot in the middle of a long apply, then a restart: how long from the restart until the
 * progress message is edited again by the new process (and how much of that is after it was ready).
 */
export async function benchReattachLatency(): Promise<BenchResult> {
  const [owner] = users(1);
  return withBenchEnvironment(1, async (fake, dir) => {
    const scenarioPath = join(dir, 'scenario.json');
    writeFileSync(scenarioPath, JSON.stringify({ delayScale: 1, seconds: { google_storage_bucket: 120 } }));
    const env = { TERRAFORM_BIN: FAKE_TERRAFORM, TF_FAKE_SCENARIO: scenarioPath, WORKSPACE_DIR: join(dir, 'workspaces'), PROGRESS_EDIT_INTERVAL_MS: '1500' };
    const bot = await startBenchBot(fake, dir, env);
    try {
      await answer(fake, await fake.sendSlashCommand({ name: 'cloud-init', user: owner!, guildId: GUILD, options: [
        { name: 'provider', type: 3, value: 'gcp' }, { name: 'project_name', type: 3, value: 'Bench' },
        { name: 'project_id', type: 3, value: 'bench-project-1' }, { name: 'region', type: 3, value: 'us-central1' },
        { name: 'service_account_json', type: 3, value: JSON.stringify(GCP_KEY) },
      ] }));
      const plan = await answer(fake, await fake.sendSlashCommand({ name: 'cloud-deploy-v2', user: owner!, guildId: GUILD, options: [
        { name: 'project_id', type: 3, value: 'bench-project-1' }, { name: 'resource_type', type: 3, value: 'bucket' }, { name: 'name', type: 3, value: 'bench' },
      ] }), (m) => m.components.length > 0);
      const approvedAt = Date.now();
      const approve = controlsOf(plan).find((c) => c.custom_id?.startsWith('plan-approve:'))!.custom_id!;
      await answer(fake, await fake.sendButton({ message: plan, customId: approve, user: owner! }));
      const progress = await fake.waitForChannelMessage((m) => m.createdAt > approvedAt && /Creating google_storage_bucket/.test(m.embeds[0]?.description ?? ''), { timeoutMs: 60_000 });
      await bot.kill('SIGKILL');

      const restartAt = Date.now();
      const next = await startBenchBot(fake, dir, env);
      const readyAt = next.logs.find((line) => line.event === 'ready')!.time;
      const edited = await fake.waitForChannelMessage((m) => m.id === progress.id && m.edits.some((e) => e.at > restartAt), { timeoutMs: 30_000 });
      const editAt = edited.edits.find((e) => e.at > restartAt)!.at;
      const afterReady = editAt - readyAt;
      return {
        name: 'Restart to re-attached (kill -9 mid-apply, restart, progress message edited again)',
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

function answer(fake: FakeDiscord, handle: Parameters<FakeDiscord['waitForReply']>[0], predicate?: (m: FakeMessage) => boolean): Promise<FakeMessage> {
  return fake.waitForReply(handle, { timeoutMs: 60_000, ...(predicate ? { predicate } : {}) });
}
