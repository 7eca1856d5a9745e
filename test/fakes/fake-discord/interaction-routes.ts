import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { z } from 'zod';
import { userPayload } from './guild-payloads.js';
import { errors, raise } from './http-errors.js';
import type { InteractionRecord } from './interaction-store.js';
import { now, toApiMessage } from './message-store.js';
import type { FakeMessage } from './model.js';
import { hostUploads } from './rest-routes.js';
import { json, noContent, route, type RouteRequest, type Route } from './router.js';
import type { FakeState } from './state.js';
import { parseAutocompleteResult, parseMessageBody, parseModal, parseOrThrow } from './validation.js';

const callbackSchema = z.looseObject({ type: z.number().int(), data: z.unknown().optional() });
const R = InteractionResponseType;

/** Which callback types Discord accepts for each kind of interaction. */
const ALLOWED: Record<number, readonly InteractionResponseType[]> = {
  [InteractionType.ApplicationCommand]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal],
  [InteractionType.MessageComponent]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage, R.Modal],
  [InteractionType.ApplicationCommandAutocomplete]: [R.ApplicationCommandAutocompleteResult],
};

/** Interaction callbacks and the interaction webhook: no Authorization header, the token is the credential. */
export function interactionRoutes(state: FakeState): Route[] {
  const apiMessage = (message: FakeMessage) => toApiMessage(message, userPayload(state.botUser), state.applicationId);

  /** Runs the callback; returns the `@original` message it made or targets, if any. */
  function respond(record: InteractionRecord, type: InteractionResponseType, data: unknown, request: RouteRequest): FakeMessage | undefined {
    const { channelId, guildId } = record.handle;
    const componentMessage = () => state.messages.find(record.payload.message?.id ?? '') ?? raise(errors.unknownMessage());
    switch (type) {
      case R.ChannelMessageWithSource:
        return state.messages.create({ channelId, guildId, body: parseMessageBody(data, ['data']), files: hostUploads(state, request.files), interactionId: record.handle.id });
      case R.DeferredChannelMessageWithSource: {
        const flags = (parseMessageBody(data, ['data']).flags ?? 0) & MessageFlags.Ephemeral;
        return state.messages.create({ channelId, guildId, body: { flags }, files: [], interactionId: record.handle.id, loading: true });
      }
      case R.DeferredMessageUpdate:
        return componentMessage();
      case R.UpdateMessage:
        return state.messages.edit(componentMessage(), parseMessageBody(data, ['data']), hostUploads(state, request.files));
      case R.ApplicationCommandAutocompleteResult:
        parseAutocompleteResult(data);
        return undefined;
      default: // R.Modal, the only type ALLOWED leaves
        parseModal(data);
        return undefined;
    }
  }

  function callback(request: RouteRequest) {
    const record = state.interactions.get(request.params.id ?? '');
    if (!record || record.handle.token !== request.params.token) throw errors.unknownInteraction();
    if (record.ack) throw errors.alreadyAcknowledged();
    // Discord forgets an interaction nobody answered in time (3 s); deferring is the cure.
    if (now() - record.dispatchedAt > state.ackDeadlineMs) throw errors.unknownInteraction();
    const { type, data } = parseOrThrow(callbackSchema, request.body);
    if (!ALLOWED[record.handle.type]?.includes(type)) {
      throw errors.invalidFormBody({ type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Response type ${type} is not valid for this interaction` }] } });
    }
    const original = respond(record, type, data, request);
    record.originalId = original?.id;
    record.ack = { type, at: now(), data };
    state.notify();
    if (request.query.get('with_response') !== 'true') return noContent();
    return json({
      interaction: {
        id: record.handle.id,
        type: record.handle.type,
        ...(original ? { response_message_id: original.id, response_message_loading: original.loading, response_message_ephemeral: original.ephemeral } : {}),
      },
      resource: { type, ...(original ? { message: apiMessage(original) } : {}) },
    });
  }

  /** The interaction behind a webhook URL; it exists for the bot only once acknowledged, for 15 minutes. */
  function webhookInteraction({ params }: RouteRequest): InteractionRecord {
    const record = params.app === state.applicationId ? state.interactions.byToken(params.token ?? '') : undefined;
    if (!record?.ack) throw errors.unknownWebhook();
    if (record.expired) throw errors.invalidWebhookToken();
    return record;
  }

  function webhookMessage(request: RouteRequest): FakeMessage {
    const record = webhookInteraction(request);
    const id = request.params.message ?? '@original';
    const messageId = id === '@original' ? record.originalId : id;
    const owned = messageId !== undefined && (messageId === record.originalId || record.followUpIds.includes(messageId));
    return (owned ? state.messages.find(messageId) : undefined) ?? raise(errors.unknownMessage());
  }

  function followUp(request: RouteRequest) {
    const record = webhookInteraction(request);
    const body = parseMessageBody(request.body);
    const files = hostUploads(state, request.files);
    // Discord turns the first follow-up after a deferral into the deferred reply itself.
    const original = state.messages.find(record.originalId ?? '');
    if (original?.loading) return json(apiMessage(state.messages.edit(original, body, files)));
    const { channelId, guildId, id: interactionId } = record.handle;
    const message = state.messages.create({ channelId, guildId, body, files, interactionId });
    record.followUpIds.push(message.id);
    return json(apiMessage(message));
  }

  const messageRoutes = ['/webhooks/:app/:token/messages/@original', '/webhooks/:app/:token/messages/:message'].flatMap((pattern) => [
    route('GET', pattern, 'none', (request) => json(apiMessage(webhookMessage(request)))),
    route('PATCH', pattern, 'none', (request) =>
      json(apiMessage(state.messages.edit(webhookMessage(request), parseMessageBody(request.body), hostUploads(state, request.files)))),
    ),
    route('DELETE', pattern, 'none', (request) => {
      state.messages.delete(webhookMessage(request));
      return noContent();
    }),
  ]);

  return [route('POST', '/interactions/:id/:token/callback', 'none', callback), route('POST', '/webhooks/:app/:token', 'none', followUp), ...messageRoutes];
}
