import { z } from 'zod';
import { closestMatch, editDistance } from '../cloud/closest-match.js';
import { PROVIDER_NAMES, PROVIDERS, REGIONS, type Provider, type Validation } from '../cloud/providers.js';
import { MAX_K8S_NODE_COUNT, RESOURCE_KINDS, type ResourceKind } from '../cloud/resource-kinds.js';
import type { PricingCatalog, ProviderPricing } from './pricing-catalog.js';

export const DEFAULT_BUCKET_STORAGE_GB = 100;

/** What the deploy command is about to create, as far as its price is concerned. */
export const resourceSchema = z.object({
  provider: z.enum(PROVIDERS),
  region: z.string().trim().toLowerCase().min(1),
  kind: z.enum(RESOURCE_KINDS),
  /** VM or node type for vm/k8s, tier for database; the provider's default when absent. */
  machineType: z.string().trim().min(1).max(64).optional(),
  /** k8s only: 1 to MAX_K8S_NODE_COUNT nodes, default DEFAULT_K8S_NODE_COUNT. */
  nodeCount: z.number().int().min(1).max(MAX_K8S_NODE_COUNT).optional(),
  /** bucket: stored GB (default 100); database: disk GB (default the service minimum). */
  storageGb: z.number().positive().max(1_000_000).optional(),
});
export type ResourceDescription = z.input<typeof resourceSchema>;
export type Resource = z.output<typeof resourceSchema>;

/** Parses a resource description, with a user-readable message on failure. */
export function parseResource(input: unknown): Validation<Resource> {
  const parsed = resourceSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'resource'}: ${i.message}`);
  return { ok: false, error: `Cannot price this resource (${issues.join('; ')}).` };
}

export interface PricedRegion {
  region: string;
  computeMultiplier: number;
  storageMultiplier: number;
}

/** The catalog entry for a region, or a message naming the priced regions and the nearest one. */
export function resolveRegion(catalog: PricingCatalog, provider: Provider, region: string): Validation<PricedRegion> {
  const pricing = catalog.providers[provider];
  const key = region.trim().toLowerCase();
  const entry = pricing.regions[key];
  if (entry) return { ok: true, value: { region: key, ...entry } };
  const priced = Object.keys(pricing.regions);
  const name = PROVIDER_NAMES[provider];
  const list = `Priced regions: ${priced.map(code).join(', ')}.`;
  if (REGIONS[provider].includes(key)) {
    return { ok: false, error: `the bot's price list does not cover ${code(key)} yet (it is a real ${name} region: the deployment works the same). ${list}` };
  }
  const hint = closestMatch(key, priced) ?? closestMatch(key, REGIONS[provider]);
  return {
    ok: false,
    error: `${code(key)} is not a priced ${name} region, so there is no estimate.${hint ? ` Did you mean ${code(hint)}?` : ''} ${list}`,
  };
}

/**
 * Finds `name` among `known` ignoring case (Azure sizes are written both ways), or explains what exists.
 * `consequence` finishes the sentence "`x` is not a priced <what>, …" for the caller's situation.
 */
export function resolveName(name: string, known: readonly string[], what: string, consequence = 'so there is no estimate'): Validation<string> {
  const exact = known.find((k) => k.toLowerCase() === name.toLowerCase());
  if (exact) return { ok: true, value: exact };
  const lower = name.toLowerCase();
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const hint = closestMatch(lower, [...byLower.keys()]);
  const nearest = [...known]
    .sort((a, b) => editDistance(lower, a.toLowerCase()) - editDistance(lower, b.toLowerCase()))
    .slice(0, 3);
  const didYouMean = hint ? ` Did you mean ${code(byLower.get(hint)!)}?` : '';
  return {
    ok: false,
    error: `${code(name)} is not a priced ${what}, ${consequence}.${didYouMean} Closest priced: ${nearest.map(code).join(', ')}.`,
  };
}

export function machineTypeNoun(pricing: ProviderPricing, provider: Provider, kind: ResourceKind): string {
  return kind === 'database' ? `${pricing.database.service} tier` : `${PROVIDER_NAMES[provider]} machine type`;
}

/** Backticks for Discord markdown, with user input stripped of anything that would break out of them. */
export function code(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, '').slice(0, 64)}\``;
}
