import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type APIEmbed, type MessageEditOptions, type SendableChannels } from 'discord.js';
import type { Logger } from '../log.js';
import { formatElapsed, renderProgress, type ProgressState, type RunOutcome } from '../terraform/progress/index.js';
import { EditCoalescer } from './edit-coalescer.js';
import { COLORS, fitEmbed } from './embed-style.js';

const OUTCOME_COLORS: Record<RunOutcome, number> = {
  running: COLORS.info, succeeded: COLORS.success, failed: COLORS.danger, cancelled: COLORS.neutral, interrupted: COLORS.warning,
};

export interface ProgressMessageOptions {
  operation: 'apply' | 'destroy';
  /** What is being deployed, e.g. "Compute VM `web` in `my-project` (us-central1)". */
  subject: string;
  ownerId: string;
  /** The Cancel button's custom ID; only the owner's press is honoured (checked by its handler). */
  cancelCustomId: string;
  intervalMs: number;
  log: Logger;
}

/** How a run ended, beyond the progress state: Terraform's outputs, its error in its own words, or what to do next. */
export interface RunEnding {
  outputs?: Record<string, string>;
  error?: string;
  next?: string;
}

/** The part of a discord.js Message this needs, so tests can count edits. */
export interface EditableMessage {
  id: string;
  channelId: string;
  edit(body: MessageEditOptions): Promise<unknown>;
}

type Body = () => MessageEditOptions;

/**
 * The live progress of one Terraform run: a normal channel message, edited with the bot token (an
 * interaction token dies after 15 minutes; clusters and databases take longer), at most once per
 * interval however fast Terraform writes, always ending on the final state.
 */
export class ProgressMessage {
  readonly #coalescer: EditCoalescer<Body>;

  /** Where the message is, to find it again after a restart. */
  readonly location: { channelId: string; messageId: string };

  constructor(message: EditableMessage, private readonly options: ProgressMessageOptions) {
    this.location = { channelId: message.channelId, messageId: message.id };
    this.#coalescer = new EditCoalescer<Body>({
      intervalMs: options.intervalMs,
      edit: async (body) => void (await message.edit(body())),
      onError: (err, attempt) => options.log.warn({ err, attempt }, 'progress message edit failed'),
    });
  }

  /** Posts the message in the channel where the deployment was asked for. */
  static async post(channel: SendableChannels, state: ProgressState, options: ProgressMessageOptions): Promise<ProgressMessage> {
    const message = await channel.send(progressMessageBody(state, 'running', options) as Parameters<SendableChannels['send']>[0]);
    return new ProgressMessage(message, options);
  }

  /** Offers the newest state; `read` is called only when an edit is actually made. */
  update(read: () => ProgressState): void {
    this.#coalescer.update(() => progressMessageBody(read(), 'running', this.options));
  }

  /** Shows the final state (retried through rate limits) and removes the Cancel button. */
  finish(state: ProgressState, outcome: Exclude<RunOutcome, 'running'>, ending: RunEnding = {}): Promise<void> {
    return this.#coalescer.finish(() => progressMessageBody(state, outcome, this.options, ending));
  }

  get edits(): number {
    return this.#coalescer.edits;
  }
}

/** The message for a state: an embed with the bar, the step and the counts, and Cancel while running. */
export function progressMessageBody(state: ProgressState, outcome: RunOutcome, options: ProgressMessageOptions, ending: RunEnding = {}): MessageEditOptions {
  const view = renderProgress(state, outcome, options.operation);
  const lines = [options.subject, `Started by <@${options.ownerId}>`, '', `${view.bar} ${view.counts}`];
  if (view.step) lines.push(view.step);
  if (ending.next) lines.push('', ending.next);
  const embed = new EmbedBuilder()
    .setColor(OUTCOME_COLORS[outcome])
    .setTitle(view.title)
    .setDescription(lines.join('\n'))
    .setFooter({ text: `Elapsed ${formatElapsed(state.elapsedMs)}` });
  const outputs = Object.entries(ending.outputs ?? {});
  if (outputs.length > 0) embed.addFields({ name: 'Outputs', value: fitEmbed(outputs.map(([name, value]) => `**${name}**: \`${value.replace(/`/g, "'")}\``).join('\n')) });
  if (view.details.length > 0) embed.addFields({ name: 'What failed', value: fitEmbed(view.details.join('\n')) });
  if (ending.error) embed.addFields({ name: 'Terraform said', value: fitEmbed(ending.error) });
  const components = outcome === 'running'
    ? [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(options.cancelCustomId).setLabel('Cancel').setEmoji('🛑').setStyle(ButtonStyle.Danger))]
    : [];
  return { embeds: [embed], components };
}

/**
 * What a progress message says once the process that edited it is gone: the run stopped, its state is
 * kept, and how its owner resumes it. No Cancel button: there is nothing left to cancel.
 */
export function interruptedProgressBody(subject: string, operation: 'apply' | 'destroy', ownerId: string): { embeds: APIEmbed[]; components: [] } {
  const noun = operation === 'destroy' ? 'Teardown' : 'Deployment';
  const embed = new EmbedBuilder()
    .setColor(COLORS.warning)
    .setTitle(`⚠️ ${noun} interrupted`)
    .setDescription([subject, `Started by <@${ownerId}>`, '', 'The bot stopped while Terraform was running. What Terraform finished is kept in its state.', resumeHint(ownerId)].join('\n'));
  return { embeds: [embed.toJSON()], components: [] };
}

/** How the owner of an interrupted run picks it up again. */
export function resumeHint(ownerId: string): string {
  return `<@${ownerId}> can get the session back with \`/cloud-recover-session\` and press **Resume** to finish the rest.`;
}
