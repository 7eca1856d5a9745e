import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, StringSelectMenuBuilder, TimestampStyles, time, type APIEmbed, type APIEmbedField,
} from 'discord.js';
import type { CostNarrative } from '../advisor/cost-advisor.js';
import { formatUsd, type MachineTypeOption } from '../advisor/cost-math.js';
import type { Validation } from '../cloud/providers.js';
import { RESOURCE_KIND_LABELS, type ResourceKind } from '../cloud/resource-kinds.js';
import type { PlannedRun } from '../deploy/deployment-service.js';
import type { PlanAction } from '../terraform/progress/index.js';
import type { Session } from '../vault/session.js';
import { costNarrativeEmbed } from './cost-embed.js';
import { COLORS, fitEmbed } from './embed-style.js';

const SYMBOLS: Partial<Record<PlanAction, string>> = { create: '+', update: '~', delete: '-', replace: '-/+', read: '<=' };
const MAX_LISTED_CHANGES = 15;
/** What a teardown deletes beyond the resources themselves: the templates behave alike on every cloud. */
const DATA_LOST_ON_TEARDOWN: Partial<Record<ResourceKind, string>> = {
  bucket: 'Destroying deletes the bucket **and everything in it**, every object version included, on every cloud. Copy out what you need first.',
  database: 'Destroying deletes the database server, its data and its automatic backups; no final snapshot is kept. Take a dump first if you need the data.',
};

/** How messages name what is being deployed: "Virtual machine `web` in `my-project` (us-central1)". */
export interface DeploymentTarget {
  kind: ResourceKind;
  name: string;
  machineType?: string | undefined;
  nodeCount?: number | undefined;
}

/** "Virtual machine `api` (n1-standard-4) in `shop-prod` (us-central1)": what and where, in one line. */
export function deploymentSubject(where: Pick<Session, 'projectId' | 'region'>, { kind, name, machineType, nodeCount }: DeploymentTarget): string {
  const size = machineType ? ` (${nodeCount ? `${nodeCount} × ` : ''}${machineType})` : '';
  return `${RESOURCE_KIND_LABELS[kind]} \`${name}\`${size} in \`${where.projectId}\` (${where.region})`;
}

/** What the server's policy adds to a plan: who approves (replacing "only the requester"), and its fields (approvals, budget). */
export interface PlanGuard {
  whoApproves?: string;
  fields: APIEmbedField[];
  /** The name of the file holding the whole plan, when the listing does not fit; undefined if it could not be made. */
  planFile?: string;
}

/** Whether every change fits the embed's listing; if not, the whole plan goes along as a file. */
export function planListingFits(planned: PlannedRun): boolean {
  return listedChanges(planned).length <= MAX_LISTED_CHANGES;
}

function listedChanges(planned: PlannedRun) {
  return planned.changes.filter((c) => SYMBOLS[c.action] !== undefined && c.action !== 'read');
}

/**
 * The one embed a user approves: what Terraform will do (from the plan), the plain monthly cost and the
 * cost story, and who may approve until when.
 */
export function planEmbed(planned: PlannedRun, subject: string, narrative: Validation<CostNarrative> | undefined, ownerId: string, expiresAt: number, guard?: PlanGuard): EmbedBuilder {
  const destroying = planned.operation === 'destroy';
  const title = destroying ? `🧹 Teardown plan: ${planned.deployment.details.name}` : `📋 Deployment plan: ${planned.deployment.details.name}`;
  const embed = narrative?.ok ? costNarrativeEmbed(narrative.value, title) : new EmbedBuilder().setTitle(title);
  embed.setColor(destroying ? COLORS.danger : COLORS.warning).setDescription(planDescription(planned, subject, guard?.whoApproves ?? `Only <@${ownerId}> can approve.`, expiresAt, guard?.planFile));
  if (destroying) {
    const saved = planned.deployment.details.monthlyCostUsd;
    embed.setFields({ name: 'Monthly cost saved', value: saved === undefined ? 'Unknown (not priced when deployed)' : `${formatUsd(saved)}/month` });
    const lost = DATA_LOST_ON_TEARDOWN[planned.deployment.details.kind];
    if (lost) embed.addFields({ name: '⚠️ Data', value: lost });
  } else if (narrative && !narrative.ok) {
    embed.addFields({ name: 'Monthly cost', value: fitEmbed(`No estimate: ${narrative.error}`) });
  }
  if (guard?.fields.length) embed.addFields(guard.fields);
  return embed;
}

