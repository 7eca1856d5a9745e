import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeDiscord } from '../fakes/fake-discord/index.js';

/** One JSON line the bot logged (pino): `level`, `time`, `msg`, and whatever fields it bound. */
export interface BotLogLine {
  level: number;
  time: number;
  msg?: string;
  event?: string;
  [field: string]: unknown;
}

export interface StartBotOptions {
  fake: FakeDiscord;
  /** The bot's working directory and default home of its database; a fresh temporary one by default. */
  dataDir?: string;
  /** Variables over the defaults (an empty string unsets an optional one, e.g. `DISCORD_GUILD_ID: ''`). */
  env?: Record<string, string>;
  /** Resolve only once the bot logged `"event":"ready"`; default true. */
  waitForReady?: boolean;
  readyTimeoutMs?: number;
  /** How it is started (see Launch); `node` on the built entry point by default. */
  launch?: Launch;
}

/**
 * `node`: node on dist/src/main.js. `npm start`: the README's command, from the repository (npm, its
 * shell, then the bot). `pid 1`: the bot as the init of a new PID namespace, as a container's command
 * (`unshare --pid --fork`, which needs root; see {@link canRunAsPid1}).
 */
export type Launch = 'node' | 'npm start' | 'pid 1';

/** Run the built bot (`npm test` builds first); the helper lives in test/harness or dist/test/harness. */
const REPO_ROOT = findRepoRoot(fileURLToPath(new URL('.', import.meta.url)));
const BOT_ENTRY = join(REPO_ROOT, 'dist', 'src', 'main.js');
const DEFAULT_WAIT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

const running = new Set<BotProcess>();
const ownedDirs = new Set<string>();

/** The real bot as a child process, with its output captured: pino JSON lines in `logs`, the rest as text. */
export class BotProcess {
  readonly logs: BotLogLine[] = [];
  /** Resolves with the exit code (`null` when killed by a signal) once the process and its output have ended. */
  readonly exitCode: Promise<number | null>;
  private stdoutText = '';
  private stderrText = '';
  private partialLine = '';
  private readonly listeners = new Set<() => void>();
  private exited = false;

