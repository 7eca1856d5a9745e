import { z } from 'zod';
import { type Provider, PROVIDERS, REGIONS } from '../cloud/providers.js';
import { meetsNodeMinimum, type SizedKind } from '../cloud/resource-kinds.js';
import { PRICING_DATA } from './pricing-data.js';

/** The pricing convention of Infracost and the providers' calculators: 730 hours a month (8,760 / 12). */
export const HOURS_PER_MONTH = 730;

const usd = z.number().nonnegative().finite();
const multiplier = z.number().min(0.5).max(3);

const machineTypeSchema = z.strictObject({
  family: z.string().min(1),
  vcpus: z.number().positive(),
  memoryGb: z.number().positive(),
  hourlyUsd: usd.positive(),
  /** Shared-core / burstable (e2 shared-core, t3, B series): cheap, but CPU credits run out under load. */
  burstable: z.boolean(),
});

const dbTierSchema = z.strictObject({
  vcpus: z.number().positive(),
  memoryGb: z.number().positive(),
  hourlyUsd: usd.positive(),
  sharedCore: z.boolean(),
});

/** The services a line of a bill can come from; each provider names the pricing page of those it uses. */
export const PRICED_SERVICES = ['compute', 'disk', 'network', 'kubernetes', 'database', 'objectStorage', 'secrets', 'loadBalancer'] as const;
export type PricedService = (typeof PRICED_SERVICES)[number];

const sourceSchema = z.strictObject({ name: z.string().min(1), url: z.url({ protocol: /^https$/ }) });

/** A billed line a template creates besides the machine or tier itself (a boot disk, an IP address, a secret). */
const billedLineSchema = z
  .strictObject({
    label: z.string().min(1),
    /** The template resource (and argument) that creates it, for whoever checks the catalog against the templates. */
    createdBy: z.string().min(1),
    service: z.enum(PRICED_SERVICES),
    /** Once per deployment, or once per Kubernetes node. */
    per: z.enum(['resource', 'node']),
    hourlyUsd: usd.optional(),
    monthlyUsd: usd.optional(),
    /** Which regional multiplier applies: compute's, stored data's, or none (the same price everywhere). */
    regional: z.enum(['compute', 'storage', 'flat']),
  })
  .refine((line) => (line.hourlyUsd === undefined) !== (line.monthlyUsd === undefined), { message: 'a billed line has exactly one of hourlyUsd and monthlyUsd' });

const providerSchema = z
  .strictObject({
    /** The month the figures were copied from the pricing pages. */
    pricesAsOf: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/),
    sources: z.partialRecord(z.enum(PRICED_SERVICES), sourceSchema),
    baseRegion: z.string(),
    regions: z.record(z.string(), z.strictObject({ computeMultiplier: multiplier, storageMultiplier: multiplier })),
    machineTypes: z.record(z.string(), machineTypeSchema),
    spot: z.strictObject({ label: z.string().min(1), discountByFamily: z.record(z.string(), z.number().gt(0).lt(1)) }),
    kubernetes: z.strictObject({
      service: z.string().min(1), tier: z.string().min(1), controlPlaneHourlyUsd: usd,
      /** A monthly credit against the cluster fee (GKE's free tier: one zonal cluster per billing account). */
      freeTierCreditUsdPerMonth: usd,
    }),
    database: z.strictObject({
      service: z.string().min(1),
      storageLabel: z.string().min(1),
      storageUsdPerGbMonth: usd,
      minStorageGb: z.number().int().positive(),
      tiers: z.record(z.string(), dbTierSchema),
    }),
    objectStorage: z.strictObject({ service: z.string().min(1), usdPerGbMonth: usd }),
    billed: z.strictObject({ vm: z.array(billedLineSchema), k8s: z.array(billedLineSchema), database: z.array(billedLineSchema), bucket: z.array(billedLineSchema) }),
    defaults: z.strictObject({ vm: z.string(), k8s: z.string(), database: z.string() }),
  })
  .superRefine((p, ctx) => {
    // Cross-references a plain shape cannot express: every name used must exist.
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (!(p.baseRegion in p.regions)) problem(`baseRegion ${p.baseRegion} is not among the priced regions`);
    else if (p.regions[p.baseRegion]!.computeMultiplier !== 1) problem('the base region must have multiplier 1');
    if (!(p.defaults.vm in p.machineTypes)) problem(`default vm type ${p.defaults.vm} is not in machineTypes`);
    if (!(p.defaults.k8s in p.machineTypes)) problem(`default k8s type ${p.defaults.k8s} is not in machineTypes`);
    if (!(p.defaults.database in p.database.tiers)) problem(`default database tier ${p.defaults.database} is not in tiers`);
    const families = new Set(Object.values(p.machineTypes).map((t) => t.family));
    for (const family of Object.keys(p.spot.discountByFamily)) {
      if (!families.has(family)) problem(`spot discount for unknown family ${family}`);
    }
    // Every line must be able to cite its pricing page, and so must the services every kind bills through.
    const cited = new Set<PricedService>(['compute', 'kubernetes', 'database', 'objectStorage', ...Object.values(p.billed).flat().map((l) => l.service)]);
    for (const service of cited) if (!p.sources[service]) problem(`no pricing page (sources.${service}) for a service it bills`);
  });

