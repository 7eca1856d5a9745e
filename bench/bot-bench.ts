import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlsOf, FakeDiscord, type FakeMessage, type RateLimitOptions } from '../test/fakes/fake-discord/index.js';
import { GCP_KEY } from '../test/support/credentials.js';

import { startBot, stopAllBots, type BotProcess } from '../test/harness/bot-process.js';
import { ADMINS_ROLE } from '../test/support/e2e.js';

export const GUILD = '320000000000000001';
export const CHANNEL = '340000000000000001';

/** `count` distinct members, so per-user limits (like recovery's 5 per minute) do not skew a load test; server managers, as deploying asks. */
export function users(count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: String(310000000000000000n + BigInt(i + 1)), username: `user${i + 1}`, roles: [ADMINS_ROLE.id] }));
}

export function createBenchDiscord(memberCount: number, rateLimits: RateLimitOptions = {}): FakeDiscord {
  return new FakeDiscord({
    token: 'bench-bot-token',
    applicationId: '330000000000000001',
    guilds: [{ id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'deploys' }], members: users(memberCount), roles: [ADMINS_ROLE] }],
    rateLimits,
  });
}

/** A bot with its own data directory and the log level production would use. */
export async function startBenchBot(fake: FakeDiscord, dataDir: string, env: Record<string, string> = {}): Promise<BotProcess> {
  return startBot({
    fake,
    dataDir,
    env: { DATABASE_PATH: join(dataDir, 'chatops.db'), RECOVERY_SECRET: 'b'.repeat(44), DISCORD_GUILD_ID: GUILD, LOG_LEVEL: 'info', ...env },
  });
}

export function residentMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Runs `body` with a started fake Discord and a scratch directory, cleaning both up. */
export async function withBenchEnvironment<T>(
  memberCount: number, body: (fake: FakeDiscord, dir: string) => Promise<T>, rateLimits: RateLimitOptions = {},
): Promise<T> {
  const fake = createBenchDiscord(memberCount, rateLimits);
  const dir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  await fake.start();
  try {
    return await body(fake, dir);
  } finally {
    await stopAllBots();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens a GCP session for `owner`, plans a bucket named `bench` and approves it; returns when it was approved. */
export async function approveBucketDeploy(fake: FakeDiscord, owner: { id: string; username: string }): Promise<number> {
  await openBenchSession(fake, owner);
  const plan = await reply(fake, await fake.sendSlashCommand({ name: 'cloud-deploy-v2', user: owner, guildId: GUILD, options: [
    { name: 'project_id', type: 3, value: BENCH_PROJECT }, { name: 'resource_type', type: 3, value: 'bucket' }, { name: 'name', type: 3, value: 'bench' },
  ] }), (m) => m.components.length > 0);
  const approvedAt = Date.now();
  await reply(fake, await fake.sendButton({ message: plan, customId: buttonId(plan, 'plan-approve:'), user: owner }));
  return approvedAt;
}

export const BENCH_PROJECT = 'bench-project-1';
export const BENCH_REGION = 'us-central1';

/** Opens a GCP session on the bench project for `owner`. */
export async function openBenchSession(fake: FakeDiscord, owner: { id: string; username: string }): Promise<void> {
  await reply(fake, await fake.sendSlashCommand({ name: 'cloud-init', user: owner, guildId: GUILD, options: [
    { name: 'provider', type: 3, value: 'gcp' }, { name: 'project_name', type: 3, value: 'Bench' },
    { name: 'project_id', type: 3, value: BENCH_PROJECT }, { name: 'region', type: 3, value: BENCH_REGION },
    { name: 'service_account_json', type: 3, value: JSON.stringify(GCP_KEY) },
  ] }));
}

/** The reply to an interaction, once it matches `predicate` (if given). */
export function reply(fake: FakeDiscord, handle: Parameters<FakeDiscord['waitForReply']>[0], predicate?: (m: FakeMessage) => boolean): Promise<FakeMessage> {
  return fake.waitForReply(handle, { timeoutMs: 60_000, ...(predicate ? { predicate } : {}) });
}

/** The custom ID of the button whose ID starts with `prefix`. */
export function buttonId(message: FakeMessage, prefix: string): string {
  const id = controlsOf(message).find((control) => control.custom_id?.startsWith(prefix))?.custom_id;
  if (!id) throw new Error(`no ${prefix} button on the plan: ${message.content}`);
  return id;
}
