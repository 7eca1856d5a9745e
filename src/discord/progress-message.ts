import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, DiscordAPIError, EmbedBuilder, RESTJSONErrorCodes, TimestampStyles, time, type APIEmbed, type MessageCreateOptions,
  type MessageEditOptions, type SendableChannels,
} from 'discord.js';
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
  /**
   * Posts a fresh message in the same channel. Discord caps edits of messages older than an hour
   * (30046); with this, the progress continues in a new message instead of freezing.
   */
  continueIn?(body: MessageCreateOptions): Promise<EditableMessage>;
  /** The progress moved to a new message: remember where, to find it again after a restart. */
  onMoved?(location: MessageLocation): void;
  /** Posts a message in the same channel: how the owner is pinged when the run ends (an edit pings no one). */
  notify?(body: MessageCreateOptions): Promise<unknown>;
  /** For links to an earlier message. */
  guildId?: string | null;
  /** A line shown under the counts while it returns one, e.g. the run's place in line for a Terraform slot. */
  note?(): string | undefined;
}

export interface MessageLocation {
  channelId: string;
  messageId: string;
}

/** How a run ended, beyond the progress state: Terraform's outputs, its error in its own words, or what to do next. */
export interface RunEnding {
  outputs?: Record<string, string>;
  /** Terraform's error; shown only when the failures listed do not already say it. */
  error?: string;
  next?: string;
  /** E.g. what exists now and what it costs, what was left undone. */
  fields?: { name: string; value: string }[];
  /** A cancelled run: the "execution halted" errors are the cancel itself, not failures to list. */
  hideFailures?: boolean;
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
  #message: EditableMessage;
  /** The newest way to read the run's state, re-offered at every interval so time moves while Terraform is silent. */
  #read: (() => ProgressState) | undefined;
  #ticker: NodeJS.Timeout | undefined;
  /** What the message shows now: an edit that would change nothing is not sent. */
  #shown: string | undefined;
  #edits = 0;

