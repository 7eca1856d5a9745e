import { ApplicationCommandType, type APIApplicationCommand, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { z } from 'zod';
import { nextSnowflake } from './snowflake.js';
import { parseOrThrow } from './validation.js';

// Discord's rules for names (lowercase, 1-32 word characters) and descriptions, checked on registration.
const name = z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u, { error: 'Command name is invalid' }).refine((n) => n === n.toLowerCase(), { error: 'Command name must be lowercase' });
const description = z.string().min(1, { error: 'Must be between 1 and 100 in length.' }).max(100, { error: 'Must be between 1 and 100 in length.' });

type OptionInput = { name: string; options?: OptionInput[] };
const optionSchema: z.ZodType<OptionInput> = z.lazy(() =>
  z.looseObject({
    type: z.number().int().min(1).max(11),
    name,
    description,
    choices: z.array(z.looseObject({ name: z.string().min(1).max(100) })).max(25).optional(),
    options: z.array(optionSchema).max(25).optional(),
  }),
);
const commandSchema = z.looseObject({
  name,
  type: z.number().int().optional(),
  description: description.optional(),
  options: z.array(optionSchema).max(25).optional(),
});
const bulkSchema = z.array(commandSchema).max(100, { error: 'Must be 100 or fewer in length.' });

const GLOBAL = 'global';

/** Registered application commands, per scope (global or one guild), as bulk overwrites leave them. */
export class CommandStore {
  private readonly scopes = new Map<string, APIApplicationCommand[]>();

  constructor(private readonly applicationId: string) {}

  /** `PUT .../commands`: replaces the scope's commands; a command keeps its ID across overwrites, as on Discord. */
  overwrite(guildId: string | undefined, body: unknown): APIApplicationCommand[] {
    const inputs = parseOrThrow(bulkSchema, body);
    const previous = this.list(guildId);
    const commands = inputs.map((input): APIApplicationCommand => {
      const type = input.type ?? ApplicationCommandType.ChatInput;
      const kept = previous.find((c) => c.name === input.name && c.type === type);
      return {
        ...input,
        id: kept?.id ?? nextSnowflake(),
        application_id: this.applicationId,
        ...(guildId ? { guild_id: guildId } : {}),
        type,
        description: input.description ?? '',
        options: input.options as APIApplicationCommandOption[] | undefined,
        default_member_permissions: null,
        version: nextSnowflake(),
      };
    });
    this.scopes.set(guildId ?? GLOBAL, commands);
    return commands;
  }

  /** The commands of one guild, or the global ones when `guildId` is undefined. */
  list(guildId?: string): APIApplicationCommand[] {
    return this.scopes.get(guildId ?? GLOBAL) ?? [];
  }

  /** Every scope's command names, for error messages: `guild 123: a, b; global: c`. */
  summary(): string {
    const scopes = [...this.scopes].map(([scope, commands]) => `${scope === GLOBAL ? 'global' : `guild ${scope}`}: ${commands.map((c) => c.name).join(', ') || '(none)'}`);
    return scopes.join('; ') || 'no commands registered yet';
  }

  /** What a user in `guildId` can invoke under `name`: the guild's command first, else the global one. */
  find(name: string, guildId: string): APIApplicationCommand | undefined {
    const isNamed = (c: APIApplicationCommand) => c.name === name && c.type === ApplicationCommandType.ChatInput;
    return this.list(guildId).find(isNamed) ?? this.list().find(isNamed);
  }
}
