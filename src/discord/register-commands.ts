import { Routes, type REST } from 'discord.js';
import type { Command } from '../commands/command.js';
import type { Config } from '../config.js';

/**
 * Bulk-overwrites the application's commands: to one guild when DISCORD_GUILD_ID is set (instant,
 * for development), otherwise globally (may take a while to reach every client).
 */
export async function registerCommands(rest: REST, config: Config, commands: readonly Command[]): Promise<{ scope: string; count: number }> {
  const { clientId, guildId } = config.discord;
  const route = guildId ? Routes.applicationGuildCommands(clientId, guildId) : Routes.applicationCommands(clientId);
  const registered = (await rest.put(route, { body: commands.map((c) => c.data.toJSON()) })) as unknown[];
  return { scope: guildId ? `guild ${guildId}` : 'global', count: registered.length };
}
