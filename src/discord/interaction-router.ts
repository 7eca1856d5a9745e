import type { Interaction } from 'discord.js';
import type { Command } from '../commands/command.js';
import type { AppContext } from '../context.js';
import { replyWithError } from './error-reply.js';

/** Routes each interaction to its command, with a child logger per interaction and one error path. */
export function createInteractionRouter(commands: readonly Command[], ctx: AppContext) {
  const byName = new Map(commands.map((command) => [command.data.name, command]));

  return async function route(interaction: Interaction): Promise<void> {
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
      await command.execute(interaction, scoped);
      log.debug({ ms: Math.round(performance.now() - started) }, 'command handled');
    } catch (error) {
      await replyWithError(interaction, error, log);
    }
  };
}
