import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord, type RateLimitOptions } from '../test/fakes/fake-discord/index.js';
import { startBot, stopAllBots, type BotProcess } from '../test/harness/bot-process.js';

export const GUILD = '320000000000000001';
export const CHANNEL = '340000000000000001';

/** `count` distinct members, so per-user limits (like recovery's 5 per minute) do not skew a load test. */
export function users(count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: String(310000000000000000n + BigInt(i + 1)), username: `user${i + 1}` }));
}

export function createBenchDiscord(memberCount: number, rateLimits: RateLimitOptions = {}): FakeDiscord {
  return new FakeDiscord({
    token: 'bench-bot-token',
    applicationId: '330000000000000001',
    guilds: [{ id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'deploys' }], members: users(memberCount) }],
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