const catalogSchema = z
  .strictObject({
    hoursPerMonth: z.literal(HOURS_PER_MONTH),
    providers: z.strictObject({ gcp: providerSchema, aws: providerSchema, azure: providerSchema }),
  })
  .superRefine((c, ctx) => {
    for (const provider of PROVIDERS) {
      const k8sDefault = c.providers[provider].machineTypes[c.providers[provider].defaults.k8s];
      if (k8sDefault && !meetsNodeMinimum(provider, k8sDefault)) {
        ctx.addIssue({ code: 'custom', path: ['providers', provider, 'defaults', 'k8s'], message: 'the default node type is below the Kubernetes node minimum' });
      }
      for (const region of Object.keys(c.providers[provider].regions)) {
        if (!REGIONS[provider].includes(region)) {
          ctx.addIssue({ code: 'custom', path: ['providers', provider, 'regions'], message: `${region} is not a ${provider} region` });
        }
      }
    }
  });

/** The validated pricing catalog; see `pricing-data.ts` for what the figures mean. */
export type PricingCatalog = z.infer<typeof catalogSchema>;
export type ProviderPricing = z.infer<typeof providerSchema>;
export type MachineTypePrice = z.infer<typeof machineTypeSchema>;
export type DatabaseTierPrice = z.infer<typeof dbTierSchema>;
export type BilledLine = z.infer<typeof billedLineSchema>;
export type PriceSource = z.infer<typeof sourceSchema>;

/** Validates catalog data; throws an error listing every problem (a broken catalog must stop startup). */
export function parsePricingCatalog(data: unknown): PricingCatalog {
  const parsed = catalogSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid pricing catalog:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

let loaded: PricingCatalog | undefined;

/** The bundled catalog, validated once on first use. */
export function loadPricingCatalog(): PricingCatalog {
  loaded ??= parsePricingCatalog(PRICING_DATA);
  return loaded;
}

/**
 * The sizes a kind is sold in: database tiers for a database, machine types for VMs, and for cluster nodes
 * the machine types that meet the provider's node minimum ({@link meetsNodeMinimum}).
 */
export function sizesFor(pricing: ProviderPricing, provider: Provider, kind: SizedKind): Record<string, { vcpus: number; memoryGb: number; hourlyUsd: number }> {
  if (kind === 'database') return pricing.database.tiers;
  if (kind === 'vm') return pricing.machineTypes;
  return Object.fromEntries(Object.entries(pricing.machineTypes).filter(([, type]) => meetsNodeMinimum(provider, type)));
}
