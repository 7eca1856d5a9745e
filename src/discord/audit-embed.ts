import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, TimestampStyles, time } from 'discord.js';
import type { AuditEntry } from '../audit/audit-log.js';
import { COLORS, fitEmbed } from './embed-style.js';

/** One page of `/cloud-audit`, newest first. */
export function auditPageEmbed(entries: AuditEntry[], page: number, pages: number, total: number, filters: string): EmbedBuilder {
  const lines = entries.map(auditLine);
  return new EmbedBuilder()
    .setColor(COLORS.info)
    .setTitle('🧾 Audit trail')
    .setDescription(fitEmbed(lines.length ? lines.join('\n') : 'Nothing recorded matches these filters.', 4096))
    .setFooter({ text: `Page ${page + 1} of ${Math.max(pages, 1)} · ${total} entries${filters ? ` · ${filters}` : ''} · newest first` });
}

/** "`#12` <t:…> <@actor> **plan.approved** · gcp `shop-prod` · vm web · operation apply" */
export function auditLine(entry: AuditEntry): string {
  const project = entry.project ? ` · ${entry.project.provider} \`${entry.project.projectId}\`` : '';
  const facts = Object.entries(entry.facts ?? {}).map(([k, v]) => (k === 'resource' ? String(v) : `${k} ${String(v)}`)).join(' · ');
  const line = `\`#${entry.seq}\` ${time(new Date(entry.at), TimestampStyles.ShortDateTime)} <@${entry.actorId}> **${entry.action}**${project}${facts ? ` · ${facts}` : ''}`;
  return line.replace(/\n/g, ' ').slice(0, 380);
}

export function auditPageButtons(previousId: string | undefined, nextId: string | undefined): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(previousId ?? 'audit-page:none-prev').setStyle(ButtonStyle.Secondary).setLabel('◀ Newer').setDisabled(!previousId),
    new ButtonBuilder().setCustomId(nextId ?? 'audit-page:none-next').setStyle(ButtonStyle.Secondary).setLabel('Older ▶').setDisabled(!nextId),
  );
}
