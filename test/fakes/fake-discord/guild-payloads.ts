import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  PermissionFlagsBits,
  type APIGuildMember,
  type GuildMemberFlags,
  type RoleFlags,
  type APIGuildTextChannel,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import type { FakeChannel, FakeGuild, FakeRole, FakeUser } from './model.js';

const bits = (...flags: bigint[]) => flags.reduce((all, flag) => all | flag, 0n).toString();

/** What @everyone may do in the fake's guilds: an ordinary member, no moderation rights. */
export const MEMBER_PERMISSIONS = bits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.UseApplicationCommands,
);

/** The bot's own permissions in each channel (`app_permissions` of interactions). */
export const BOT_PERMISSIONS = bits(BigInt(MEMBER_PERMISSIONS), PermissionFlagsBits.ManageMessages, PermissionFlagsBits.SendMessagesInThreads);

/** The ISO date every fake member joined at; any fixed date will do. */
const JOINED_AT = '2024-01-01T00:00:00.000Z';

export function userPayload(user: FakeUser): APIUser {
  return { id: user.id, username: user.username, discriminator: '0', global_name: user.globalName ?? null, avatar: null, bot: user.bot ?? false };
}

export function memberPayload(user: FakeUser): APIGuildMember {
  return { user: userPayload(user), roles: user.roles ?? [], joined_at: JOINED_AT, deaf: false, mute: false, flags: 0 as GuildMemberFlags, nick: null, avatar: null, premium_since: null, pending: false };
}

export function channelPayload(channel: FakeChannel, guildId: string, position = 0): APIGuildTextChannel<ChannelType.GuildText> {
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
  };
}

function everyoneRole(guildId: string): APIRole {
  return {
    id: guildId, // @everyone shares the guild's ID, as on Discord.
    name: '@everyone',
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: 0,
    permissions: MEMBER_PERMISSIONS,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export function rolePayload(role: FakeRole, position: number): APIRole {
  return { ...everyoneRole(role.id), name: role.name, position, permissions: role.permissions ?? '0' };
}

/**
 * A member's guild-level permissions, as Discord computes them for `member.permissions` in an
 * interaction: @everyone's, plus each of the member's roles'; Administrator grants everything.
 */
export function memberPermissions(guild: FakeGuild, user: FakeUser): string {
  const granted = (user.roles ?? []).reduce((all, id) => all | BigInt(guild.roles?.find((r) => r.id === id)?.permissions ?? '0'), BigInt(MEMBER_PERMISSIONS));
  return (granted & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : granted).toString();
}

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, flag) => all | flag, 0n);

/** GUILD_CREATE as sent after READY: without roles, channels and members discord.js caches too little. */
export function guildCreatePayload(guild: FakeGuild, bot: FakeUser): GatewayGuildCreateDispatchData {
  const members = [...guild.members, bot].map(memberPayload);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.members[0]?.id ?? bot.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [everyoneRole(guild.id), ...(guild.roles ?? []).map((role, i) => rolePayload(role, i + 1))],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: JOINED_AT,
    large: false,
    member_count: members.length,
    members,
    channels: guild.channels.map((channel, i) => channelPayload(channel, guild.id, i)),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
