import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeDiscord } from '../test/fakes/fake-discord/index.js';
import { OFFLINE_ENV, writeOfflineTemplates } from '../test/support/offline-templates.js';
import { renderDeploymentFiles } from '../src/deploy/terraform-templates.js';
import { BENCH_PROJECT as PROJECT, BENCH_REGION as REGION, buttonId, GUILD, openBenchSession, reply, startBenchBot, users, withBenchEnvironment } from './bot-bench.js';
import type { BenchResult } from './result.js';
import { summarize } from './stats.js';

const RUNS = 3;
/** Each of the offline VM's 5 resources takes this long: about what a small real resource takes, scaled down. */
const DELAY_SECONDS = 1;

/**
 * What the bot adds to Terraform's own time, with the real `terraform` and the offline templates: the
 * wall time of a deploy through the bot (slash command to plan shown, plus Approve to the final
 * progress edit) minus the wall time of the same commands run directly on the same files (init, plan,
 * apply, output, state list). The bot's share is Discord round trips, parsing, edits and records.
 */
export async function benchTerraformOverhead(): Promise<BenchResult> {
  const name = `Overhead over raw Terraform (GCP VM, 5 resources × ${DELAY_SECONDS} s, median of ${RUNS})`;
  const terraform = await execa('terraform', ['version'], { reject: false }).catch(() => undefined);
  if (!terraform || terraform.exitCode !== 0) {
    return { name, measured: 'not measured: `terraform` is not on PATH', target: '< 1 s or < 5 %', baseline: '-', pass: false };
  }
  const [owner] = users(1);
  return withBenchEnvironment(1, async (fake, dir) => {
    const templatesDir = join(dir, 'offline-templates');
    writeOfflineTemplates(templatesDir);
    const env = { [OFFLINE_ENV.delaySeconds]: String(DELAY_SECONDS), [OFFLINE_ENV.ledger]: join(dir, 'ledger') };
    await startBenchBot(fake, dir, { TERRAFORM_BIN: 'terraform', TEMPLATES_DIR: templatesDir, WORKSPACE_DIR: join(dir, 'workspaces'), ...env });
    await openBenchSession(fake, owner!);

    const throughBot: number[] = [];
    const direct: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      throughBot.push(await deployThroughBot(fake, owner!, `bench-vm-${run}`));
      direct.push(await deployDirectly(join(dir, `direct-${run}`), templatesDir, `direct-vm-${run}`, env));
    }
    const bot = summarize(throughBot).p50;
    const raw = summarize(direct).p50;
    const overheadMs = bot - raw;
    const percent = (overheadMs / raw) * 100;
    return {
      name,
      measured: `${(overheadMs / 1000).toFixed(2)} s (${percent.toFixed(1)} %): ${(bot / 1000).toFixed(2)} s through the bot, ${(raw / 1000).toFixed(2)} s direct`,
      target: '< 1 s or < 5 %',
      baseline: `terraform init, plan, apply, output, state list run directly: ${(raw / 1000).toFixed(2)} s`,
      pass: overheadMs < 1000 || percent < 5,
    };
  });
}

/** Slash command to the plan on screen, plus Approve to the progress message's final edit. */
async function deployThroughBot(fake: FakeDiscord, owner: { id: string; username: string }, name: string): Promise<number> {
  const askedAt = Date.now();
  const plan = await reply(fake, await fake.sendSlashCommand({ name: 'cloud-deploy-v2', user: owner, guildId: GUILD, options: [
    { name: 'project_id', type: 3, value: PROJECT }, { name: 'resource_type', type: 3, value: 'vm' },
    { name: 'machine_type', type: 3, value: 'e2-medium' }, { name: 'name', type: 3, value: name },
  ] }), (m) => m.components.length > 0);
  const planShownAt = Date.now();
  const approvedAt = Date.now();
  await reply(fake, await fake.sendButton({ message: plan, customId: buttonId(plan, 'plan-approve:'), user: owner }));
  const progress = await fake.waitForChannelMessage((m) => m.createdAt >= approvedAt && m.embeds.length > 0, { timeoutMs: 60_000 });
  const final = await fake.waitForChannelMessage((m) => m.id === progress.id && m.components.length === 0, { timeoutMs: 120_000 });
  const title = final.embeds[0]?.title ?? '';
  if (!title.startsWith('✅ Deployment Complete!')) throw new Error(`the bench deploy ended with "${title}"`);
  return planShownAt - askedAt + (final.edits.at(-1)!.at - approvedAt);
}

/** The commands the bot runs, in a fresh workspace with the files and variables the bot would write. */
async function deployDirectly(workspace: string, templatesDir: string, name: string, env: Record<string, string>): Promise<number> {
  mkdirSync(workspace, { recursive: true });
  const { files, variables } = renderDeploymentFiles({ provider: 'gcp', kind: 'vm', projectId: PROJECT, region: REGION, name, machineType: 'e2-medium' }, templatesDir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(workspace, file), text);
  writeFileSync(join(workspace, 'terraform.tfvars.json'), JSON.stringify(variables));
  const started = performance.now();
  for (const args of [
    ['init', '-input=false', '-no-color'],
    ['plan', '-input=false', '-no-color', '-json', '-out=tfplan'],
    ['apply', '-input=false', '-no-color', '-json', 'tfplan'],
    ['output', '-json', '-no-color'],
    ['state', 'list'],
  ]) {
    await execa('terraform', args, { cwd: workspace, env: { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...env } });
  }
  return performance.now() - started;
}
