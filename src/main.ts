import { readFileSync } from 'node:fs';
import { ConfigError, loadConfigFromEnvironment, type Config } from './config.js';
import { assertTemplatesMatch } from './deploy/template-check.js';
import { createLogger } from './log.js';
import { installProcessHandlers } from './process-handlers.js';

/** A stop that has not finished by then is forced: well within a container's usual 10 s before SIGKILL. */
const SHUTDOWN_DEADLINE_MS = 9_000;

/** Entry point of `npm start`: configuration, logging, the app, and a graceful shutdown. */
async function main(): Promise<void> {
  // Everything the bot and its Terraform children write (the database, state files, plans, logs) is for
  // this user alone: state holds generated passwords and private keys in clear.
  process.umask(0o077);
  // Handlers first: as a container's PID 1 the kernel applies no default action, so a SIGTERM that comes
  // while discord.js loads would be ignored. Until the app exists there is nothing to stop gracefully.
  let shutdown: (signal: NodeJS.Signals) => void = () => process.exit(0);
  const onSignal = (signal: NodeJS.Signals) => shutdown(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const config = readConfigOrExit();
  // Loaded only after the configuration is good: discord.js and the rest take most of the start-up time,
  // and a configuration error should be on screen at once.
  const [{ createApp }, { describeDiscordFailure }] = await Promise.all([import('./app.js'), import('./discord/discord-errors.js')]);
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  installProcessHandlers(log);
  const app = createApp(config, log);

  const interruptRuns = exitEndsTerraform();
  let shuttingDown = false;
  shutdown = (signal) => {
    if (shuttingDown) {
      log.warn({ signal }, 'second stop signal: exiting now');
      process.exit(1);
    }
    shuttingDown = true;
    log.info({ signal, interruptRuns }, 'shutting down');
    setTimeout(() => {
      log.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.stop({ interruptRuns }).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  stopWhenOrphaned(() => shutdown('SIGTERM'));

  try {
    await app.start();
  } catch (error) {
    log.fatal({ reason: describeDiscordFailure(error) }, 'could not connect to Discord');
    await app.stop().catch(() => undefined);
    process.exit(1);
  }
}

/**
 * npm (10 and 11) answers a SIGTERM by exiting at once, without passing it on or waiting: the bot would
 * run on, orphaned, beside the next one started. A parent that goes away (we are re-parented) is taken
 * as a stop. Applies are not interrupted by a stop, so this is always safe.
 */
function stopWhenOrphaned(stop: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return; // PID 1 or started by init: no parent to lose
  // Once: a second stop is the "exit now" of an impatient operator, not a parent still gone.
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    stop();
  }, 500).unref();
}

/**
 * Whether every process left is killed when this one exits: it is its PID namespace's init (a container
 * run with `node` as its command), or the child of an init shim (`docker run --init`, tini, dumb-init)
 * that exits with it. A detached Terraform cannot outlive the bot there, so a stop interrupts it
 * gracefully instead of leaving it to be killed mid-resource.
 */
function exitEndsTerraform(): boolean {
  if (process.pid === 1) return true;
  if (process.ppid !== 1) return false;
  try {
    return /^(docker-init|tini|dumb-init|catatonit)$/.test(readFileSync('/proc/1/comm', 'utf8').trim());
  } catch {
    return false;
  }
}

function readConfigOrExit(): Config {
  try {
    const config = loadConfigFromEnvironment();
    assertTemplatesMatch(config.terraform.templatesDir);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for what each variable means.\n`);
    process.exit(2);
  }
}

await main();
