import { EmbedBuilder } from 'discord.js';
import type { CostNarrative } from '../advisor/cost-advisor.js';
import { formatMonthly, formatUsd } from '../advisor/cost-math.js';
import { COLORS, fitEmbed } from './embed-style.js';

/** The labels users see; tests and the deploy command refer to them by these names. */
export const COST_FIELD_NAMES = {
  coffee: '☕ Coffee Cup Cost',
  use: '🎯 Real-World Use',
  blast: '💥 Blast Radius',
  treasure: '💎 Treasure',
  monthly: 'Monthly cost',
} as const;

// Discord's limits: 256 title, 1,024 per field value, 2,048 footer, 6,000 for the whole embed.
// Clipping each part below keeps the total under 6,000 by construction (256 + 300 + 5 × (~20 + 1,024) + 300).
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 300;
const FOOTER_MAX = 300;

/** The cost story as an embed: the four labelled parts, the plain monthly cost, and who narrated it. */
export function costNarrativeEmbed(narrative: CostNarrative, title = '💰 What this will cost'): EmbedBuilder {
  const f = narrative.figures;
  const what = f.machineType ? `${f.machineType}${f.nodeCount ? ` × ${f.nodeCount} nodes` : ''}` : `${f.storageGb} GB bucket`;
  const monthly = [formatMonthly(f)];
  if (f.breakdown.length > 1) monthly.push(f.breakdown.map((l) => `${l.label}: ${formatUsd(l.monthlyUsd)}`).join('\n'));
  const treasure = narrative.figures.savings
    ? `${narrative.treasureHunt.optimization}\n→ **${narrative.treasureHunt.estimatedSavings}**`
    : `${narrative.treasureHunt.optimization}\n(${narrative.treasureHunt.estimatedSavings})`;

  return new EmbedBuilder()
    .setColor(narrative.source === 'llm' ? COLORS.llm : COLORS.neutral)
    .setTitle(fitEmbed(title, TITLE_MAX))
    .setDescription(fitEmbed(`${f.providerName} ${what} in ${f.region}`, DESCRIPTION_MAX))
    .addFields(
      { name: COST_FIELD_NAMES.coffee, value: fitEmbed(narrative.coffeeCupCost) },
      { name: COST_FIELD_NAMES.use, value: fitEmbed(narrative.realWorldAnalogy) },
      { name: COST_FIELD_NAMES.blast, value: fitEmbed(narrative.blastRadius) },
      { name: COST_FIELD_NAMES.treasure, value: fitEmbed(treasure) },
      { name: COST_FIELD_NAMES.monthly, value: fitEmbed(monthly.join('\n')) },
    )
    .setFooter({ text: fitEmbed(footer(narrative), FOOTER_MAX) });
}

/** Who wrote the words, and where the prices come from; why a template was used is for the log, not the channel. */
function footer(n: CostNarrative): string {
  const who = n.source === 'llm' ? `Narrated by ${n.model ?? 'the storyteller'}` : 'Template narrative';
  return `${who} · List prices from ${n.figures.source.url} (${n.figures.source.retrievedOn})`;
}
