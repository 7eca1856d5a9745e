import { ApplicationCommandOptionType, ComponentType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import type { FakeMessage } from './model.js';

/**
 * An option as a test writes it; `type` is a plain number (3 = string, 11 = attachment, ...) so tables of
 * options need no casts. Subcommands carry their own `options`.
 */
export interface SlashOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: SlashOption[];
  /** Autocomplete only: the option the user is typing in. */
  focused?: boolean;
}

const NESTING = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/**
 * Discord's client only sends what the registered command allows, so an interaction the real one could
 * not produce is a test mistake or a registration bug: both should fail loudly, here.
 */
export function checkOptions(commandName: string, defined: readonly APIApplicationCommandOption[], given: readonly SlashOption[], partial = false): void {
  const where = `/${commandName}`;
  for (const option of given) {
    const definition = defined.find((d) => d.name === option.name);
    if (!definition) {
      throw new Error(`${where} has no option "${option.name}"; registered: ${defined.map((d) => d.name).join(', ') || 'none'}`);
    }
    if (definition.type !== option.type) {
      throw new Error(`${where} option "${option.name}" is registered with type ${definition.type}, the interaction has type ${option.type}`);
    }
    if (NESTING.has(option.type)) {
      const nested = 'options' in definition ? (definition.options ?? []) : [];
      checkOptions(`${commandName} ${option.name}`, nested, option.options ?? [], partial);
      continue;
    }
    const choices = 'choices' in definition ? definition.choices : undefined;
    if (!partial && choices?.length && !choices.some((c) => c.value === option.value)) {
      throw new Error(`${where} option "${option.name}" must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
    }
  }
  if (partial) return;
  const missing = defined.filter((d) => 'required' in d && d.required && !given.some((o) => o.name === d.name));
  if (missing.length) throw new Error(`${where} is missing required options: ${missing.map((d) => d.name).join(', ')}`);
}

interface ComponentNode {
  type: number;
  custom_id?: string;
  options?: { value: string; default?: boolean }[];
  min_values?: number;
  max_values?: number;
  components?: ComponentNode[];
  accessory?: ComponentNode;
}

/** Finds the component a user could click on `message`, or throws: Discord only sends interactions for real ones. */
export function findComponent(message: FakeMessage, customId: string, type: ComponentType): ComponentNode {
  const queue = [...(message.components as ComponentNode[])];
  for (let node = queue.shift(); node; node = queue.shift()) {
    if (node.custom_id === customId) {
      if (node.type !== type) throw new Error(`component "${customId}" on message ${message.id} has type ${node.type}, not ${type}`);
      return node;
    }
    queue.push(...(node.components ?? []), ...(node.accessory ? [node.accessory] : []));
  }
  throw new Error(`message ${message.id} has no component with custom_id "${customId}"`);
}

/** A user can only pick offered values, and as many as the select allows. */
export function checkSelectValues(select: ComponentNode, values: readonly string[]): void {
  const offered = new Set(select.options?.map((o) => o.value));
  const unknown = values.filter((v) => !offered.has(v));
  if (unknown.length) throw new Error(`select "${select.custom_id}" offers no value ${unknown.join(', ')}`);
  const [min, max] = [select.min_values ?? 1, select.max_values ?? 1];
  if (values.length < min || values.length > max) throw new Error(`select "${select.custom_id}" takes ${min}-${max} values, got ${values.length}`);
  // The real client sends an interaction only when the selection changes: re-picking the preselected options sends nothing.
  const preselected = (select.options ?? []).filter((o) => o.default).map((o) => o.value);
  if (preselected.length > 0 && preselected.length === values.length && values.every((v) => preselected.includes(v))) {
    throw new Error(`select "${select.custom_id}": picking the preselected ${values.join(', ')} changes nothing, so Discord's client would send no interaction`);
  }
}
