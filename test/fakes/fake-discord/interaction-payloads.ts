import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommand,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageComponentGuildInteraction,
  type APIMessageComponentInteractionData,
} from 'discord-api-types/v10';
import { BOT_PERMISSIONS, channelPayload, memberPayload, memberPermissions, rolePayload, userPayload } from './guild-payloads.js';
import type { SlashOption } from './interaction-checks.js';
import type { FakeChannel, FakeGuild, FakeUser } from './model.js';
import { nextSnowflake } from './snowflake.js';

/** Where an interaction happens and who starts it. */
export interface InteractionScene {
  applicationId: string;
  guild: FakeGuild;
  channel: FakeChannel;
  user: FakeUser;
  /** The member's permissions string; default: computed from @everyone and the member's roles. */
  memberPermissions?: string;
}

/** Fields every guild interaction has; discord.js throws without `entitlements` and `authorizing_integration_owners`. */
function envelope<T extends InteractionType>(scene: InteractionScene, type: T) {
  const { guild, channel, user } = scene;
  const permissions = scene.memberPermissions ?? memberPermissions(guild, user);
  return {
    id: nextSnowflake(),
    application_id: scene.applicationId,
    type,
    // Real tokens are long opaque strings; this one is URL-safe as well.
    token: `fake.${randomBytes(48).toString('base64url')}`,
    version: 1 as const,
    guild_id: guild.id,
    guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
    channel_id: channel.id,
    channel: channelPayload(channel, guild.id),
    member: { ...memberPayload(user), permissions },
    app_permissions: BOT_PERMISSIONS,
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

export function slashCommandPayload(
  scene: InteractionScene,
  command: APIApplicationCommand,
  options: SlashOption[],
  attachments: APIAttachment[],
): APIChatInputApplicationCommandGuildInteraction {
  return {
    ...envelope(scene, InteractionType.ApplicationCommand),
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      options: options as APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[],
      ...resolvedFor(scene.guild, options, attachments),
    },
  };
}

export function autocompletePayload(scene: InteractionScene, command: APIApplicationCommand, options: SlashOption[]): APIApplicationCommandAutocompleteGuildInteraction {
  return {
    ...envelope(scene, InteractionType.ApplicationCommandAutocomplete),
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      options: options as APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommandAutocomplete>[],
    },
  };
}

export function componentPayload(scene: InteractionScene, message: APIMessage, data: APIMessageComponentInteractionData): APIMessageComponentGuildInteraction {
  return { ...envelope(scene, InteractionType.MessageComponent), message, data };
}

/** `resolved` holds the full objects behind attachment, user, role and channel option values, which carry only IDs. */
function resolvedFor(guild: FakeGuild, options: SlashOption[], attachments: APIAttachment[]): { resolved?: APIInteractionDataResolved } {
  const flat = options.flatMap(function flatten(o): SlashOption[] {
    return [o, ...(o.options ?? []).flatMap(flatten)];
  });
  const resolved: APIInteractionDataResolved = {};
  for (const option of flat) {
    if (option.type === ApplicationCommandOptionType.Attachment) {
      const attachment = attachments.find((a) => a.id === option.value);
      if (!attachment) throw new Error(`attachment option "${option.name}" refers to ${String(option.value)}, which is not in \`attachments\``);
      (resolved.attachments ??= {})[attachment.id] = attachment;
    }
    if (option.type === ApplicationCommandOptionType.User) {
      const user = guild.members.find((m) => m.id === option.value);
      if (!user) throw new Error(`user option "${option.name}" refers to ${String(option.value)}, who is not a member of ${guild.name}`);
      (resolved.users ??= {})[user.id] = userPayload(user);
      const { user: _user, ...member } = memberPayload(user);
      (resolved.members ??= {})[user.id] = { ...member, permissions: memberPermissions(guild, user) };
    }
    if (option.type === ApplicationCommandOptionType.Role) {
      const at = (guild.roles ?? []).findIndex((r) => r.id === option.value);
      if (at < 0) throw new Error(`role option "${option.name}" refers to ${String(option.value)}, which is not a role of ${guild.name}`);
      (resolved.roles ??= {})[guild.roles![at]!.id] = rolePayload(guild.roles![at]!, at + 1);
    }
    if (option.type === ApplicationCommandOptionType.Channel) {
      const channel = guild.channels.find((c) => c.id === option.value);
      if (!channel) throw new Error(`channel option "${option.name}" refers to ${String(option.value)}, which is not a channel of ${guild.name}`);
      const { id, name, type } = channelPayload(channel, guild.id);
      (resolved.channels ??= {})[id] = { id, name, type, permissions: BOT_PERMISSIONS };
    }
  }
  return Object.keys(resolved).length ? { resolved } : {};
}
