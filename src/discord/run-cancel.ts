import { MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { deploymentEvent } from '../audit/audit-log.js';
import type { ComponentRoute } from '../commands/command.js';
import type { AppContext } from '../context.js';
import type { Deployment } from '../deploy/deployment-store.js';
import { mayDeploy, mayDestroy } from '../policy/policy.js';
import { ANSWER_MARKS } from './embed-style.js';
import { actorOf, refusePrivately } from './plan-approval.js';

/**
 * The Cancel button of a run: on a running apply, SIGINT to Terraform (a second press stops it at once);
 * on a plan or an apply still waiting for a Terraform slot, it takes it out of line.
 */
export const cancelRunRoute: ComponentRoute = {
  prefix: 'run-cancel',
  async handle(interaction, ctx, deploymentId) {
    const deployment = ctx.deployments.get(deploymentId);
    // Its owner must still be allowed to deploy (or, for a teardown, to tear this one down); others are told whose it is below.
    if (deployment && deployment.guildId === interaction.guildId && deployment.userId === interaction.user.id && !stillAllowed(ctx, interaction, deployment)) {
      return refusePrivately(interaction, 'You no longer have the permission or role this server asks for, so you cannot cancel this run.');
    }
    // A teardown may be someone else's than the deployment's: the refusal names whose run it is.
    const owner = ctx.deploy.runStartedBy(deploymentId) ?? deployment?.userId;
    const result = ctx.deploy.cancel(deploymentId, interaction.user.id);
    if ((result === 'cancelling' || result === 'left-queue') && deployment) ctx.audit.record(deploymentEvent(deployment, interaction.user.id, 'run.cancelled'));
    const answers = {
      cancelling: '🛑 Cancelling: Terraform is stopping gracefully and saving its state. Press Cancel again to stop it at once.',
      'left-queue': '🛑 Cancelled while waiting in line: Terraform never started, and nothing was changed.',
      'not-running': 'ℹ️ This run is not in progress any more.',
      'not-yours': `${ANSWER_MARKS.refusal} Only <@${owner ?? 'the person who started it'}> can cancel this run.`,
      'nothing-left': '✅ Nothing left to cancel: Terraform has made every change and is only saving its state; the progress message shows the end in a moment.',
    };
    await interaction.reply({ content: answers[result], flags: MessageFlags.Ephemeral });
  },
};

/** The presser may still act on this deployment under the server's policy, with their roles now. */
export function stillAllowed(ctx: AppContext, interaction: ButtonInteraction | StringSelectMenuInteraction, deployment: Deployment): boolean {
  const policy = ctx.policies.get(deployment.guildId);
  const actor = actorOf(interaction);
  return deployment.details.operation === 'destroy' ? mayDestroy(policy, actor, deployment.userId) : mayDeploy(policy, actor);
}

