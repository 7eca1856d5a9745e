import {
  InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { DEFAULT_K8S_NODE_COUNT, isSizedKind, MAX_K8S_NODE_COUNT, RESOURCE_KIND_LABELS, RESOURCE_KINDS, type ResourceKind } from '../cloud/resource-kinds.js';
import { excerpt } from '../cloud/providers.js';
import type { AppContext, ChoiceAnswer, PendingChoice } from '../context.js';
import type { ApprovalClaim } from '../deploy/pending-approvals.js';
import type { Deployment } from '../deploy/deployment-store.js';
import { defaultMachineType, offeredMachineTypes, validateMachineType } from '../deploy/machine-types.js';
import { defaultResourceName, validateResourceName } from '../deploy/resource-names.js';
import { deploymentSubject, machineTypeMenu, resumeButton } from '../discord/deploy-embeds.js';
import { deployFlowRoutes, planAndAsk, resumeRoute } from '../discord/deploy-flow.js';
import { expireWithSession } from '../discord/expiring-messages.js';
import { actorOf, expiredText } from '../discord/plan-approval.js';
import { requireSession } from '../discord/session-lookup.js';
import { mentionRoles } from '../policy/approvals.js';
import { mayDeploy } from '../policy/policy.js';
import { UserFacingError, validOrThrow } from '../errors.js';
import type { Session } from '../vault/session.js';
import { customId, type Command, type ComponentRoute } from './command.js';

export const data = new SlashCommandBuilder()
  .setName('cloud-deploy-v2')
  .setDescription('Plan a cloud resource with Terraform, see what it costs, approve it and watch it deploy')
  .setContexts(InteractionContextType.Guild)
  // It creates billable infrastructure: server managers only, unless the server grants it to others.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) => o.setName('project_id').setDescription('The project of one of your live sessions').setRequired(true).setMaxLength(64))
  .addStringOption((o) =>
    o.setName('resource_type').setDescription('What to deploy').setRequired(true)
      .addChoices(...RESOURCE_KINDS.map((kind) => ({ name: `${kind} (${RESOURCE_KIND_LABELS[kind]})`, value: kind }))))
  .addStringOption((o) => o.setName('machine_type').setDescription('VM or node size, or database tier; leave empty to pick from a priced list').setMaxLength(64).setAutocomplete(true))
  .addStringOption((o) => o.setName('name').setDescription('Resource name (default: from the project name)').setMaxLength(63))
  .addIntegerOption((o) => o.setName('node_count').setDescription(`Kubernetes nodes (default ${DEFAULT_K8S_NODE_COUNT})`).setMinValue(1).setMaxValue(MAX_K8S_NODE_COUNT));

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('Deployments belong to a server; use this command in one.');
  assertMayDeploy(ctx, interaction);
  const session = requireSession(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, interaction.options.getString('project_id', true));
  const kind = interaction.options.getString('resource_type', true) as ResourceKind;
  if (!RESOURCE_KINDS.includes(kind)) throw new UserFacingError(`Unknown resource type; choose one of ${RESOURCE_KINDS.join(', ')}.`);
  const nodeCount = interaction.options.getInteger('node_count') ?? undefined;
  if (nodeCount !== undefined && kind !== 'k8s') throw new UserFacingError('`node_count` is for Kubernetes clusters (`resource_type: k8s`) only.');

  const interrupted = interruptedDeployment(ctx, session, kind, interaction.options.getString('name'));
  if (interrupted) {
    await interaction.reply({
      content: `⏸️ The last deployment of ${deploymentSubject(session, interrupted.details)} was interrupted before it finished. Resume it to pick up where it left off: Terraform re-plans what is missing and creates only that.`,
      components: [resumeButton(customId(resumeRoute, interrupted.id))],
      flags: MessageFlags.Ephemeral,
    });
    return;
  }

  const name = validOrThrow(validateResourceName(session.provider, kind, interaction.options.getString('name') ?? defaultResourceName(session.provider, kind, session.projectName)));
  // Refused privately, before the public reply and before anything is planned.
  ctx.deploy.assertCredentials(session);
  ctx.deploy.assertProjectFree(session);
  const typed = interaction.options.getString('machine_type');

  await interaction.deferReply();
  if (isSizedKind(kind) && !typed) {
    await offerMachineTypes(interaction, ctx, session, { sessionId: session.id, kind, name, ...(nodeCount ? { nodeCount } : {}) });
    return;
  }
  const machineType = typed && isSizedKind(kind) ? validOrThrow(validateMachineType(session.provider, kind, typed)) : undefined;
  if (typed && !machineType) throw new UserFacingError('A bucket has no machine type; leave `machine_type` empty.');
  await planAndAsk(interaction, ctx, { session, kind, name, ...(machineType ? { machineType } : {}), ...(nodeCount ? { nodeCount } : {}) });
}

