import { spawn } from 'node:child_process';
import { projectPath } from '../src/paths.js';
import type { FakeDiscord } from '../test/fakes/fake-discord/index.js';
import { botEnvironment } from '../test/harness/bot-process.js';

/** How the operator starts the bot: the README's `npm start`, or node on the built entry point. */
export type Launch = 'npm start' | 'node';

const TIMEOUT_MS = 60_000;

function launch(how: Launch, env: Record<string, string>) {
  const [command, args] = how === 'npm start' ? ['npm', ['start', '--silent']] : [process.execPath, [projectPath('dist/src/main.js')]];
  // npm runs scripts in the package directory; the bot's files go where DATABASE_PATH/WORKSPACE_DIR say.
  return spawn(command as string, args as string[], { cwd: projectPath('.'), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

/**
 * Milliseconds from spawn until `done(stdout, stderr)` holds, then stops the whole process group
 * (npm, its shell and the bot) with SIGTERM and waits for it to exit.
 */
function timeUntil(how: Launch, env: Record<string, string>, done: (stdout: string, stderr: string) => boolean): Promise<number> {
  const started = performance.now();
  const child = launch(how, env);
  let stdout = '';
  let stderr = '';
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${how}: nothing expected within ${TIMEOUT_MS} ms\n${stderr}\n${stdout.slice(-2000)}`)), TIMEOUT_MS);
    const exited = new Promise<void>((settle) => child.once('close', () => settle()));
    const finish = (error?: Error) => {
      const elapsed = performance.now() - started;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone (a configuration error exits by itself).
      }
      exited.then(() => (error ? reject(error) : resolve(elapsed)), reject);
    };
    const check = () => {
      if (done(stdout, stderr)) finish();
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), check()));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), check()));
    child.once('close', () => !done(stdout, stderr) && finish(new Error(`${how} exited early\n${stderr}\n${stdout.slice(-2000)}`)));
  });
}

/** Spawn → the bot's `ready` log line, against the fake Discord. */
export function timeToReady(how: Launch, fake: FakeDiscord, dataDir: string, env: Record<string, string>): Promise<number> {
  return timeUntil(how, botEnvironment(fake, dataDir, { LOG_LEVEL: 'info', ...env }), (stdout) => stdout.includes('"event":"ready"'));
}

/** Spawn → the configuration error on stderr (a DISCORD_TOKEN left empty, as copied from .env.example). */
export function timeToConfigError(how: Launch, fake: FakeDiscord, dataDir: string): Promise<number> {
  return timeUntil(how, botEnvironment(fake, dataDir, { DISCORD_TOKEN: '' }), (_, stderr) => stderr.includes('See .env.example'));
}
