import { ComponentType, GatewayDispatchEvents, type APIAttachment } from 'discord-api-types/v10';
import { userPayload } from './guild-payloads.js';
import { checkOptions, checkSelectValues, findComponent, type SlashOption } from './interaction-checks.js';
import { autocompletePayload, componentPayload, slashCommandPayload, type InteractionScene } from './interaction-payloads.js';
import type { GuildInteraction } from './interaction-store.js';
import { now, toApiMessage } from './message-store.js';
import type { FakeMessage, FakeUser, InteractionHandle } from './model.js';
import type { FakeState } from './state.js';

/** Who runs a command where; defaults: the first guild, its first channel, its first member. */
export interface SceneInput {
  user?: Pick<FakeUser, 'id'>;
  guildId?: string;
  channelId?: string;
  /** The member's permissions string, e.g. to test a command restricted to admins. */
  memberPermissions?: string;
}

export interface SlashCommandInput extends SceneInput {
  name: string;
  options?: SlashOption[];
  /** Attachments that `type: 11` options refer to by `value: attachment.id` (see `FakeDiscord.hostFile`). */
  attachments?: APIAttachment[];
  /**
   * Sends the options as given, without the checks Discord's client makes against the registration:
   * what a stale registration (a client that still shows last version's options) or a forged request sends.
   */
  unchecked?: boolean;
}

export interface AutocompleteInput extends SceneInput {
  name: string;
  /** Exactly one with `focused: true`: what the user is typing in. */
  options: SlashOption[];
}

export interface ComponentInput {
  /** A message the bot sent (a reply, follow-up or channel message) that carries the component. */
  message: Pick<FakeMessage, 'id'>;
  customId: string;
  user?: Pick<FakeUser, 'id'>;
}

export interface SelectInput extends ComponentInput {
  values: string[];
}

/** Builds interactions the way Discord's client would allow them, and dispatches them on the gateway. */
export class InteractionSender {
  constructor(
    private readonly state: FakeState,
    private readonly whenReady: () => Promise<void>,
    private readonly dispatch: (event: string, data: unknown) => void,
  ) {}

  async slashCommand(input: SlashCommandInput): Promise<InteractionHandle> {
    const scene = this.scene(input);
    const command = this.command(input.name, scene.guild.id);
    const options = input.options ?? [];
    if (!input.unchecked) checkOptions(input.name, command.options ?? [], options);
    return this.send(slashCommandPayload(scene, command, options, input.attachments ?? []), scene);
  }

  async autocomplete(input: AutocompleteInput): Promise<InteractionHandle> {
    const scene = this.scene(input);
    const command = this.command(input.name, scene.guild.id);
    checkOptions(input.name, command.options ?? [], input.options, true);
    const all = input.options.flatMap(function flatten(o): SlashOption[] {
      return [o, ...(o.options ?? []).flatMap(flatten)];
    });
    if (all.filter((o) => o.focused).length !== 1) throw new Error(`autocomplete for /${input.name} needs exactly one option with focused: true`);
    return this.send(autocompletePayload(scene, command, input.options), scene);
  }

  async button(input: ComponentInput): Promise<InteractionHandle> {
    const message = this.message(input.message.id);
    findComponent(message, input.customId, ComponentType.Button);
    const scene = this.scene({ user: input.user, guildId: message.guildId, channelId: message.channelId });
    return this.send(componentPayload(scene, this.apiMessage(message), { custom_id: input.customId, component_type: ComponentType.Button }), scene);
  }

  async select(input: SelectInput): Promise<InteractionHandle> {
    const message = this.message(input.message.id);
    checkSelectValues(findComponent(message, input.customId, ComponentType.StringSelect), input.values);
    const scene = this.scene({ user: input.user, guildId: message.guildId, channelId: message.channelId });
    const data = { custom_id: input.customId, component_type: ComponentType.StringSelect as const, values: input.values };
    return this.send(componentPayload(scene, this.apiMessage(message), data), scene);
  }

  private async send(payload: GuildInteraction, scene: InteractionScene): Promise<InteractionHandle> {
    // Sent only to a connected, identified client, as Discord would; otherwise it would vanish unseen.
    await this.whenReady();
    const record = this.state.interactions.add(payload, scene.channel.id, now());
    this.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return record.handle;
  }

  private scene({ user, guildId, channelId, memberPermissions }: SceneInput): InteractionScene {
    const guild = guildId ? this.state.guilds.find((g) => g.id === guildId) : this.state.guilds[0];
    if (!guild) throw new Error(`the bot is in no guild ${guildId}; guilds: ${this.state.guilds.map((g) => g.id).join(', ')}`);
    const channel = channelId ? guild.channels.find((c) => c.id === channelId) : guild.channels[0];
    if (!channel) throw new Error(`guild ${guild.id} has no channel ${channelId}`);
    const member = user ? guild.members.find((m) => m.id === user.id) : guild.members[0];
    if (!member) throw new Error(`${user?.id ?? 'nobody'} is not a member of guild ${guild.id}`);
    return { applicationId: this.state.applicationId, guild, channel, user: member, memberPermissions };
  }

  private command(name: string, guildId: string) {
    const command = this.state.commands.find(name, guildId);
    // Discord shows a user only the guild's own and the global commands.
    if (!command) throw new Error(`/${name} is not registered for guild ${guildId} nor globally (${this.state.commands.summary()})`);
    return command;
  }

  private message(id: string): FakeMessage {
    const message = this.state.messages.find(id);
    if (!message) throw new Error(`message ${id} does not exist (or was deleted): components can only be used on the bot's live messages`);
    return message;
  }

  private apiMessage(message: FakeMessage) {
    return toApiMessage(message, userPayload(this.state.botUser), this.state.applicationId);
  }
}
