import { ConfigError, loadConfigFromEnvironment, type Config } from './config.js';
import { assertTemplatesMatch } from './deploy/template-check.js';
import { createLogger } from './log.js';
import { installProcessHandlers } from './process-handlers.js';

/** Entry point of `npm start`: configuration, logging, the app, and a graceful shutdown. */
async function main(): Promise<void> {
  // Everything the bot and its Terraform children write (the database, state files, plans, logs) is for
  // this user alone: state holds generated passwords and private keys in clear.
  process.umask(0o077);
  const config = readConfigOrExit();
  // Loaded only after the configuration is good: discord.js and the rest take most of the start-up time,
  // and a configuration error should be on screen at once.
  const [{ createApp }, { describeDiscordFailure }] = await Promise.all([import('./app.js'), import('./discord/discord-errors.js')]);
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  installProcessHandlers(log);
  const app = createApp(config, log);

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
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
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
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
