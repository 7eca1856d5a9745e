import { MessageFlags, MessageType, type APIAttachment, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { errors } from './http-errors.js';
import type { FakeMessage } from './model.js';
import { nextSnowflake } from './snowflake.js';
import type { MessageBody } from './validation.js';

/** What it takes to create a message; `loading` makes the "thinking…" placeholder of a deferred reply. */
export interface NewMessage {
  channelId: string;
  guildId: string | undefined;
  body: MessageBody;
  files: APIAttachment[];
  interactionId?: string;
  loading?: boolean;
}

export const now = () => performance.timeOrigin + performance.now();

/** Past this age a message takes only a few more edits (Discord's 30046), as on Discord. */
export const OLD_MESSAGE_MS = 60 * 60_000;
/** How many edits a message older than an hour still takes; Discord does not publish its number, so the fake picks a small one. */
export const OLD_MESSAGE_EDITS = 3;

/** Every message the bot created, with its edit history; deleted ones are kept, marked. */
export class MessageStore {
  private readonly byId = new Map<string, FakeMessage>();
  private readonly oldEdits = new Map<string, number>();
  /** When each message was made, on the fake's clock. */
  private readonly bornAt = new Map<string, number>();
  /** How far the fake's clock is ahead of the real one, for the age of messages (see FakeDiscord.advanceClock). */
  clockOffsetMs = 0;

  constructor(private readonly onChange: () => void) {}

  create({ channelId, guildId, body, files, interactionId, loading = false }: NewMessage): FakeMessage {
    const flags = (body.flags ?? 0) | (loading ? MessageFlags.Loading : 0);
    const message: FakeMessage = {
      id: nextSnowflake(),
      channelId,
      guildId,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: files,
      flags,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
      loading,
      deleted: false,
      createdAt: now(),
      editedAt: null,
      edits: [],
      pinged: pingedBy(body),
      interactionId,
    };
    if (!loading) assertNotEmpty(message);
    this.byId.set(message.id, message);
    this.bornAt.set(message.id, message.createdAt + this.clockOffsetMs);
    this.onChange();
    return message;
  }

  /** Applies a PATCH: fields present in the body replace, absent ones stay; editing a deferred reply ends "thinking…". */
  edit(message: FakeMessage, body: MessageBody, files: APIAttachment[]): FakeMessage {
    const kept = body.attachments ? message.attachments.filter((a) => body.attachments?.some((k) => String(k.id) === a.id)) : message.attachments;
    const next = {
      content: body.content === undefined ? message.content : (body.content ?? ''),
      embeds: body.embeds === undefined ? message.embeds : (body.embeds ?? []),
      components: body.components === undefined ? message.components : (body.components ?? []),
      attachments: [...kept, ...files],
    };
    assertNotEmpty(next);
    const at = now();
    Object.assign(message, next, { loading: false, flags: message.flags & ~MessageFlags.Loading, editedAt: at });
    message.edits.push({ at, content: next.content, embeds: next.embeds, components: next.components });
    this.onChange();
    return message;
  }

  /** A bot-token edit of a channel message: one older than an hour takes OLD_MESSAGE_EDITS more, then 30046. */
  assertEditable(message: FakeMessage): void {
    if (now() + this.clockOffsetMs - (this.bornAt.get(message.id) ?? message.createdAt) < OLD_MESSAGE_MS) return;
    const used = this.oldEdits.get(message.id) ?? 0;
    if (used >= OLD_MESSAGE_EDITS) throw errors.oldMessageEditsExhausted();
    this.oldEdits.set(message.id, used + 1);
  }

  delete(message: FakeMessage): void {
    message.deleted = true;
    this.onChange();
  }

  /** A live message, or undefined when unknown or deleted. */
  find(id: string): FakeMessage | undefined {
    const message = this.byId.get(id);
    return message && !message.deleted ? message : undefined;
  }

  /** Including deleted ones, for tests that look at what happened. */
  get(id: string): FakeMessage | undefined {
    return this.byId.get(id);
  }

  /** What members see in the channel: live, non-ephemeral messages, oldest first. */
  inChannel(channelId: string): FakeMessage[] {
    return [...this.byId.values()].filter((m) => m.channelId === channelId && !m.deleted && !m.ephemeral);
  }
}

/** Who a new message notifies: the users its content mentions, as far as `allowed_mentions` allows. */
function pingedBy(body: MessageBody): string[] {
  const mentioned = [...new Set([...(body.content ?? '').matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!))];
  const allowed = body.allowed_mentions;
  if (!allowed || allowed.parse?.includes('users')) return mentioned;
  return mentioned.filter((id) => allowed.users?.includes(id));
}

function assertNotEmpty(message: Pick<FakeMessage, 'content' | 'embeds' | 'components' | 'attachments'>): void {
  if (!message.content && !message.embeds.length && !message.components.length && !message.attachments.length) throw errors.emptyMessage();
}

/** The message as the API returns it; discord.js builds its Message objects from this. */
export function toApiMessage(message: FakeMessage, author: APIUser, applicationId: string): APIMessage {
  return {
    id: message.id,
    channel_id: message.channelId,
    author,
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments,
    embeds: message.embeds,
    pinned: false,
    type: message.interactionId ? MessageType.ChatInputCommand : MessageType.Default,
    flags: message.flags,
    components: message.components,
    ...(message.interactionId ? { webhook_id: applicationId, application_id: applicationId } : {}),
  };
}
