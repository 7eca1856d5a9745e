import {
  ApplicationCommandOptionType, type APIApplicationCommandOption, type CommandInteractionOption, type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserFacingError } from '../errors.js';

/**
 * Holds a command's options to what it registered: required options present, numbers within their
 * range, strings within their length, values among their choices. Discord's client enforces these, but
 * a stale registration or a forged interaction does not, so the handler must not trust them. Every
 * problem is named in one message, which never echoes a value longer than a number.
 */
export function assertRegisteredOptions(command: RESTPostAPIChatInputApplicationCommandsJSONBody, given: readonly CommandInteractionOption[]): void {
  const values = new Map(given.map((option) => [option.name, option]));
  const problems = (command.options ?? []).flatMap((registered) => problemsOf(registered, values.get(registered.name)));
  if (problems.length === 1) throw new UserFacingError(`${problems[0]!}.`);
  if (problems.length > 1) throw new UserFacingError(`Please fix these:\n${problems.map((p) => `• ${p}`).join('\n')}`);
}

function problemsOf(registered: APIApplicationCommandOption, given: CommandInteractionOption | undefined): string[] {
  const name = `\`${registered.name}\``;
  if (given === undefined || given.value === undefined && given.attachment === undefined) {
    return registered.required ? [`The required option ${name} is missing (if your Discord shows an older version of this command, reload it)`] : [];
  }
  const value = given.value;
  switch (registered.type) {
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string') return [`${name} must be text`];
      const { min_length: min = 0, max_length: max = 6000 } = registered;
      if (value.length < min || value.length > max) {
        return [`${name} must be ${min > 0 ? `${min}-${max}` : `at most ${max}`} characters long (it has ${value.length})`];
      }
      return notAChoice(registered.choices, value, name);
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      if (typeof value !== 'number' || !Number.isFinite(value) || (registered.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))) {
        return [`${name} must be a${registered.type === ApplicationCommandOptionType.Integer ? ' whole' : ''} number`];
      }
      const { min_value: min, max_value: max } = registered;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        return [`${name} must be ${min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`} (it is ${value})`];
      }
      return notAChoice(registered.choices, value, name);
    }
    default:
      return [];
  }
}

function notAChoice(choices: readonly { value: string | number }[] | undefined, value: string | number, name: string): string[] {
  if (!choices?.length || choices.some((choice) => choice.value === value)) return [];
  return [`${name} must be one of ${choices.map((choice) => `\`${choice.value}\``).join(', ')}`];
}
