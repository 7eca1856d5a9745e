import type { Interaction } from 'discord.js';
import type { Command } from '../commands/command.js';
import type { AppContext } from '../context.js';
import { UserFacingError } from '../errors.js';
import { replyWithError } from './error-reply.js';
import { assertRegisteredOptions } from './option-checks.js';

/** Routes each interaction to its command, with a child logger per interaction and one error path. */
export function createInteractionRouter(commands: readonly Command[], ctx: AppContext) {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const registered = new Map(commands.map((command) => [command.data.name, command.data.toJSON()]));
  const byPrefix = new Map(commands.flatMap((command) => command.components ?? []).map((route) => [route.prefix, route]));
  const terraformRoutes = new Set(commands.filter((c) => c.needsTerraform).flatMap((c) => [c.data.name, ...(c.components ?? []).map((r) => r.prefix)]));
  /** Refuses, privately and before any public reply, what needs Terraform while it cannot run. */
  const assertTerraform = async (name: string) => {
    const problem = terraformRoutes.has(name) ? await ctx.terraform.problem() : undefined;
    if (problem) throw new UserFacingError(`Terraform cannot run on the bot's host, so nothing can be deployed or destroyed right now: ${problem} Ask the bot's operator to fix it; the other commands work meanwhile.`);
  };

  return async function route(interaction: Interaction): Promise<void> {
    if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const [prefix = '', argument = ''] = splitOnce(interaction.customId, ':');
      const log = ctx.log.child({ component: prefix, interactionId: interaction.id, userId: interaction.user.id });
      const handler = byPrefix.get(prefix);
      if (!handler) {
        log.warn('interaction for an unknown component (message from an older version?)');
        return;
      }
      await assertTerraform(prefix)
        .then(() => handler.handle(interaction, { ...ctx, log }, argument))
        .catch((error: unknown) => replyWithError(interaction, error, log));
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return;
    const command = byName.get(interaction.commandName);
    const log = ctx.log.child({ command: interaction.commandName, interactionId: interaction.id, userId: interaction.user.id });
    if (!command) {
      log.warn('interaction for an unknown command (stale registration?)');
      return;
    }
    const scoped: AppContext = { ...ctx, log };

    if (interaction.isAutocomplete()) {
      await command.autocomplete?.(interaction, scoped).catch((err: unknown) => log.warn({ err }, 'autocomplete failed'));
      return;
    }
    const started = performance.now();
    try {
      assertRegisteredOptions(registered.get(command.data.name)!, interaction.options.data);
      await assertTerraform(command.data.name);
      await command.execute(interaction, scoped);
      log.debug({ ms: Math.round(performance.now() - started) }, 'command handled');
    } catch (error) {
      await replyWithError(interaction, error, log);
    }
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}
