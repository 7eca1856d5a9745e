import type { CostFigures } from './cost-math.js';
import type { PricingCatalog } from './pricing-catalog.js';
import type { Savings } from './savings.js';

/**
 * The ways to save money a model might talk about. The number guard keeps a story's amounts honest, but
 * "commit to one year" beside a computed Spot saving quotes no number and is still wrong: the treasure
 * must describe the saving that was computed, and only that one.
 */
const LEVERS = {
  commitment: /\b(commit\w*|CUDs?|reserv\w*|savings?[- ]plans?|sustained[- ]use|(1|one|3|three)[- ]years?|annual|upfront)\b/i,
  spot: /\b(spot|pre-?emptible|low[- ]priority|interruptible)\b/i,
  schedule: /\b(schedul\w*|shut\w*\s+(it\s+)?down|turn\w*\s+(it\s+)?off|stop\w*\s+(it\s+)?(at night|overnight|on weekends|when idle))\b/i,
  autoscaling: /\b(auto-?scal\w*|scale\w*\s+(it\s+)?(in|down|to zero))\b/i,
  region: /\b(another|cheaper|different)\s+region\b/i,
  storageTier: /\b(nearline|coldline|archive|glacier|infrequent access|cool tier|cold tier|lifecycle)\b/i,
} as const;
type Lever = keyof typeof LEVERS;

/** Which levers the computed saving is, and so which the text may name. */
function allowedLevers(savings: Savings | undefined): Lever[] {
  return savings?.kind === 'spot' ? ['spot'] : [];
}

/**
 * Whether a model's treasure text describes the computed saving: it names no other way to save, names no
 * machine type or tier but the current one and the computed target, and, when a saving was computed, says
 * which (Spot, or the target type). With nothing computed, any concrete saving it offers is invented.
 */
export function treasureMatchesSaving(text: string, figures: CostFigures, catalog: PricingCatalog): boolean {
  const { savings } = figures;
  const allowed = allowedLevers(savings);
  for (const [lever, pattern] of Object.entries(LEVERS) as [Lever, RegExp][]) {
    if (!allowed.includes(lever) && pattern.test(text)) return false;
  }
  const pricing = catalog.providers[figures.provider];
  const named = [...Object.keys(pricing.machineTypes), ...Object.keys(pricing.database.tiers)].filter((type) => mentions(text, type));
  const expected = new Set([figures.machineType, savings?.target].filter((t): t is string => t !== undefined));
  if (named.some((type) => !expected.has(type))) return false;
  if (!savings) return true;
  return savings.kind === 'spot' ? LEVERS.spot.test(text) : mentions(text, savings.target);
}

/** The type named as a word of its own, so that `e2-standard-4` is not found inside `e2-standard-48`. */
function mentions(text: string, type: string): boolean {
  const escaped = type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`, 'i').test(text);
}
