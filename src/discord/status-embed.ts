import { TimestampStyles, inlineCode, time, type APIEmbedField } from 'discord.js';
import { formatUsd } from '../advisor/cost-math.js';
import { PROVIDER_NAMES } from '../cloud/providers.js';
import { RESOURCE_KIND_LABELS } from '../cloud/resource-kinds.js';
import type { Deployment } from '../deploy/deployment-store.js';
import type { Session } from '../vault/session.js';
import type { EmbedSection } from './embed-pages.js';
import { COLORS, fitEmbed } from './embed-style.js';
import { minutesRemaining, sessionIdField } from './session-embeds.js';

/** What the status needs to know beyond the records: whose status it is, and which plans still await an answer. */
export interface StatusContext {
  viewerId: string;
  now: number;
  /** Deployments with a plan whose Approve button still works. */
  awaitingApproval: ReadonlySet<string>;
}

const MAX_LISTED_RESOURCES = 5;

/**
 * One section per live session: time left, credentials, its ID, spend against budget (when the server
 * sets one), then one field per deployment of its project.
 */
export function sessionStatusSection(session: Session, deployments: readonly Deployment[], status: StatusContext, budgetLine?: string): EmbedSection {
  const fields: APIEmbedField[] = [
    { name: 'Time left', value: `${minutesRemaining(session, status.now)} minutes (${time(new Date(session.expiresAt), TimestampStyles.ShortTime)})`, inline: true },
    { name: 'Credentials', value: session.credentials ? '✅ stored' : '— none (use `/cloud-upload-credentials`)', inline: true },
    sessionIdField(session),
  ];
  if (budgetLine) fields.push({ name: 'Budget', value: fitEmbed(budgetLine) });
  if (deployments.length === 0) fields.push({ name: 'Deployments', value: 'None yet. Try `/cloud-deploy-v2`.' });
  // Newest first: what was just done is what the user is looking for.
  for (const d of [...deployments].sort((a, b) => b.updatedAt - a.updatedAt)) fields.push(deploymentField(d, status, session.region));
  return {
    title: fitEmbed(`☁️ ${session.projectName}`, 256),
    description: `${PROVIDER_NAMES[session.provider]} ${inlineCode(session.projectId)} in ${inlineCode(session.region)}`,
    color: COLORS.info,
    fields,
  };
}

/** One deployment; `region` is the session's, so a deployment made in another region says where it is. */
function deploymentField(d: Deployment, status: StatusContext, region: string): APIEmbedField {
  const owner = d.userId === status.viewerId ? '' : ` · by <@${d.userId}>`;
  const parts = [`${stateLabel(d, status)}${costOf(d)}${owner} · ${time(new Date(d.updatedAt), TimestampStyles.RelativeTime)}`];
  const { resources, pending } = d.details;
  if (resources.length > 0 && d.status !== 'DESTROYED') {
    const listed = resources.slice(0, MAX_LISTED_RESOURCES).map((r) => inlineCode(r)).join(', ');
    parts.push(`${resources.length} ${resources.length === 1 ? 'resource' : 'resources'}: ${listed}${resources.length > MAX_LISTED_RESOURCES ? ', …' : ''}`);
  }
  // A new plan on what is deployed is told apart from it: the lines above stay about what exists.
  if (pending && status.awaitingApproval.has(d.id)) {
    const size = pending.machineType ? ` to ${inlineCode(pending.machineType)}` : '';
    parts.push(`📝 a change${size} is planned, awaiting approval${pending.monthlyCostUsd === undefined ? '' : ` (~${formatUsd(pending.monthlyCostUsd)}/month)`}`);
  }
  if (d.details.region !== region) parts.push(`in ${inlineCode(d.details.region)}`);
  return { name: fitEmbed(`${RESOURCE_KIND_LABELS[d.details.kind]} ${d.details.name}`, 256), value: fitEmbed(parts.join('\n')) };
}

/** What a deployment is now, in words that hold: a plan nobody can approve any more does not "await approval". */
function stateLabel(d: Deployment, status: StatusContext): string {
  switch (d.status) {
    case 'PLANNED':
      return status.awaitingApproval.has(d.id) ? '📝 planned, awaiting approval' : '📝 planned, never approved (the plan expired)';
    case 'ACTIVE':
      return d.details.operation === 'destroy' ? '⏳ tearing down' : '⏳ deploying';
    case 'COMPLETED':
      return '✅ deployed';
    case 'FAILED':
      // Only an apply records its operation: a failure without one is a plan that never came to be.
      return d.details.operation ? '❌ failed' : '❌ planning failed, nothing deployed';
    case 'INTERRUPTED':
      return '⚠️ interrupted (can be resumed)';
    case 'CANCELLED':
      return d.details.resources.length > 0 ? '🛑 plan cancelled' : '🛑 plan cancelled, nothing deployed';
    case 'DESTROYED':
      return '🗑️ destroyed';
  }
}

/** The monthly price, only while something is (or would be) billed: never for what was destroyed or never built. */
function costOf(d: Deployment): string {
  const monthly = d.details.monthlyCostUsd;
  if (monthly === undefined || d.status === 'DESTROYED') return '';
  if (d.status === 'PLANNED') return ` · would cost ~${formatUsd(monthly)}/month`;
  if (d.details.resources.length === 0) return '';
  if (d.status === 'COMPLETED' || d.status === 'ACTIVE') return ` · ~${formatUsd(monthly)}/month`;
  // A partial deployment bills for what it made: priced at its ending when it could be, else at most the whole price.
  const billed = d.details.billedMonthlyUsd;
  if (billed === undefined) return ` · up to ~${formatUsd(monthly)}/month while it exists`;
  return billed < 0.005 ? ' · nothing billed for what exists' : ` · ~${formatUsd(billed)}/month for what exists`;
}
