import { Routes, type APIMessage, type Client, type RESTPatchAPIChannelMessageJSONBody } from 'discord.js';
import type { AppContext } from '../context.js';

/** Where a message is, to edit it with the bot token (an interaction token dies after 15 minutes; sessions live longer). */
export interface MessageAt {
  channelId: string;
  id: string;
}

/** setTimeout's longest delay; sessions live at most a day, so this is only a guard. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Gives a message whose buttons wait on a session its final state when the session ends: at `expiresAt`,
 * if `expire()` still finds the thing waiting (a press may have answered it first), the message is
 * read as it is now and edited to `body(current)`, which says it expired and has no buttons left.
 */
export function expireWithSession(
  ctx: Pick<AppContext, 'clock' | 'log'>, client: Client, message: MessageAt, expiresAt: number,
  expire: () => boolean, body: (current: APIMessage) => RESTPatchAPIChannelMessageJSONBody,
): void {
  const delay = Math.min(MAX_DELAY_MS, Math.max(0, expiresAt - ctx.clock.now()));
  setTimeout(() => {
    if (expire()) rewriteChannelMessage(ctx, client, message, body);
  }, delay).unref();
}

/**
 * Reads a channel message as it is now and edits it to `body(current)`, with the bot token, in the
 * background; a message that is gone (deleted, or ephemeral: the bot token cannot edit those) is only logged.
 */
export function rewriteChannelMessage(
  ctx: Pick<AppContext, 'log'>, client: Client, message: MessageAt, body: (current: APIMessage) => RESTPatchAPIChannelMessageJSONBody,
): void {
  const route = Routes.channelMessage(message.channelId, message.id);
  (async () => {
    const current = await client.rest.get(route) as APIMessage;
    await client.rest.patch(route, { body: body(current) });
  })().catch((err: unknown) => ctx.log.warn({ err, messageId: message.id }, 'could not update an earlier message'));
}

/** Edits a channel message with the bot token; a message that is gone (deleted, channel removed) is only logged. */
export async function editChannelMessage(ctx: Pick<AppContext, 'log'>, client: Client, message: MessageAt, body: RESTPatchAPIChannelMessageJSONBody): Promise<void> {
  await client.rest.patch(Routes.channelMessage(message.channelId, message.id), { body })
    .catch((err: unknown) => ctx.log.warn({ err, messageId: message.id }, 'could not edit an earlier message'));
}

/** A link that opens the message in Discord. */
export function messageLink(guildId: string | null | undefined, message: MessageAt): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${message.channelId}/${message.id}`;
}