function planDescription(planned: PlannedRun, subject: string, whoApproves: string, expiresAt: number, planFile: string | undefined): string {
  const state = planned.tracker.state();
  const summary = state.planSummary;
  const counts = summary ? `**${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy**` : `**${state.total} changes**`;
  const changes = listedChanges(planned);
  const listed = changes.slice(0, MAX_LISTED_CHANGES).map((c) => `${SYMBOLS[c.action]} ${c.address}`);
  // Never cut off silently: the rest is in the attached file, or the message says it could not be.
  const rest = planFile ? `: the whole plan is attached (\`${planFile}\`)` : ' (the whole plan could not be attached; run `terraform show` on the saved plan to see it)';
  if (changes.length > listed.length) listed.push(`… and ${changes.length - listed.length} more${rest}`);
  return [
    subject,
    '',
    `Terraform will: ${counts}`,
    listed.length > 0 ? '```diff\n' + listed.join('\n').replace(/```/g, "'''") + '\n```' : '',
    `${whoApproves} This plan expires ${time(new Date(expiresAt), TimestampStyles.RelativeTime)}, with the session.`,
  ].filter((line, i) => line !== '' || i === 1).join('\n');
}

/**
 * The plan's embeds once it is no longer waiting (approved, called off, expired): the line that said who
 * may approve until when (always the description's last) says what became of it instead.
 */
export function answeredPlanEmbeds(embeds: readonly APIEmbed[], outcome: string, fields: APIEmbedField[] = []): APIEmbed[] {
  const [plan, ...rest] = embeds;
  if (!plan) return [];
  const lines = (plan.description ?? '').split('\n');
  const embed = EmbedBuilder.from({ ...plan, description: [...lines.slice(0, -1), outcome].join('\n') });
  for (const field of fields) {
    const at = (embed.data.fields ?? []).findIndex((f) => f.name === field.name);
    if (at >= 0) embed.spliceFields(at, 1, field);
  }
  return [embed.toJSON(), ...rest];
}

export function approvalButtons(approveId: string, rejectId: string, operation: 'apply' | 'destroy', canApprove = true): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(approveId).setStyle(operation === 'destroy' ? ButtonStyle.Danger : ButtonStyle.Success)
      .setLabel(operation === 'destroy' ? 'Destroy' : 'Approve').setEmoji(operation === 'destroy' ? '🧨' : '✅').setDisabled(!canApprove),
    new ButtonBuilder().setCustomId(rejectId).setStyle(ButtonStyle.Secondary).setLabel(operation === 'destroy' ? 'Keep it' : 'Cancel'),
  );
}

/**
 * The seed's "→ Select: n1-standard-4": each type with its monthly price, cheapest first. Nothing is
 * preselected: the real client sends no interaction for picking the option already selected, so a
 * preselected suggestion could not be chosen. The suggestion is marked in its label instead.
 */
export function machineTypeMenu(customId: string, options: MachineTypeOption[], suggested: string): ActionRowBuilder<StringSelectMenuBuilder> {
  const menu = new StringSelectMenuBuilder().setCustomId(customId).setPlaceholder('Choose a machine type').addOptions(
    options.slice(0, 25).map((o) => ({
      label: `${o.machineType}${o.monthlyUsd === undefined ? '' : ` · ${formatUsd(o.monthlyUsd)}/month`}${o.machineType === suggested ? ' (suggested)' : ''}`,
      description: `${o.vcpus} vCPU · ${o.memoryGb} GB memory`,
      value: o.machineType,
    })),
  );
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu);
}

export function resumeButton(customId: string, name?: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId).setStyle(ButtonStyle.Primary).setLabel(name ? `Resume ${name}`.slice(0, 80) : 'Resume').setEmoji('⏩'),
  );
}
