import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlsOf, type FakeDiscord, type FakeMessage } from '../test/fakes/fake-discord/index.js';
import { GCP_KEY } from '../test/support/credentials.js';
import { FAKE_TERRAFORM } from '../test/support/fake-terraform.js';
import { GUILD, startBenchBot, users, withBenchEnvironment } from './bot-bench.js';
import type { BenchResult } from './result.js';

const RESOURCES = 500;
const STILL_LINES_PER_RESOURCE = 18; // + Creating and Creation complete: 20 lines each, 10,000 in all
const REPLAY_SECONDS = 60;
const INTERVAL_MS = 1500; // the default PROGRESS_EDIT_INTERVAL_MS
// Discord's limit for message edits in a channel; the fake answers 429 beyond it.
const DISCORD_EDIT_LIMIT = { limit: 5, windowMs: 5000 };

/**
 * One 500-resource apply that writes 10,000 lines over about a minute, through the real bot and the
 * fake Discord enforcing Discord's edit rate limit: how many edits the progress message gets, and how
 * long after Terraform's last line the final state shows.
 */
export async function benchEditBudget(): Promise<BenchResult> {
  const [owner] = users(1);
  return withBenchEnvironment(1, async (fake, dir) => {
    const scenarioPath = join(dir, 'scenario.json');
    const timingPath = join(dir, 'timing.jsonl');
    // Each resource takes seconds × delayScale of wall time, its lines spread evenly over it.
    writeFileSync(scenarioPath, JSON.stringify({
      delayScale: 1, recordTimingTo: timingPath,
      bulk: { count: RESOURCES, progressLines: STILL_LINES_PER_RESOURCE, seconds: REPLAY_SECONDS / RESOURCES },
    }));
    await startBenchBot(fake, dir, { TERRAFORM_BIN: FAKE_TERRAFORM, TF_FAKE_SCENARIO: scenarioPath, WORKSPACE_DIR: join(dir, 'workspaces') });

    await reply(fake, await fake.sendSlashCommand({ name: 'cloud-init', user: owner!, guildId: GUILD, options: [
      { name: 'provider', type: 3, value: 'gcp' }, { name: 'project_name', type: 3, value: 'Bench' },
      { name: 'project_id', type: 3, value: 'bench-project-1' }, { name: 'region', type: 3, value: 'us-central1' },
      { name: 'service_account_json', type: 3, value: JSON.stringify(GCP_KEY) },
    ] }));
    const plan = await reply(fake, await fake.sendSlashCommand({ name: 'cloud-deploy-v2', user: owner!, guildId: GUILD, options: [
      { name: 'project_id', type: 3, value: 'bench-project-1' }, { name: 'resource_type', type: 3, value: 'bucket' }, { name: 'name', type: 3, value: 'bench' },
    ] }), (m) => m.components.length > 0);
    const approvedAt = Date.now();
    await reply(fake, await fake.sendButton({ message: plan, customId: buttonId(plan, 'plan-approve:'), user: owner! }));
    const progress = await fake.waitForChannelMessage((m) => m.createdAt > approvedAt && m.embeds.length > 0, { timeoutMs: 60_000 });
    const final = await fake.waitForChannelMessage((m) => m.id === progress.id && m.components.length === 0, { timeoutMs: 5 * 60_000 });

    const title = final.embeds[0]?.title ?? '';
    if (title !== `✅ Deployment Complete! (${RESOURCES}/${RESOURCES} resources)`) throw new Error(`the apply ended with "${title}"`);
    const applyTiming = readFileSync(timingPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { command: string; lastOutputAt: number }).find((t) => t.command === 'apply');
    if (!applyTiming) throw new Error('the fake terraform recorded no apply');
    const finalEditAt = final.edits.at(-1)!.at;
    const durationMs = finalEditAt - progress.createdAt;
    const budget = Math.floor(durationMs / INTERVAL_MS) + 2;
    const finalDelayMs = finalEditAt - applyTiming.lastOutputAt;
    const edits = final.edits.length;
    return {
      name: `Edit budget (${RESOURCES} resources, ${(RESOURCES * (STILL_LINES_PER_RESOURCE + 2)).toLocaleString('en')} lines, ${(durationMs / 1000).toFixed(0)} s)`,
      measured: `${edits} edits; final ${finalDelayMs.toFixed(0)} ms after last line; ${fake.rateLimitedCount} × 429`,
      target: `≤ ${budget} edits, final ≤ ${INTERVAL_MS} ms, 0 × 429`,
      baseline: `${(RESOURCES * (STILL_LINES_PER_RESOURCE + 2)).toLocaleString('en')} edits if one per line`,
      pass: edits <= budget && finalDelayMs <= INTERVAL_MS && fake.rateLimitedCount === 0,
    };
  }, { channelMessageEdits: DISCORD_EDIT_LIMIT });
}

function reply(fake: FakeDiscord, handle: Parameters<FakeDiscord['waitForReply']>[0], predicate?: (m: FakeMessage) => boolean): Promise<FakeMessage> {
  return fake.waitForReply(handle, { timeoutMs: 60_000, ...(predicate ? { predicate } : {}) });
}

function buttonId(message: FakeMessage, prefix: string): string {
  const id = controlsOf(message).find((control) => control.custom_id?.startsWith(prefix))?.custom_id;
  if (!id) throw new Error(`no ${prefix} button on the plan: ${message.content}`);
  return id;
}
