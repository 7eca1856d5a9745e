import { EmbedBuilder } from 'discord.js';
import type { CostNarrative } from '../advisor/cost-advisor.js';
import { formatMonthly, formatUsd, type CostFigures } from '../advisor/cost-math.js';
import { COLORS, FIELD_MAX, fitEmbed } from './embed-style.js';

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
  const monthly = monthlyBreakdown(f);
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
      { name: COST_FIELD_NAMES.monthly, value: fitEmbed(monthly) },
    )
    .setFooter({ text: fitEmbed(footer(narrative), FOOTER_MAX) });
}

/**
 * The total, then every billed line linked to the pricing page it comes from, then what the total leaves
 * out. A field holds 1,024 characters: lines are shown whole while they fit, and the rest are summed.
 */
export function monthlyBreakdown(f: CostFigures): string {
  const notes = f.notes.map((note) => `_${note}_`);
  const budget = FIELD_MAX - formatMonthly(f).length - notes.join('\n').length - 64;
  const shown: string[] = [];
  let used = 0;
  let hidden = 0;
  let hiddenUsd = 0;
  for (const line of f.breakdown) {
    const text = `• [${line.label.replace(/[[\]]/g, '')}](${line.source.url}): ${formatUsd(line.monthlyUsd)}`;
    if (hidden === 0 && used + text.length + 1 <= budget) {
      shown.push(text);
      used += text.length + 1;
    } else {
      hidden++;
      hiddenUsd += line.monthlyUsd;
    }
  }
  if (hidden > 0) shown.push(`• ${hidden} more: ${formatUsd(hiddenUsd)}`);
  return [formatMonthly(f), ...shown, ...notes].join('\n');
}

/** Who wrote the words, and where the prices of the resource's own service come from (each line links its own page). */
function footer(n: CostNarrative): string {
  const who = n.source === 'llm' ? `Narrated by ${n.model ?? 'the storyteller'}` : 'Template narrative';
  return `${who} · List prices from ${n.figures.source.url} (${n.figures.source.pricesAsOf})`;
}
