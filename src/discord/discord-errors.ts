import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, RESTJSONErrorCodes } from 'discord.js';

/**
 * What went wrong talking to Discord at startup or registration, in words the operator can act on.
 * `npm start` and `npm run register` both use it, so a bad token reads the same in both.
 */
export function describeDiscordFailure(error: unknown): string {
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) return BAD_TOKEN;
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return BAD_TOKEN;
    if (error.code === RESTJSONErrorCodes.UnknownApplication || (error.code === RESTJSONErrorCodes.MissingAccess && !error.url.includes('/guilds/'))) {
      return 'Discord refused DISCORD_CLIENT_ID for this token: set it to the Application ID of the same application as DISCORD_TOKEN (General Information → Application ID).';
    }
    if (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.UnknownGuild) {
      return 'Discord refused to register commands in DISCORD_GUILD_ID: check the server ID, and that the bot was invited to it with the applications.commands scope (see the README).';
    }
    return `Discord answered ${error.status} (${error.message}) to ${error.method} ${new URL(error.url).pathname}.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/token/i.test(message)) return BAD_TOKEN;
  const network = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  if (network && /^E[A-Z]+$/.test(network)) return `Could not reach Discord (${network}): check the network, or DISCORD_API_URL if set.`;
  return message;
}

const BAD_TOKEN = 'Discord rejected DISCORD_TOKEN: check the bot token in the developer portal (your application → Bot → Reset Token).';
