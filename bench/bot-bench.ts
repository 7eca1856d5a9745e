import { PermissionFlagsBits } from 'discord.js';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlsOf, FakeDiscord, type FakeMessage, type RateLimitOptions } from '../test/fakes/fake-discord/index.js';
import { GCP_KEY } from '../test/support/credentials.js';
import { startBot, stopAllBots, type BotProcess } from '../test/harness/bot-process.js';

export const GUILD = '320000000000000001';
export const CHANNEL = '340000000000000001';

/** Manage Server, which deploying asks for. */
const ADMINS_ROLE = { id: '350000000000000001', name: 'Cloud Admins', permissions: PermissionFlagsBits.ManageGuild.toString() };

/** `count` distinct members (server managers), so per-user limits (like recovery's 5 per minute) do not skew a load test. */
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
  const answer = (handle: Parameters<FakeDiscord['waitForReply']>[0], predicate?: (m: FakeMessage) => boolean) =>
    fake.waitForReply(handle, { timeoutMs: 60_000, ...(predicate ? { predicate } : {}) });
  await answer(await fake.sendSlashCommand({ name: 'cloud-init', user: owner, guildId: GUILD, options: [
    { name: 'provider', type: 3, value: 'gcp' }, { name: 'project_name', type: 3, value: 'Bench' },
    { name: 'project_id', type: 3, value: 'bench-project-1' }, { name: 'region', type: 3, value: 'us-central1' },
    { name: 'service_account_json', type: 3, value: JSON.stringify(GCP_KEY) },
  ] }));
  const plan = await answer(await fake.sendSlashCommand({ name: 'cloud-deploy-v2', user: owner, guildId: GUILD, options: [
    { name: 'project_id', type: 3, value: 'bench-project-1' }, { name: 'resource_type', type: 3, value: 'bucket' }, { name: 'name', type: 3, value: 'bench' },
  ] }), (m) => m.components.length > 0);
  const approve = controlsOf(plan).find((control) => control.custom_id?.startsWith('plan-approve:'))?.custom_id;
  if (!approve) throw new Error(`no Approve button on the plan: ${plan.content}`);
  const approvedAt = Date.now();
  await answer(await fake.sendButton({ message: plan, customId: approve, user: owner }));
  return approvedAt;
}
