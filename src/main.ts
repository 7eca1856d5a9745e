import { createApp } from './app.js';
import { ConfigError, loadConfigFromEnvironment, type Config } from './config.js';
import { assertTemplatesMatch } from './deploy/template-check.js';
import { createLogger } from './log.js';

/** Entry point of `npm start`: configuration, logging, the app, and a graceful shutdown. */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
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
    log.fatal({ reason: describeStartupError(error) }, 'could not connect to Discord');
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

function describeStartupError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/token/i.test(message)) return 'Discord rejected DISCORD_TOKEN: check the bot token in the developer portal';
  return message;
}

await main();
