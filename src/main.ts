import { createApp } from './app.js';
import { ConfigError, loadConfigFromEnvironment, type Config } from './config.js';
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

  try {
    await app.start();
  } catch (error) {
    log.fatal({ reason: describeStartupError(error) }, 'could not connect to Discord');
    await app.stop().catch(() => undefined);
    process.exit(1);
  }
}

function readConfigOrExit(): Config {
  try {
    return loadConfigFromEnvironment();
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
