import { REST } from 'discord.js';
import { commands } from './commands/index.js';
import { ConfigError, loadConfigFromEnvironment } from './config.js';
import { registerCommands } from './discord/register-commands.js';

/** Entry point of `npm run register`: registers the slash commands and exits, without starting the bot. */
try {
  const config = loadConfigFromEnvironment();
  const rest = new REST(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}).setToken(config.discord.token);
  const { scope, count } = await registerCommands(rest, config, commands);
  process.stdout.write(`Registered ${count} slash commands (${scope}).\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Registration failed: ${(error as Error).message}`}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
