import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { AppContext } from '../context.js';

/** The shape every file in src/commands exports as its default. */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void>;
  /** Buttons and selects the command's messages carry. */
  components?: readonly ComponentRoute[];
  /** Runs Terraform: refused, with what is wrong, while TERRAFORM_BIN is not usable (checked by the router). */
  needsTerraform?: boolean;
}

/** Handles the buttons or selects whose custom ID is `${prefix}:${argument}`. */
export interface ComponentRoute {
  prefix: string;
  handle(interaction: ButtonInteraction | StringSelectMenuInteraction, ctx: AppContext, argument: string): Promise<void>;
}

/** The custom ID for a component handled by `route`; Discord allows 100 characters. */
export function customId(route: Pick<ComponentRoute, 'prefix'>, argument: string): string {
  const id = `${route.prefix}:${argument}`;
  if (id.length > 100) throw new Error(`custom ID too long: ${id.length} characters`);
  return id;
}
