import { EmbedBuilder, TimestampStyles, inlineCode, time } from 'discord.js';
import { PROVIDER_NAMES } from '../cloud/providers.js';
import { RESOURCE_KIND_LABELS } from '../cloud/resource-kinds.js';
import type { Deployment, DeploymentState } from '../deploy/deployment-store.js';
import type { Session } from '../vault/session.js';
import { COLORS, fitEmbed } from './embed-style.js';
import { minutesRemaining, sessionIdField } from './session-embeds.js';

const STATE_LABELS: Record<DeploymentState, string> = {
  PLANNED: '📝 planned, awaiting approval',
  ACTIVE: '⏳ deploying',
  COMPLETED: '✅ deployed',
  FAILED: '❌ failed',
  INTERRUPTED: '⚠️ interrupted (can be resumed)',
  CANCELLED: '🛑 cancelled',
  DESTROYED: '🗑️ destroyed',
};

/** One embed per live session: time left, credentials, spend against budget, and the project's deployments. */
export function sessionStatusEmbed(session: Session, deployments: Deployment[], now: number, budgetLine?: string): EmbedBuilder {
  const embed = new EmbedBuilder()
    .setColor(COLORS.info)
    .setTitle(`☁️ ${session.projectName}`)
    .setDescription(`${PROVIDER_NAMES[session.provider]} ${inlineCode(session.projectId)} in ${inlineCode(session.region)}`)
    .addFields(
      { name: 'Time left', value: `${minutesRemaining(session, now)} minutes (${time(new Date(session.expiresAt), TimestampStyles.ShortTime)})`, inline: true },
      { name: 'Credentials', value: session.credentials ? '✅ stored' : '— none (use `/cloud-upload-credentials`)', inline: true },
      sessionIdField(session),
    );
  if (budgetLine) embed.addFields({ name: 'Budget', value: fitEmbed(budgetLine) });
  if (deployments.length === 0) return embed.addFields({ name: 'Deployments', value: 'None yet. Try `/cloud-deploy-v2`.' });
  for (const d of deployments.slice(-20)) {
    const cost = d.details.monthlyCostUsd === undefined ? '' : ` · ~$${d.details.monthlyCostUsd.toFixed(2)}/month`;
    const resources = d.details.resources.length ? `\n${d.details.resources.length} resources: ${d.details.resources.slice(0, 5).map((r) => inlineCode(r)).join(', ')}${d.details.resources.length > 5 ? ', …' : ''}` : '';
    embed.addFields({
      name: fitEmbed(`${RESOURCE_KIND_LABELS[d.details.kind]} ${d.details.name}`, 256),
      value: fitEmbed(`${STATE_LABELS[d.status]}${cost} · ${time(new Date(d.updatedAt), TimestampStyles.RelativeTime)}${resources}`),
    });
  }
  return embed;
}
