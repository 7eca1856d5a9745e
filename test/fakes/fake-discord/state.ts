import { CommandStore } from './command-store.js';
import { FileHost } from './file-host.js';
import { InteractionStore } from './interaction-store.js';
import { MessageStore } from './message-store.js';
import type { FakeDiscordOptions, FakeGuild, FakeUser } from './model.js';

/** One guild, one text channel, three members: enough for most tests. */
export const DEFAULT_GUILD: FakeGuild = {
  id: '1100000000000000001',
  name: 'Fake Guild',
  channels: [{ id: '1100000000000000002', name: 'general' }],
  members: [
    { id: '1100000000000000011', username: 'ada' },
    { id: '1100000000000000012', username: 'grace' },
    { id: '1100000000000000013', username: 'linus' },
  ],
};

/** Everything the routes and the gateway share. */
export interface FakeState {
  token: string;
  applicationId: string;
  botUser: FakeUser;
  guilds: FakeGuild[];
  heartbeatIntervalMs: number;
  ackDeadlineMs: number;
  messages: MessageStore;
  interactions: InteractionStore;
  commands: CommandStore;
  files: FileHost;
  /** Wakes up everything waiting for a change (a request, a dispatch, a connection). */
  notify(): void;
}

export function createState(options: FakeDiscordOptions, baseUrl: () => string, notify: () => void): FakeState {
  return {
    token: options.token,
    applicationId: options.applicationId,
    // A bot user's ID is its application's ID.
    botUser: { id: options.applicationId, username: 'cloud-chatops', bot: true, ...options.botUser },
    guilds: options.guilds ?? [DEFAULT_GUILD],
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    ackDeadlineMs: options.ackDeadlineMs ?? 3_000,
    messages: new MessageStore(notify),
    interactions: new InteractionStore(),
    commands: new CommandStore(options.applicationId),
    files: new FileHost(baseUrl),
    notify,
  };
}

/** The channel with this ID and its guild, when the bot is in that guild. */
export function findChannel(state: FakeState, channelId: string): { guild: FakeGuild; channel: FakeGuild['channels'][number] } | undefined {
  for (const guild of state.guilds) {
    const channel = guild.channels.find((c) => c.id === channelId);
    if (channel) return { guild, channel };
  }
  return undefined;
}
