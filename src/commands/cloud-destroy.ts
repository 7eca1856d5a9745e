import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { excerpt } from '../cloud/providers.js';
import { RESOURCE_KIND_LABELS } from '../cloud/resource-kinds.js';
import { deploymentEvent } from '../audit/audit-log.js';
import type { AppContext } from '../context.js';
import type { Deployment } from '../deploy/deployment-store.js';
import { deploymentSubject } from '../discord/deploy-embeds.js';
import { askApproval } from '../discord/deploy-flow.js';
import { actorOf } from '../discord/plan-approval.js';
import { forgetPlanReply, PlanningReply } from '../discord/planning-reply.js';
import { requireSession } from '../discord/session-lookup.js';
import { mentionRoles } from '../policy/approvals.js';
import { mayDestroy } from '../policy/policy.js';
import { refusal, UserFacingError } from '../errors.js';
import type { Command } from './command.js';

/** Deployments that may still own cloud resources. */
const TEARABLE: ReadonlySet<Deployment['status']> = new Set(['COMPLETED', 'FAILED', 'INTERRUPTED', 'CANCELLED']);

/** One with resources in its state stays destroyable whatever its status says (a retried plan, say). */
const isTearable = (d: Deployment) => d.status !== 'DESTROYED' && (TEARABLE.has(d.status) || d.details.resources.length > 0);

export const data = new SlashCommandBuilder()
  .setName('cloud-destroy')
  .setDescription('Tear down what the bot deployed in a project, after you confirm (no zombie resources)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) => o.setName('project_id').setDescription('The project of one of your live sessions').setRequired(true).setMaxLength(64))
  .addStringOption((o) => o.setName('name').setDescription('Which deployment, when the project has several').setMaxLength(63));

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('Deployments belong to a server; use this command in one.');
  const session = requireSession(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, interaction.options.getString('project_id', true));
  const candidates = ctx.deployments.listForSession(session).filter(isTearable);
  const name = interaction.options.getString('name')?.trim();
  const chosen = name ? candidates.filter((d) => d.details.name === name) : candidates;
  if (chosen.length === 0) {
    throw new UserFacingError(name ? `No deployment named \`${excerpt(name)}\` in project \`${session.projectId}\` has anything to tear down.` : `The bot has deployed nothing in project \`${session.projectId}\` that is still up.`);
  }
  if (chosen.length > 1) {
    const list = chosen.map((d) => `• \`${d.details.name}\` (${RESOURCE_KIND_LABELS[d.details.kind]}, ${d.status.toLowerCase()})`).join('\n');
    throw new UserFacingError(`Project \`${session.projectId}\` has several deployments; say which with \`name\`:\n${list}`);
  }
  const deployment = chosen[0]!;
  const policy = ctx.policies.get(interaction.guildId);
  if (!mayDestroy(policy, actorOf(interaction), deployment.userId)) {
    throw refusal(deployment.userId === interaction.user.id
      ? 'Tearing down needs the permission or role this server asks for to deploy, and you do not have it.'
      : `\`${deployment.details.name}\` belongs to <@${deployment.userId}>: only they${policy.destroyRoles.length ? ` or members with ${mentionRoles(policy.destroyRoles)}` : ''} can tear it down.`);
  }
  ctx.deploy.assertCredentials(session);
  ctx.deploy.assertProjectFree(session);
  ctx.audit.record(deploymentEvent(deployment, interaction.user.id, 'destroy.requested'));

  await interaction.deferReply();
  const subject = deploymentSubject(session, deployment.details);
  const planned = await new PlanningReply(interaction, ctx, `🧹 Teardown of ${subject}`, 'teardown').run((onPhase) => ctx.deploy.planDestroy(deployment, session, onPhase));
  if (!planned) return;
  if (planned.tracker.state().total === 0) {
    forgetPlanReply(ctx, deployment.id);
    const latest = ctx.deployments.get(deployment.id) ?? deployment;
    ctx.deployments.save({ ...latest, status: 'DESTROYED', details: { ...latest.details, resources: [] } });
    await interaction.editReply(`✅ ${subject} has nothing left to tear down.`);
    return;
  }
  await askApproval(interaction, ctx, { planned, sessionId: session.id, subject }, session);
}

export default { data, execute, needsTerraform: true } satisfies Command;
