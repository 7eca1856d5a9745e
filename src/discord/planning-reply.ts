import { MessageFlags, Routes, type ButtonInteraction, type Client, type ChatInputCommandInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { customId } from '../commands/command.js';
import type { AppContext } from '../context.js';
import type { PhaseListener } from '../deploy/deployment-service.js';
import type { Deployment, DeploymentDetails } from '../deploy/deployment-store.js';
import { deploymentSubject } from './deploy-embeds.js';
import { TerraformError } from '../terraform/terraform-error.js';
import { describeError } from './error-reply.js';
import { cancelButtonRow } from './progress-message.js';
import { queuedNote } from './queue-note.js';
import { cancelRunRoute } from './run-cancel.js';

/** An interaction whose public reply shows planning: the command itself, or a button/select on its message. */
export type FlowInteraction = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

/** What a planning reply is for; after a restart it says which command starts over. */
export type PlanPurpose = NonNullable<DeploymentDetails['planReply']>['purpose'];

const PHASES = { queued: '', init: '⚙️ Preparing Terraform (init)…', plan: '📋 Planning…' };

/**
 * The public reply of a plan in the making. Each phase is shown as it starts, in order; while the plan
 * waits in line for a Terraform slot, Cancel takes it out. However planning ends (a Terraform error, a
 * timeout, a missing binary, a bug), the reply ends in a final state in one line, and the full
 * diagnostic goes privately to the one who asked (a Cancel was answered already). Its location is kept
 * on the deployment until the plan is answered, so a restart can end it too (see interrupted-runs.ts).
 */
export class PlanningReply {
  #edits: Promise<void> = Promise.resolve();
  #deploymentId: string | undefined;
  #location: { channelId: string; messageId: string } | undefined;

  constructor(
    private readonly interaction: FlowInteraction,
    private readonly ctx: AppContext,
    private readonly heading: string,
    private readonly purpose: PlanPurpose,
  ) {}

  /** Runs `plan` with this reply showing its phases; on failure, ends the reply and returns undefined. */
  async run<T>(plan: (onPhase: PhaseListener) => Promise<T>): Promise<T | undefined> {
    try {
      const result = await plan(this.#onPhase);
      await this.#edits;
      return result;
    } catch (error) {
      await this.#fail(error);
      return undefined;
    }
  }

  readonly #onPhase: PhaseListener = (phase, deployment, position) => {
    const first = this.#deploymentId === undefined;
    this.#deploymentId = deployment.id;
    // Chained, so phases show in order and a failure's final state lands after them, never under them.
    this.#edits = this.#edits
      .then(async () => {
        const queued = phase === 'queued';
        const line = queued ? queuedNote(position ?? 1, this.ctx.config.terraform.maxConcurrentRuns) : PHASES[phase];
        const components = queued ? [cancelButtonRow(customId(cancelRunRoute, deployment.id))] : [];
        const message = await this.interaction.editReply({ content: `${this.heading}\n${line}`, embeds: [], components });
        if (!first) return;
        this.#location = { channelId: message.channelId, messageId: message.id };
        this.ctx.deploy.recordDetails(deployment.id, { planReply: { ...this.#location, purpose: this.purpose } });
      })
      .catch((err: unknown) => this.ctx.log.warn({ err, phase }, 'could not show a planning phase'));
  };

  async #fail(error: unknown): Promise<void> {
    await this.#edits;
    if (error instanceof TerraformError && error.failure === 'cancelled') {
      await this.#end({ content: `🛑 ${this.heading}\n${error.message}`, embeds: [], components: [] });
      return;
    }
    const { text, summary } = describeError(error, this.ctx.log);
    await this.#end({ content: `❌ ${this.heading}\nPlanning failed: ${summary}`, embeds: [], components: [] });
    try {
      await this.interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
    } catch (err) {
      this.ctx.log.warn({ err }, 'could not send the planning diagnostic to its owner');
    }
  }

  /** Gives the reply its final state, by the interaction token or, once that has expired, the bot token. */
  async #end(body: { content: string; embeds: []; components: [] }): Promise<void> {
    try {
      await this.interaction.editReply(body).catch((err: unknown) => {
        // Init and plan may outlast the 15-minute interaction token: the bot token can still edit the reply.
        if (!this.#location) throw err;
        return this.interaction.client.rest.patch(Routes.channelMessage(this.#location.channelId, this.#location.messageId), { body });
      });
      if (this.#deploymentId) forgetPlanReply(this.ctx, this.#deploymentId);
    } catch (err) {
      // Left recorded: the next start-up gives it its final state through the channel.
      this.ctx.log.warn({ err }, 'could not end the planning reply');
    }
  }
}

/** The plan's reply reached a state its owner acts on or has answered: a restart need not end it any more. */
export function forgetPlanReply(ctx: Pick<AppContext, 'deploy'>, deploymentId: string): void {
  ctx.deploy.recordDetails(deploymentId, { planReply: undefined });
}

const START_OVER: Record<PlanPurpose, string> = {
  deploy: 'Run `/cloud-deploy-v2` again for a fresh plan.',
  teardown: 'Run `/cloud-destroy` again for a fresh teardown plan.',
  resume: 'Get the session back with `/cloud-recover-session` and press **Resume** again.',
};

/** What a planning or awaiting-approval reply says once the process that showed it is gone. */
export function interruptedPlanBody(subject: string, purpose: PlanPurpose) {
  return {
    content: `🔌 ${subject}\nThe bot restarted before this plan was approved, so nothing was applied and its buttons no longer work. ${START_OVER[purpose]}`,
    embeds: [],
    components: [],
  };
}

/**
 * After a restart, a reply that showed a plan being made, or one awaiting approval, has lost the
 * process behind it (pending approvals live in memory). Each recorded one gets its final state through
 * the channel, with the bot token: the interaction token is gone with the process.
 */
export async function markPlanRepliesInterrupted(client: Client, deployments: readonly Deployment[], ctx: Pick<AppContext, 'deploy' | 'log'>): Promise<void> {
  await Promise.all(deployments.map(async ({ id, details }) => {
    if (!details.planReply) return;
    const { channelId, messageId, purpose } = details.planReply;
    try {
      await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: interruptedPlanBody(deploymentSubject(details, details), purpose) });
    } catch (err) {
      ctx.log.warn({ err, deploymentId: id }, 'could not end a planning reply left by the restart');
    }
    forgetPlanReply(ctx, id);
  }));
}
