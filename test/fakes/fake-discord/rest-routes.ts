import type { APIAttachment } from 'discord-api-types/v10';
import { channelPayload, userPayload } from './guild-payloads.js';
import { errors, raise } from './http-errors.js';
import { toApiMessage } from './message-store.js';
import type { FakeMessage } from './model.js';
import type { UploadedFile } from './request-body.js';
import { json, noContent, route, type Route } from './router.js';
import { findChannel, type FakeState } from './state.js';
import { parseMessageBody } from './validation.js';

/** The bot-authenticated routes: gateway discovery, identity, command registration, channel messages. */
export function restRoutes(state: FakeState, gatewayUrl: () => string): Route[] {
  const apiMessage = (message: FakeMessage) => toApiMessage(message, userPayload(state.botUser), state.applicationId);
  const ownApplication = (app: string | undefined) => {
    if (app !== state.applicationId) throw errors.missingAccess();
  };
  const guildOfBot = (guildId: string | undefined) => {
    if (!state.guilds.some((g) => g.id === guildId)) throw errors.missingAccess();
    return guildId;
  };
  const channel = (channelId: string | undefined) => findChannel(state, channelId ?? '') ?? raise(errors.unknownChannel());
  // Only messages members can see are reachable through the channel; ephemeral ones are not.
  const channelMessage = (channelId: string | undefined, messageId: string | undefined) => {
    const message = state.messages.find(messageId ?? '');
    if (!message || message.channelId !== channelId || message.ephemeral) throw errors.unknownMessage();
    return message;
  };

  return [
    route('GET', '/gateway', 'none', () => json({ url: gatewayUrl() })),
    route('GET', '/gateway/bot', 'bot', () =>
      json({ url: gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 } }),
    ),
    route('GET', '/users/@me', 'bot', () => json(userPayload(state.botUser))),
    // The bot's guilds as partial guild objects, one page (Discord: `limit` 1-200, default 200).
    route('GET', '/users/@me/guilds', 'bot', () =>
      json(state.guilds.map((g) => ({ id: g.id, name: g.name, icon: null, owner: false, permissions: '0', features: [] })))),
    route('GET', '/applications/@me', 'bot', () =>
      json({ id: state.applicationId, name: state.botUser.username, description: '', bot_public: false, bot_require_code_grant: false, flags: 0, bot: userPayload(state.botUser) }),
    ),

    route('GET', '/applications/:app/commands', 'bot', ({ params }) => {
      ownApplication(params.app);
      return json(state.commands.list());
    }),
    route('PUT', '/applications/:app/commands', 'bot', ({ params, body }) => {
      ownApplication(params.app);
      return json(state.commands.overwrite(undefined, body));
    }),
    route('GET', '/applications/:app/guilds/:guild/commands', 'bot', ({ params }) => {
      ownApplication(params.app);
      return json(state.commands.list(guildOfBot(params.guild)));
    }),
    route('PUT', '/applications/:app/guilds/:guild/commands', 'bot', ({ params, body }) => {
      ownApplication(params.app);
      return json(state.commands.overwrite(guildOfBot(params.guild), body));
    }),

    route('GET', '/channels/:channel', 'bot', ({ params }) => {
      const { guild, channel: found } = channel(params.channel);
      return json(channelPayload(found, guild.id, guild.channels.indexOf(found)));
    }),
    route('POST', '/channels/:channel/messages', 'bot', ({ params, body, files }) => {
      const { guild, channel: found } = channel(params.channel);
      const message = state.messages.create({ channelId: found.id, guildId: guild.id, body: parseMessageBody(body), files: hostUploads(state, files) });
      return json(apiMessage(message));
    }),
    route('GET', '/channels/:channel/messages/:message', 'bot', ({ params }) => json(apiMessage(channelMessage(params.channel, params.message)))),
    route('PATCH', '/channels/:channel/messages/:message', 'bot', ({ params, body, files }) => {
      const message = channelMessage(params.channel, params.message);
      state.messages.assertEditable(message);
      return json(apiMessage(state.messages.edit(message, parseMessageBody(body), hostUploads(state, files))));
    }),
    route('DELETE', '/channels/:channel/messages/:message', 'bot', ({ params }) => {
      state.messages.delete(channelMessage(params.channel, params.message));
      return noContent();
    }),
  ];
}

/** Files uploaded with a message become attachments served by the fake, as Discord's CDN would. */
export function hostUploads(state: FakeState, files: UploadedFile[]): APIAttachment[] {
  return files.map((file) => state.files.host(file.filename, file.content, file.contentType || undefined));
}
