import { Routes, type REST } from 'discord.js';
import type { Command } from '../commands/command.js';
import type { Config } from '../config.js';

/** Discord lists at most this many guilds per page; a bot in more is told what to clear by hand. */
const GUILD_PAGE = 200;

export interface Registration {
  /** `global`, or `guild <id>`. */
  scope: string;
  names: string[];
  /** Registrations removed from the other scope, so no command shows twice. */
  cleared: Array<{ scope: string; count: number }>;
  /** Set when some other scope could not be checked or cleared: what the operator should do. */
  advice?: string;
}

export interface RegisterOptions {
  /** The guilds the bot is in; in global mode their leftover guild commands are cleared. Listed over REST by default. */
  guildIds?: () => Promise<string[]>;
}

/**
 * Bulk-overwrites the application's commands: to one guild when DISCORD_GUILD_ID is set (instant,
 * for development), otherwise globally (may take a while to reach every client). Then empties the
 * other scope, since a server shows both: moving from global to one guild (or back) would otherwise
 * list every command twice there.
 */
export async function registerCommands(rest: REST, config: Config, commands: readonly Command[], options: RegisterOptions = {}): Promise<Registration> {
  const { clientId, guildId } = config.discord;
  const body = commands.map((c) => c.data.toJSON());
  const route = guildId ? Routes.applicationGuildCommands(clientId, guildId) : Routes.applicationCommands(clientId);
  const registered = (await rest.put(route, { body })) as Array<{ name: string }>;
  const names = registered.map((c) => c.name);
  const scope = guildId ? `guild ${guildId}` : 'global';
  if (guildId) {
    const cleared = await clearScope(rest, Routes.applicationCommands(clientId));
    return { scope, names, cleared: cleared ? [{ scope: 'global', count: cleared }] : [] };
  }
  return { scope, names, ...(await clearGuildScopes(rest, clientId, options.guildIds ?? (() => listGuildIds(rest)))) };
}

/** Empties one scope if it holds any command; how many it held. */
async function clearScope(rest: REST, route: `/${string}`): Promise<number> {
  const existing = (await rest.get(route)) as unknown[];
  if (existing.length === 0) return 0;
  await rest.put(route, { body: [] });
  return existing.length;
}

async function clearGuildScopes(rest: REST, clientId: string, guildIds: () => Promise<string[]>): Promise<Pick<Registration, 'cleared' | 'advice'>> {
  const cleared: Registration['cleared'] = [];
  const unchecked: string[] = [];
  const ids = await guildIds();
  for (const id of ids) {
    try {
      const count = await clearScope(rest, Routes.applicationGuildCommands(clientId, id));
      if (count) cleared.push({ scope: `guild ${id}`, count });
    } catch {
      unchecked.push(id); // e.g. the bot was removed from it meanwhile
    }
  }
  const advice = unchecked.length > 0 || ids.length >= GUILD_PAGE
    ? `Some servers were not checked for commands registered to them alone${unchecked.length ? ` (${unchecked.join(', ')})` : ''}; if a command shows twice in a server, set DISCORD_GUILD_ID to it, run \`npm run register\`, then unset it and run \`npm run register\` again.`
    : undefined;
  return { cleared, ...(advice ? { advice } : {}) };
}

async function listGuildIds(rest: REST): Promise<string[]> {
  const guilds = (await rest.get(Routes.userGuilds(), { query: new URLSearchParams({ limit: String(GUILD_PAGE) }) })) as Array<{ id: string }>;
  return guilds.map((g) => g.id);
}
