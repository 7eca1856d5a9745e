import type { APIApplicationCommand, APIAttachment } from 'discord-api-types/v10';
import { ChangeSignal, DEFAULT_TIMEOUT_MS } from './change-signal.js';
import { FailureInjector } from './failures.js';
import { fileRoutes } from './file-host.js';
import { FakeGateway, type GatewayStats } from './gateway.js';
import { interactionRoutes } from './interaction-routes.js';
import { InteractionSender, type AutocompleteInput, type ComponentInput, type SelectInput, type SlashCommandInput } from './interaction-sender.js';
import type { InteractionRecord } from './interaction-store.js';
import type { Acknowledgement, FailureSpec, FakeDiscordOptions, FakeGuild, FakeMessage, FakeUser, InteractionHandle, RecordedRequest, WaitOptions } from './model.js';
import { RateLimiter } from './rate-limits.js';
import { restRoutes } from './rest-routes.js';
import { now } from './message-store.js';
import { FakeHttpServer } from './server.js';
import { createState, type FakeState } from './state.js';

const GATEWAY_PATH = '/gateway';

/**
 * A small but faithful Discord for end-to-end tests: the real discord.js client connects to it
 * (`rest: { api: fake.apiUrl }`, or `DISCORD_API_URL` for the bot), tests send interactions as users
 * would and read what the bot answered. Every HTTP request is recorded; failures can be injected.
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  private readonly signal = new ChangeSignal();
  private readonly state: FakeState;
  private readonly failures = new FailureInjector();
  private readonly rateLimits: RateLimiter;
  private readonly http: FakeHttpServer;
  private readonly gateway: FakeGateway;
  private readonly sender: InteractionSender;
  private port = 0;

  constructor(options: FakeDiscordOptions) {
    this.token = options.token;
    this.applicationId = options.applicationId;
    this.state = createState(options, () => this.baseUrl, this.signal.notify);
    this.rateLimits = new RateLimiter(options.rateLimits);
    this.gateway = new FakeGateway(this.state, () => this.gatewayUrl);
    this.http = new FakeHttpServer({
      token: options.token,
      apiRoutes: [...restRoutes(this.state, () => this.gatewayUrl), ...interactionRoutes(this.state)],
      otherRoutes: fileRoutes(this.state.files),
      failures: this.failures,
      rateLimits: this.rateLimits,
      notify: this.signal.notify,
    });
    this.sender = new InteractionSender(this.state, () => this.waitForReady(), (event, data) => this.gateway.dispatch(event, data));
  }

  // ── lifecycle ────────────────────────────────────────────────────────────
  async start(): Promise<void> {
    this.port = await this.http.listen();
    this.gateway.attach(this.http.server, GATEWAY_PATH);
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    await this.http.close();
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** The REST base URL to give discord.js (`rest.api`) or the bot (`DISCORD_API_URL`); `/v10` is appended by the client. */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}${GATEWAY_PATH}`;
  }
  get botUser(): FakeUser {
    return this.state.botUser;
  }
  get guilds(): readonly FakeGuild[] {
    return this.state.guilds;
  }

  // ── requests and failures ────────────────────────────────────────────────
  get requests(): readonly RecordedRequest[] {
    return this.http.requests;
  }
  /** Requests no route matched (answered 404/405): a bot calling an endpoint the fake does not know. */
  get unhandledRequests(): readonly RecordedRequest[] {
    return this.http.requests.filter((r) => r.route === null);
  }

  /** Resolves with the first request (already received or still to come) that matches, once it is answered. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, { timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions = {}): Promise<RecordedRequest> {
    return this.signal.until(() => this.requests.find((r) => r.status !== 0 && predicate(r)), timeoutMs, () => `no matching request; got ${summarize(this.requests)}`);
  }

  /** Answers the next matching request(s) with an error instead of handling them. */
  failNext(spec: FailureSpec): void {
    this.failures.add(spec);
  }
  /** 429s answered: injected ones and those of the opt-in rate limits (`rateLimits`). */
  get rateLimitedCount(): number {
    return this.failures.rateLimited + this.rateLimits.rateLimited;
  }

  // ── gateway ──────────────────────────────────────────────────────────────
  get gatewayStats(): Readonly<GatewayStats> {
    return this.gateway.stats;
  }
  /** A client is connected, identified, and has been sent its guilds. */
  get isReady(): boolean {
    return this.gateway.connectedSessions > 0;
  }
  async waitForReady({ timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions = {}): Promise<void> {
    await this.signal.until(() => this.isReady || undefined, timeoutMs, () => `no client identified; gateway: ${JSON.stringify(this.gateway.stats)}`);
  }
  /** Dispatches any gateway event (`t`) with payload `d` to every connected client. */
  dispatch(event: string, data: unknown): void {
    this.gateway.dispatch(event, data);
  }
  /** Opcode 7 RECONNECT: the client reconnects and resumes, replaying missed events. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }
  /** Cuts the connections as a network failure would; clients resume and get the events they missed. */
  dropConnections(): void {
    this.gateway.dropConnections();
  }
  /** Opcode 9 INVALID_SESSION: not resumable by default, so the client identifies anew (after ~5 s in discord.js). */
  invalidateSession(resumable = false): void {
    this.gateway.invalidateSessions(resumable);
  }

  // ── commands and interactions ────────────────────────────────────────────
  /** Commands as last registered: for one guild, or the global ones. */
  registeredCommands(guildId?: string): readonly APIApplicationCommand[] {
    return this.state.commands.list(guildId);
  }
  /**
   * Gives a member exactly these roles from now on, as a moderator would in the server settings: later
   * interactions carry them (and the permissions they grant). Messages already posted are unchanged.
   */
  setMemberRoles(guildId: string, userId: string, roleIds: string[]): void {
    const guild = this.state.guilds.find((g) => g.id === guildId);
    const at = guild?.members.findIndex((m) => m.id === userId) ?? -1;
    if (!guild || at < 0) throw new Error(`${userId} is not a member of guild ${guildId}`);
    const unknown = roleIds.filter((id) => !guild.roles?.some((r) => r.id === id));
    if (unknown.length) throw new Error(`guild ${guildId} has no roles ${unknown.join(', ')}`);
    // A new entry: member objects may be shared between guilds and tests.
    guild.members[at] = { ...guild.members[at]!, roles: roleIds };
  }
  /** Serves `content` like a Discord CDN attachment; pass the result in `attachments` and its `id` as a `type: 11` option value. */
  hostFile(filename: string, content: string | Uint8Array, contentType?: string): APIAttachment {
    return this.state.files.host(filename, content, contentType);
  }
  sendSlashCommand(input: SlashCommandInput): Promise<InteractionHandle> {
    return this.sender.slashCommand(input);
  }
  sendAutocomplete(input: AutocompleteInput): Promise<InteractionHandle> {
    return this.sender.autocomplete(input);
  }
  sendButton(input: ComponentInput): Promise<InteractionHandle> {
    return this.sender.button(input);
  }
  sendSelect(input: SelectInput): Promise<InteractionHandle> {
    return this.sender.select(input);
  }

  // ── what the bot answered ────────────────────────────────────────────────
  /** The bot's first callback to the interaction, if any. */
  acknowledgement(handle: InteractionHandle): Acknowledgement | undefined {
    return this.record(handle).ack;
  }
  waitForAck(handle: InteractionHandle, { timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions = {}): Promise<Acknowledgement> {
    return this.signal.until(() => this.acknowledgement(handle), timeoutMs, () => this.describe(handle));
  }
  /** Milliseconds from dispatching the interaction to the bot's callback. */
  ackLatency(handle: InteractionHandle): number | undefined {
    const record = this.record(handle);
    return record.ack && record.ack.at - record.dispatchedAt;
  }
  /** A snapshot of the `@original` response: the reply, the deferred one, or the updated component message. */
  replyTo(handle: InteractionHandle): FakeMessage | undefined {
    const id = this.record(handle).originalId;
    return id === undefined ? undefined : this.snapshot(id);
  }
  /** Waits until the original response is a real message (not "thinking…") that satisfies `predicate`. */
  waitForReply(handle: InteractionHandle, { predicate, timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions & { predicate?: (reply: FakeMessage) => boolean } = {}): Promise<FakeMessage> {
    return this.signal.until(
      () => {
        // Every change re-runs every pending wait, so look at the live message first and copy it only on a match.
        const id = this.record(handle).originalId;
        const live = id === undefined ? undefined : this.state.messages.get(id);
        if (!live || live.loading || live.deleted) return undefined;
        const reply = structuredClone(live);
        return !predicate || predicate(reply) ? reply : undefined;
      },
      timeoutMs,
      () => this.describe(handle),
    );
  }
  followUps(handle: InteractionHandle): FakeMessage[] {
    return this.record(handle).followUpIds.flatMap((id) => this.snapshot(id) ?? []);
  }
  /** Makes the interaction's webhook token invalid (401 50027), as after Discord's 15 minutes. */
  expireInteraction(handle: InteractionHandle): void {
    this.state.interactions.expire(handle.id);
  }

  // ── channel messages ─────────────────────────────────────────────────────
  /** What members see in the channel (no ephemeral or deleted messages), oldest first, with edit histories. */
  channelMessages(channelId: string): FakeMessage[] {
    return this.state.messages.inChannel(channelId).flatMap((m) => this.snapshot(m.id) ?? []);
  }
  waitForChannelMessage(predicate: (message: FakeMessage) => boolean, { channelId, timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions & { channelId?: string } = {}): Promise<FakeMessage> {
    const channels = channelId ? [channelId] : this.state.guilds.flatMap((g) => g.channels.map((c) => c.id));
    return this.signal.until(
      () => channels.flatMap((id) => this.channelMessages(id)).find(predicate),
      timeoutMs,
      () => `no matching channel message; messages: ${JSON.stringify(channels.flatMap((id) => this.channelMessages(id)).map((m) => m.content || m.embeds[0]?.title))}`,
    );
  }

  /**
   * The clock that stamps messages (`createdAt`, `editedAt`, each edit's `at`): a monotonic clock with
   * sub-millisecond steps. Take "after this" marks with it, never with Date.now(): the wall clock drifts
   * from it by milliseconds, so a message posted just before a Date.now() mark can look newer than it.
   */
  now(): number {
    return now();
  }

  /**
   * Moves the fake's clock forward, for what depends on a message's age: an edit of a channel message
   * over an hour old is capped (30046) as on Discord.
   */
  advanceClock(ms: number): void {
    this.state.messages.clockOffsetMs += ms;
  }

  /** Any message the bot made, by ID, deleted ones included. */
  message(id: string): FakeMessage | undefined {
    return this.snapshot(id);
  }

  private record(handle: InteractionHandle): InteractionRecord {
    const record = this.state.interactions.get(handle.id);
    if (!record) throw new Error(`interaction ${handle.id} was not sent by this fake`);
    return record;
  }

  // Copies, so a test's view does not change under it when the bot edits the message later.
  private snapshot(id: string): FakeMessage | undefined {
    const message = this.state.messages.get(id);
    return message && structuredClone(message);
  }

  private describe(handle: InteractionHandle): string {
    const record = this.record(handle);
    const related = this.requests.filter((r) => r.path.includes(handle.id) || r.path.includes(handle.token));
    const reply = this.replyTo(handle);
    const state = reply ? JSON.stringify({ loading: reply.loading, deleted: reply.deleted, content: reply.content, embeds: reply.embeds }) : 'none';
    return `interaction ${handle.id} (${JSON.stringify(record.payload.data)}): ack ${record.ack?.type ?? 'none'}, reply ${state}; its requests: ${summarize(related)}`;
  }
}

function summarize(requests: readonly RecordedRequest[]): string {
  if (!requests.length) return 'none';
  return requests.slice(-10).map((r) => `${r.route ?? `${r.method} ${r.path}`} → ${r.status}`).join('; ');
}
