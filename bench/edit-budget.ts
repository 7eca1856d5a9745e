import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_TERRAFORM } from '../test/support/fake-terraform.js';
import { approveBucketDeploy, startBenchBot, users, withBenchEnvironment } from './bot-bench.js';
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

    const approvedAt = await approveBucketDeploy(fake, owner!);
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
