import type { APIAttachment, APIEmbed, APIMessageTopLevelComponent, InteractionResponseType, InteractionType } from 'discord-api-types/v10';

/** A user of the fake: a guild member, an interaction author, or the bot itself. */
export interface FakeUser {
  id: string;
  username: string;
  globalName?: string;
  bot?: boolean;
  /** IDs of the guild roles the member has (in the guild whose `members` lists this entry). */
  roles?: string[];
}

/** A guild role besides @everyone; its permissions add to @everyone's, as on Discord. */
export interface FakeRole {
  id: string;
  name: string;
  /** A permissions bit string, e.g. `PermissionFlagsBits.ManageGuild.toString()`; none by default. */
  permissions?: string;
}

/** A text channel of a fake guild. */
export interface FakeChannel {
  id: string;
  name: string;
}

/** A guild the bot is in: sent in READY and as a GUILD_CREATE on every identify. */
export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  members: FakeUser[];
  roles?: FakeRole[];
}

/** Constructor options of {@link FakeDiscord}; everything but the token and application ID has a default. */
export interface FakeDiscordOptions {
  token: string;
  applicationId: string;
  botUser?: FakeUser;
  guilds?: FakeGuild[];
  /** Sent in HELLO; tests of heartbeat handling use a short one. Discord's is 41 250 ms. */
  heartbeatIntervalMs?: number;
  /** An interaction not acknowledged within this time is gone (10062 Unknown interaction), as on Discord. */
  ackDeadlineMs?: number;
  /** Per-route rate limits like Discord's, for the routes named; none by default (every request is answered). */
  rateLimits?: RateLimitOptions;
}

/** At most `limit` requests per bucket in a window of `windowMs` that opens with the first one, as Discord's buckets work. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** The routes that can be rate-limited; Discord's own limit for message edits is 5 per 5 s per channel. */
export interface RateLimitOptions {
  /** `PATCH /channels/:channel/messages/:message`, one bucket per channel. */
  channelMessageEdits?: RateLimitRule;
}

/** One HTTP request the fake received, in arrival order. */
export interface RecordedRequest {
  /** Epoch milliseconds, sub-millisecond precision. */
  at: number;
  method: string;
  /** Decoded path, e.g. `/api/v10/webhooks/1/t/messages/@original`. */
  path: string;
  /** The matched route, e.g. `PATCH /webhooks/:app/:token/messages/@original`; `null` when nothing matched (answered 404). */
  route: string | null;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the `payload_json` part of a multipart body; `undefined` when there was none. */
  body: unknown;
  files: UploadedFileInfo[];
  /** The status the fake answered with; 0 while the request is in flight. */
  status: number;
}

export interface UploadedFileInfo {
  field: string;
  filename: string;
  size: number;
  contentType: string;
}

/** A snapshot taken after each edit of a message. */
export interface MessageEdit {
  at: number;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
}

/** A message the bot created: in a channel, as an interaction response, or as a follow-up. */
export interface FakeMessage {
  id: string;
  channelId: string;
  guildId: string | undefined;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: APIAttachment[];
  flags: number;
  /** Flag 64: only the invoking user sees it, and it is not part of the channel. */
  ephemeral: boolean;
  /** A deferred response still showing "thinking…" (flag 128). */
  loading: boolean;
  deleted: boolean;
  createdAt: number;
  editedAt: number | null;
  edits: MessageEdit[];
  /**
   * The users this message notified when it was created: those mentioned in its content that its
   * `allowed_mentions` let through (all of them without one), as on Discord. Edits notify no one.
   */
  pinged: string[];
  /** Set for interaction responses and follow-ups. */
  interactionId: string | undefined;
}

/** What a test keeps of an interaction it sent, to read the bot's response later. */
export interface InteractionHandle {
  id: string;
  token: string;
  type: InteractionType;
  guildId: string;
  channelId: string;
  userId: string;
}

/** How the bot acknowledged an interaction (its first callback). */
export interface Acknowledgement {
  type: InteractionResponseType;
  at: number;
  /** The callback's `data`, e.g. `{ choices }` for autocomplete or the modal. */
  data: unknown;
}

/** A failure the fake answers instead of handling matching requests. */
export interface FailureSpec {
  method?: string;
  /** Tested against the decoded path (e.g. `/api/v10/channels/1/messages/2`). */
  pathPattern?: RegExp;
  status: number;
  /** For 429: the `Retry-After` header and `retry_after` body field. Default 0.1 s. */
  retryAfterSeconds?: number;
  global?: boolean;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Overrides the JSON error code (default 50013 for 403, 0 otherwise). */
  code?: number;
  message?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}