  constructor(
    readonly child: ChildProcess,
    readonly dataDir: string,
    /** The bot's own process, which `child` may only lead to (npm, unshare). */
    private readonly botPid: () => number | undefined = () => child.pid,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrText += chunk;
      echo(chunk);
    });
    child.on('error', (error) => (this.stderrText += `spawn failed: ${error.message}\n`));
    this.exitCode = new Promise((resolve) =>
      child.once('close', (code) => {
        this.exited = true;
        running.delete(this);
        this.changed();
        resolve(code);
      }),
    );
  }

  get rawStdout(): string {
    return this.stdoutText;
  }
  get stderr(): string {
    return this.stderrText;
  }

  /** The first log line (already logged or to come) that matches; rejects if the bot exits or time runs out. */
  waitForLog(predicate: (line: BotLogLine) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<BotLogLine> {
    const failure = new Error('waitForLog'); // created here, so its stack shows the waiting test
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.logs.find(predicate);
        if (line || this.exited) {
          clearTimeout(timer);
          this.listeners.delete(check);
          if (line) return resolve(line);
          failure.message = `the bot exited (code ${String(this.child.exitCode)}, signal ${String(this.child.signalCode)}) before logging the expected line\n${this.outputTail()}`;
          reject(failure);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        failure.message = `no matching bot log line within ${timeoutMs} ms\n${this.outputTail()}`;
        reject(failure);
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /**
   * Sends `signal` and waits for the exit (of the child and of whatever holds its output: the bot). SIGKILL
   * (`kill -9`) goes to the whole process group, as a crash would take its children (terraform runs) with
   * it; other signals go to the child alone (npm under `npm start`), or under `pid 1` to the bot itself.
   */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.exited && this.child.pid !== undefined) {
      if (signal === 'SIGKILL') killGroup(this.child.pid);
      else {
        const pid = this.botPid();
        if (pid !== undefined) process.kill(pid, signal);
      }
    }
    return this.exitCode;
  }

  /** Graceful stop (SIGTERM); SIGKILL if the bot is still running after a few seconds. */
  async stop(): Promise<number | null> {
    // kill() only waits for the exit, which the SIGTERM wait below reports.
    const timer = setTimeout(() => {
      this.kill('SIGKILL').catch(() => undefined);
    }, STOP_GRACE_MS);
    try {
      return await this.kill('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The end of stderr and the last log lines, for error messages. */
  outputTail(lines = 20): string {
    const tail = this.stdoutText.trimEnd().split('\n').slice(-lines).join('\n');
    return `--- bot stderr ---\n${this.stderrText.trimEnd() || '(empty)'}\n--- last bot stdout lines ---\n${tail || '(empty)'}`;
  }

  private onStdout(chunk: string): void {
    this.stdoutText += chunk;
    echo(chunk);
    const lines = (this.partialLine + chunk).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) {
      try {
        this.logs.push(JSON.parse(line) as BotLogLine);
      } catch {
        // Not a log line (a stray console.log); it stays in rawStdout.
      }
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * Starts the built bot against `fake`, with an environment built from scratch (PATH, HOME and the bot's
 * variables; nothing else leaks in from the test process), in `dataDir` (so no `.env` is picked up).
 * Restarting is calling it again with the same `dataDir` and `env`. Set BOT_LOGS=1 to see its output.
 */
export async function startBot({ fake, dataDir, env = {}, waitForReady = true, launch = 'node', ...options }: StartBotOptions): Promise<BotProcess> {
  // `npm start` rebuilds dist/ first if a source changed since the last build (an edit before `npx vitest run`).
  const readyTimeoutMs = options.readyTimeoutMs ?? (launch === 'npm start' ? 90_000 : 20_000);
  if (!existsSync(BOT_ENTRY)) throw new Error(`${BOT_ENTRY} does not exist: run \`npm run build\` first (\`npm test\` does)`);
  const dir = dataDir ?? ownedTempDir();
  const [command, args] = {
    node: [process.execPath, [BOT_ENTRY]],
    'npm start': ['npm', ['start', '--silent']],
    'pid 1': ['unshare', ['--pid', '--fork', '--mount-proc', process.execPath, BOT_ENTRY]],
  }[launch] as [string, string[]];
  const child = spawn(command, args, {
    // npm runs the package's script from the repository; the bot's files go where DATABASE_PATH and WORKSPACE_DIR say.
    cwd: launch === 'npm start' ? REPO_ROOT : dir,
    env: botEnvironment(fake, dir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so kill -9 can take its children too
  });
  const bot = new BotProcess(child, dir, launch === 'pid 1' ? () => childOf(child.pid) : () => child.pid);
  running.add(bot);
  if (!waitForReady) return bot;
  try {
    await bot.waitForLog((line) => line.event === 'ready', readyTimeoutMs);
  } catch (error) {
    await bot.kill('SIGKILL');
    throw new Error(`the bot did not become ready: ${error instanceof Error ? error.message : String(error)}`);
  }
  return bot;
}

/** For `afterEach`: stops every bot still running, then removes the data directories startBot created. */
export async function stopAllBots(): Promise<void> {
  await Promise.all([...running].map((bot) => bot.stop()));
  for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
  ownedDirs.clear();
}

/** The bot's environment: fake Discord, files under `dataDir`, debug logs; `overrides` win. */
export function botEnvironment(fake: FakeDiscord, dataDir: string, overrides: Record<string, string> = {}): Record<string, string> {
  // Its own temp dir: the bot sweeps leftover credential dirs there at startup, and tests check it.
  const tmp = join(dataDir, 'tmp');
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? dataDir,
    TMPDIR: tmp,
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guilds[0]?.id ?? '',
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: join(dataDir, 'chatops.db'),
    WORKSPACE_DIR: join(dataDir, 'workspaces'),
    LOG_LEVEL: 'debug',
    ...overrides,
  };
}

function ownedTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-bot-'));
  ownedDirs.add(dir);
  return dir;
}

/** Whether this machine lets the tests start the bot as a PID namespace's init (root, with unshare). */
export function canRunAsPid1(): boolean {
  return spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'ignore' }).status === 0;
}

function childOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) || undefined;
  } catch {
    return undefined;
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function echo(chunk: string): void {
  if (process.env.BOT_LOGS) process.stderr.write(chunk);
}

function findRepoRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

// A test run that dies mid-test must not leave bots behind.
process.once('exit', () => {
  for (const bot of running) if (bot.child.pid !== undefined) killGroup(bot.child.pid);
});