  constructor(message: EditableMessage, private readonly options: ProgressMessageOptions) {
    this.#message = message;
    this.#coalescer = new EditCoalescer<Body>({
      intervalMs: options.intervalMs,
      edit: (body) => this.#edit(body()),
      onError: (err, attempt) => options.log.warn({ err, attempt }, 'progress message edit failed'),
    });
  }

  /** Where the message is now, to find it again after a restart. */
  get location(): MessageLocation {
    return { channelId: this.#message.channelId, messageId: this.#message.id };
  }

  async #edit(body: MessageEditOptions): Promise<void> {
    const shown = JSON.stringify(body);
    if (shown === this.#shown) return;
    try {
      this.#edits++;
      await this.#message.edit(body);
      this.#shown = shown;
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MaximumNumberOfEditsToMessagesOlderThanOneHourReached) || !this.options.continueIn) throw error;
      const earlier = this.location;
      const link = `https://discord.com/channels/${this.options.guildId ?? '@me'}/${earlier.channelId}/${earlier.messageId}`;
      this.#message = await this.options.continueIn({
        ...(body as MessageCreateOptions),
        content: `⏩ Continued from ${link}: Discord stops edits of messages older than an hour, so the progress goes on here.`,
      });
      this.options.onMoved?.(this.location);
      this.options.log.info({ from: earlier, to: this.location }, 'progress continues in a new message');
    }
  }

  /** Posts the message in the channel where the deployment was asked for. */
  static async post(channel: SendableChannels, state: ProgressState, options: ProgressMessageOptions): Promise<ProgressMessage> {
    const message = await channel.send(progressMessageBody(state, 'running', options) as Parameters<SendableChannels['send']>[0]);
    return new ProgressMessage(message, options);
  }

  /**
   * Offers the newest state; `read` is called only when an edit is actually made. From the first offer
   * on, it is read again at every interval: a resource may take minutes without a line from Terraform,
   * and the elapsed times must still move (the coalescer keeps this within one edit per interval).
   */
  update(read: () => ProgressState): void {
    this.#read = read;
    this.#offer();
    this.#ticker ??= setInterval(() => this.#offer(), this.options.intervalMs).unref();
  }

  #offer(): void {
    const read = this.#read;
    if (read) this.#coalescer.update(() => progressMessageBody(read(), 'running', this.options));
  }

  /** Shows the final state (retried through rate limits) and removes the Cancel button. */
  finish(state: ProgressState, outcome: Exclude<RunOutcome, 'running'>, ending: RunEnding = {}): Promise<void> {
    clearInterval(this.#ticker);
    return this.#coalescer.finish(() => progressMessageBody(state, outcome, this.options, ending));
  }

  /**
   * Pings the owner that the run ended, in a reply to this message: edits notify no one, and a long
   * apply should not need watching. Only the owner is pinged, whatever the text names.
   */
  async notifyOwner(title: string): Promise<void> {
    const { ownerId, subject, notify, log } = this.options;
    if (!notify) return;
    await notify({
      content: `<@${ownerId}> ${title}: ${subject}`,
      allowedMentions: { users: [ownerId] },
      reply: { messageReference: this.#message.id, failIfNotExists: false },
    }).catch((err: unknown) => log.warn({ err }, 'could not ping the owner of a run'));
  }

  /** Makes no further edit: the bot is stopping, and the next process takes the message over. */
  stop(): void {
    clearInterval(this.#ticker);
    this.#coalescer.stop();
  }

  /** Edits sent to Discord (one that would change nothing is not). */
  get edits(): number {
    return this.#edits;
  }
}

/** The message for a state: an embed with the bar, the step and the counts, and Cancel while running. */
export function progressMessageBody(state: ProgressState, outcome: RunOutcome, options: ProgressMessageOptions, ending: RunEnding = {}): MessageEditOptions {
  const view = renderProgress(state, outcome, options.operation);
  const lines = [options.subject, `Started by <@${options.ownerId}>`, '', `${view.bar} ${view.counts}`];
  if (view.step) lines.push(view.step);
  const note = outcome === 'running' ? options.note?.() : undefined;
  if (note) lines.push(note);
  if (view.warnings) lines.push(view.warnings);
  if (ending.next) lines.push('', ending.next);
  const embed = new EmbedBuilder()
    .setColor(OUTCOME_COLORS[outcome])
    .setTitle(view.title)
    .setDescription(lines.join('\n'))
    .setFooter({ text: `Elapsed ${formatElapsed(state.elapsedMs)}` });
  const outputs = Object.entries(ending.outputs ?? {});
  if (outputs.length > 0) embed.addFields({ name: 'Outputs', value: fitEmbed(outputs.map(([name, value]) => `**${name}**: \`${value.replace(/`/g, "'")}\``).join('\n')) });
  const failures = ending.hideFailures ? [] : view.details;
  // Each error once: the failures listed carry Terraform's words, so its whole error is shown only without them.
  if (failures.length > 0) embed.addFields({ name: 'What failed', value: fitEmbed(failures.join('\n')) });
  else if (ending.error) embed.addFields({ name: 'Terraform said', value: fitEmbed(ending.error) });
  for (const field of ending.fields ?? []) embed.addFields({ name: field.name, value: fitEmbed(field.value) });
  return { embeds: [embed], components: outcome === 'running' ? [cancelButtonRow(options.cancelCustomId)] : [] };
}

/** The Cancel button of a run (see run-cancel.ts): on its progress message, and on a plan waiting in line. */
export function cancelButtonRow(customId: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(customId).setLabel('Cancel').setEmoji('🛑').setStyle(ButtonStyle.Danger));
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

/**
 * What the progress message of an interrupted run says once it was resumed: no "press Resume" any more,
 * but where the run goes on, and once the resumed run has ended, how it ended.
 */
export function resumedProgressBody(subject: string, operation: 'apply' | 'destroy', resumedBy: string, resumedAt: number, continuedIn: string, ended?: string): { embeds: APIEmbed[]; components: [] } {
  const noun = operation === 'destroy' ? 'Teardown' : 'Deployment';
  const when = time(new Date(resumedAt), TimestampStyles.RelativeTime);
  const embed = new EmbedBuilder()
    .setColor(COLORS.neutral)
    .setTitle(`⏩ ${noun} resumed`)
    .setDescription([subject, '', `Resumed by <@${resumedBy}> ${when}; the run went on in ${continuedIn}.`, ended ? `It ended: **${ended}**` : 'This message is no longer updated.'].join('\n'));
  return { embeds: [embed.toJSON()], components: [] };
}

/** How the owner of an interrupted run picks it up again. */
export function resumeHint(ownerId: string): string {
  return `<@${ownerId}> can get the session back with \`/cloud-recover-session\` and press **Resume** to finish the rest.`;
}
