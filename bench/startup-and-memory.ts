import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUILD, residentMegabytes, startBenchBot, withBenchEnvironment } from './bot-bench.js';
import { timeToConfigError, timeToReady, type Launch } from './npm-start.js';
import type { BenchResult } from './result.js';
import { summarize } from './stats.js';

const STARTS = 5;
const STARTUP_TARGET_MS = 2000;
const IDLE_TARGET_MB = 150;
const SESSIONS = 10_000;
const SESSIONS_TARGET_MB = 30;

/**
 * Process start → "ready" against the fake Discord, through `npm start` (as the README says to run
 * it) and through node on the built entry point; the time to a configuration error both ways; and
 * the bot's RSS once idle.
 */
export async function benchStartupAndIdleMemory(): Promise<BenchResult[]> {
  return withBenchEnvironment(3, async (fake, dir) => {
    const env = { DATABASE_PATH: join(dir, 'chatops.db'), RECOVERY_SECRET: 'b'.repeat(44), DISCORD_GUILD_ID: GUILD };
    const launches: Launch[] = ['npm start', 'node'];
    const viaLaunch: BenchResult[] = [];
    for (const how of launches) {
      const ready: number[] = [];
      const configError: number[] = [];
      for (let i = 0; i < STARTS; i++) ready.push(await timeToReady(how, fake, dir, env));
      for (let i = 0; i < STARTS; i++) configError.push(await timeToConfigError(how, fake, dir));
      viaLaunch.push(row(`Startup via ${how} (spawn → ready)`, ready), row(`Configuration error via ${how} (spawn → message)`, configError));
    }
    const durations: number[] = [];
    let idleMb = Number.NaN;
    for (let i = 0; i < STARTS; i++) {
      const started = performance.now();
      const bot = await startBenchBot(fake, dir);
      durations.push(performance.now() - started);
      if (i === STARTS - 1) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        idleMb = residentMegabytes(bot.child.pid!);
      }
      await bot.stop();
    }
    return [
      ...viaLaunch,
      row('Startup, harness spawn of dist/src/main.js (→ ready)', durations),
      {
        name: 'Memory: RSS idle after ready',
        measured: `${idleMb.toFixed(1)} MB`,
        target: `< ${IDLE_TARGET_MB} MB`,
        baseline: '',
        pass: idleMb < IDLE_TARGET_MB,
      },
    ];
  });
}

/** Growth for 10,000 live sessions, measured in a separate process with forced GC. */
export function benchVaultMemory(): BenchResult {
  const probe = fileURLToPath(new URL('./vault-memory-probe.js', import.meta.url));
  const measure = (withCredentials: boolean) =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', probe, String(SESSIONS), withCredentials ? 'credentials' : 'plain'], { encoding: 'utf8' })) as {
      rssDelta: number; heapDelta: number; rssKeptAfterClose: number;
    };
  const plain = measure(false);
  const withKeys = measure(true);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return {
    name: `Memory: +${SESSIONS.toLocaleString('en')} live sessions`,
    measured: `live heap+buffers +${mb(plain.heapDelta)} MB plain, +${mb(withKeys.heapDelta)} MB with a GCP key each`,
    target: `< ${SESSIONS_TARGET_MB} MB`,
    // RSS is a high-water mark: it stays as high after every session is dropped again.
    baseline: `RSS +${mb(plain.rssDelta)} / +${mb(withKeys.rssDelta)} MB, of which ${mb(plain.rssKeptAfterClose)} / ${mb(withKeys.rssKeptAfterClose)} MB stay after all are dropped`,
    pass: withKeys.heapDelta / 1024 / 1024 < SESSIONS_TARGET_MB,
  };
}

function row(name: string, durations: number[]): BenchResult {
  const { p50, max } = summarize(durations);
  return {
    name,
    measured: `median ${p50.toFixed(0)} ms, worst ${max.toFixed(0)} ms of ${durations.length}`,
    target: `< ${STARTUP_TARGET_MS} ms`,
    baseline: `${nodeStartupMs().toFixed(0)} ms for node -e 0`,
    pass: max < STARTUP_TARGET_MS,
  };
}

function nodeStartupMs(): number {
  const started = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
}