/** Without a machine type: a menu of the catalog's types for this provider and region, each with its monthly price. */
async function offerMachineTypes(interaction: ChatInputCommandInteraction, ctx: AppContext, session: Session, choice: PendingChoice): Promise<void> {
  const kind = choice.kind as Exclude<ResourceKind, 'bucket'>;
  const options = validOrThrow(ctx.advisor.listMachineTypes(session.provider, session.region, kind, choice.nodeCount));
  const id = ctx.pendingChoices.add(session.userId, session.expiresAt, choice);
  // An unpriced region still deploys; the menu then says why it shows no prices.
  const prices = options.some((o) => o.monthlyUsd !== undefined)
    ? `monthly on-demand prices for ${session.region}, with the disk, IP address and fees the template bills`
    : `no price estimate: the bot's price list does not cover ${session.region} yet`;
  const subject = deploymentSubject(session, choice);
  const message = await interaction.editReply({
    content: `${subject}\nChoose a size (${prices}):`,
    components: [machineTypeMenu(customId(chooseTypeRoute, id), options, defaultMachineType(session.provider, kind))],
  });
  expireWithSession(ctx, interaction.client, message, session.expiresAt, () => ctx.pendingChoices.expire(id), () => ({
    content: `${subject}\n⌛ ${expiredText('This choice', session.expiresAt)}`, components: [],
  }));
}

const chooseTypeRoute: ComponentRoute = {
  prefix: 'deploy-type',
  async handle(interaction, ctx, id) {
    if (!interaction.isStringSelectMenu()) return;
    const picked = interaction.values[0] ?? '';
    const claim = ctx.pendingChoices.claim(id, interaction.user.id, { machineType: picked });
    if (!claim.ok) return answerGoneChoice(interaction, claim);
    const choice = claim.value;
    if (interaction.inGuild()) assertMayDeploy(ctx, interaction);
    const session = ctx.vault.get(choice.sessionId);
    if (!session) throw new UserFacingError('Your session has ended, so nothing was planned; start a new one with `/cloud-init`, then run `/cloud-deploy-v2` again.');
    const kind = choice.kind as Exclude<ResourceKind, 'bucket'>;
    const machineType = validOrThrow(validateMachineType(session.provider, kind, picked));
    await interaction.update({ content: `${deploymentSubject(session, choice)}\n→ Selected: \`${machineType}\``, components: [] });
    await planAndAsk(interaction, ctx, { session, kind: choice.kind, name: choice.name, machineType, ...(choice.nodeCount ? { nodeCount: choice.nodeCount } : {}) });
  },
};

/** A pick on a menu that is not waiting any more: whose it is, what was picked already, or that it expired. */
async function answerGoneChoice(interaction: StringSelectMenuInteraction, gone: Exclude<ApprovalClaim<PendingChoice, ChoiceAnswer>, { ok: true }>): Promise<void> {
  const notYours = '🚫 Only the person who ran this `/cloud-deploy-v2` can choose here.';
  let content: string;
  if (gone.reason === 'not-yours' || (gone.reason === 'answered' && gone.ownerId !== interaction.user.id)) content = notYours;
  else if (gone.reason === 'answered') content = `✅ You already chose \`${excerpt(gone.answer.machineType)}\`: its plan shows in this message. For another size, run \`/cloud-deploy-v2\` again.`;
  else if (gone.reason === 'expired') content = `🚫 ${expiredText('This choice', gone.expiredAt)}`;
  else content = '🚫 This choice is no longer waiting: the bot restarted since. Run `/cloud-deploy-v2` again.';
  await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}

/** The server's policy decides who deploys, with the member's roles and permissions as of this interaction. */
function assertMayDeploy(ctx: AppContext, interaction: ChatInputCommandInteraction<'cached' | 'raw'> | StringSelectMenuInteraction<'cached' | 'raw'> | ButtonInteraction<'cached' | 'raw'>): void {
  const policy = ctx.policies.get(interaction.guildId);
  if (mayDeploy(policy, actorOf(interaction))) return;
  throw new UserFacingError(policy.deployRoles.length
    ? `Deploying on this server needs one of the roles ${mentionRoles(policy.deployRoles)}.`
    : 'Deploying needs the Manage Server permission.');
}

/** Suggests the catalog's types as the user types. */
export async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  const kind = interaction.options.getString('resource_type') as ResourceKind | null;
  const session = interaction.inGuild() ? ctx.vault.ownedBy(interaction.guildId, interaction.user.id).find((s) => s.projectId === interaction.options.getString('project_id')) : undefined;
  if (!kind || !isSizedKind(kind) || !session) {
    await interaction.respond([]);
    return;
  }
  const typed = interaction.options.getFocused().toLowerCase();
  const matches = offeredMachineTypes(session.provider, kind).filter((type) => type.toLowerCase().includes(typed)).slice(0, 25);
  await interaction.respond(matches.map((type) => ({ name: type, value: type })));
}

/** The interrupted deployment this request would continue: the named one, or the only one of that kind. */
function interruptedDeployment(ctx: AppContext, session: Session, kind: ResourceKind, name: string | null): Deployment | undefined {
  // An interrupted teardown is not offered here: deploying again plans what is missing anyway.
  const candidates = ctx.deployments.listForSession(session).filter((d) =>
    d.status === 'INTERRUPTED' && d.details.operation !== 'destroy' && d.details.kind === kind && (!name || d.details.name === name.trim()));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export default { data, execute, autocomplete, components: [chooseTypeRoute, ...deployFlowRoutes], needsTerraform: true } satisfies Command;
