import type { APIApplicationCommandAutocompleteGuildInteraction, APIChatInputApplicationCommandGuildInteraction, APIMessageComponentGuildInteraction } from 'discord-api-types/v10';
import type { Acknowledgement, InteractionHandle } from './model.js';

export type GuildInteraction = APIChatInputApplicationCommandGuildInteraction | APIApplicationCommandAutocompleteGuildInteraction | APIMessageComponentGuildInteraction;

/** The fake's side of one interaction: what was sent, how the bot answered, and which messages belong to it. */
export interface InteractionRecord {
  handle: InteractionHandle;
  payload: GuildInteraction;
  dispatchedAt: number;
  ack: Acknowledgement | undefined;
  /** The `@original` message: the reply, or for component updates the message the component is on. */
  originalId: string | undefined;
  followUpIds: string[];
  /** Set by {@link InteractionStore.expire}: the 15-minute token lifetime is over. */
  expired: boolean;
}

export class InteractionStore {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly idByToken = new Map<string, string>();

  add(payload: GuildInteraction, channelId: string, dispatchedAt: number): InteractionRecord {
    const handle: InteractionHandle = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      guildId: payload.guild_id,
      channelId,
      userId: payload.member.user.id,
    };
    const record: InteractionRecord = { handle, payload, dispatchedAt, ack: undefined, originalId: undefined, followUpIds: [], expired: false };
    this.byId.set(payload.id, record);
    this.idByToken.set(payload.token, payload.id);
    return record;
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  byToken(token: string): InteractionRecord | undefined {
    const id = this.idByToken.get(token);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Ends the token's life early, so tests can check what a bot does after 15 minutes without waiting. */
  expire(id: string): void {
    const record = this.byId.get(id);
    if (record) record.expired = true;
  }
}
