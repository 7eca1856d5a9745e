import { REST } from 'discord.js';
import { commands } from './commands/index.js';
import { ConfigError, loadConfigFromEnvironment } from './config.js';
import { describeDiscordFailure } from './discord/discord-errors.js';
import { registerCommands } from './discord/register-commands.js';

/** Entry point of `npm run register`: registers the slash commands and exits, without starting the bot. */
try {
  const config = loadConfigFromEnvironment();
  const rest = new REST(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}).setToken(config.discord.token);
  const { scope, names, cleared, advice } = await registerCommands(rest, config, commands);
  process.stdout.write(`Registered ${names.length} slash commands (${scope}): ${names.map((n) => `/${n}`).join(' ')}\n`);
  for (const { scope: other, count } of cleared) process.stdout.write(`Removed ${count} commands registered before to ${other}, so none shows twice.\n`);
  if (advice) process.stdout.write(`${advice}\n`);
} catch (error) {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\nSee .env.example for what each variable means.\n`);
  else process.stderr.write(`Registration failed: ${describeDiscordFailure(error)}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
