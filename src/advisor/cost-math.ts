import { PROVIDER_NAMES, REGIONS, type Provider, type Validation } from '../cloud/providers.js';
import { DEFAULT_K8S_NODE_COUNT, isSizedKind, type ResourceKind } from '../cloud/resource-kinds.js';
import { HOURS_PER_MONTH, sizesFor, type PricedService, type PriceSource, type PricingCatalog, type ProviderPricing } from './pricing-catalog.js';
import { DEFAULT_BUCKET_STORAGE_GB, machineTypeNoun, parseResource, resolveName, resolveRegion } from './resource.js';
import { findSavings, type Savings } from './savings.js';

/** A day is 24 hours of the hourly rate (not a 30th of a month). */
export const HOURS_PER_DAY = 24;

export interface CostLine {
  label: string;
  /** Negative for a credit (GKE's free tier). */
  monthlyUsd: number;
  /** The pricing page of the service that bills this line. */
  source: PriceSource;
  /** For a line the template's resources add (a disk, an address, a secret): the resource type that bills it, then what of it. */
  createdBy?: string;
}

export interface LatteFigure {
  priceUsd: number;
  /** Unrounded lattes per day. */
  perDay: number;
  /** E.g. "2 lattes/day ($7.20/day)" or "1 latte every 4 days ($0.80/day)". */
  text: string;
}

/** Every number a narrative may quote, computed from the catalog; the storyteller only tells stories around them. */
export interface CostFigures {
  provider: Provider;
  providerName: string;
  region: string;
  kind: ResourceKind;
  /** VM/node type or database tier; absent for buckets. */
  machineType?: string;
  vcpus?: number;
  memoryGb?: number;
  burstable?: boolean;
  nodeCount?: number;
  storageGb?: number;
  hoursPerMonth: number;
  hourlyUsd: number;
  dailyUsd: number;
  monthlyUsd: number;
  /** Every billed line the template creates, machine first; they add up to `monthlyUsd`. */
  breakdown: CostLine[];
  /** What the total assumes or leaves out, one short sentence each. */
  notes: string[];
  latte: LatteFigure;
  /** The best honest saving in the catalog, or undefined when nothing cheaper fits. */
  savings: Savings | undefined;
  /** The pricing page of the resource's own service (GKE's for a cluster, Cloud SQL's for a database), and the month of the prices. */
  source: PriceSource & { pricesAsOf: string };
}

/** The service whose pricing page a kind's cost message cites. */
const PRIMARY_SERVICE: Record<ResourceKind, PricedService> = { vm: 'compute', k8s: 'kubernetes', database: 'database', bucket: 'objectStorage' };

/** What no plan can tell: the usage-based charges each kind leaves out of its total. */
const NOT_INCLUDED: Record<ResourceKind, string> = {
  vm: 'Not included: network egress and snapshots, which depend on use.',
  k8s: 'Not included: egress, and the load balancers and volumes your workloads create.',
  database: 'Not included: egress, and backup storage beyond the instance\'s own size.',
  bucket: 'Not included: requests, egress and old object versions (kept 30 days), which depend on use.',
};

/**
 * Prices a resource description from the catalog: every billed line its template creates, as Infracost
 * would from the plan. Unknown types or regions give a message with the nearest catalog names, never a
 * guessed number.
 */
export function estimateCost(catalog: PricingCatalog, input: unknown, lattePriceUsd: number): Validation<CostFigures> {
  const parsedResource = parseResource(input);
  if (!parsedResource.ok) return parsedResource;
  const resource = parsedResource.value;
  const { provider, kind } = resource;
  const pricing = catalog.providers[provider];
  const region = resolveRegion(catalog, provider, resource.region);
  // A real region without prices: say where its prices are, since the bot cannot.
  if (!region.ok) return REGIONS[provider].includes(resource.region) ? { ok: false, error: `${region.error} Its prices: ${pricing.sources[PRIMARY_SERVICE[kind]]!.url}` } : region;
  const { computeMultiplier, storageMultiplier } = region.value;
  const source = (service: PricedService): PriceSource => pricing.sources[service]!;
  const multiplier = { compute: computeMultiplier, storage: storageMultiplier, flat: 1 } as const;
  const lines: CostLine[] = [];
  const notes: string[] = [];
  let shape: Pick<CostFigures, 'machineType' | 'vcpus' | 'memoryGb' | 'burstable' | 'nodeCount' | 'storageGb'> = {};

  if (kind === 'vm' || kind === 'k8s') {
    const name = resolveName(resource.machineType ?? pricing.defaults[kind], Object.keys(pricing.machineTypes), machineTypeNoun(pricing, provider, kind));
    if (!name.ok) return name;
    const type = pricing.machineTypes[name.value]!;
    const monthly = type.hourlyUsd * computeMultiplier * HOURS_PER_MONTH;
    shape = { machineType: name.value, vcpus: type.vcpus, memoryGb: type.memoryGb, burstable: type.burstable };
    if (kind === 'vm') {
      lines.push({ label: `${name.value} VM`, monthlyUsd: monthly, source: source('compute') });
    } else {
      const nodes = resource.nodeCount ?? DEFAULT_K8S_NODE_COUNT;
      shape.nodeCount = nodes;
      lines.push(...clusterFee(pricing.kubernetes, source('kubernetes'), notes));
      lines.push({ label: `${nodes} × ${name.value} nodes`, monthlyUsd: nodes * monthly, source: source('compute') });
    }
  } else if (kind === 'database') {
    const db = pricing.database;
    const name = resolveName(resource.machineType ?? pricing.defaults.database, Object.keys(db.tiers), machineTypeNoun(pricing, provider, kind));
    if (!name.ok) return name;
    const tier = db.tiers[name.value]!;
    const storageGb = Math.max(resource.storageGb ?? db.minStorageGb, db.minStorageGb);
    shape = { machineType: name.value, vcpus: tier.vcpus, memoryGb: tier.memoryGb, burstable: tier.sharedCore, storageGb };
    lines.push({ label: `${db.service} ${name.value}`, monthlyUsd: tier.hourlyUsd * computeMultiplier * HOURS_PER_MONTH, source: source('database') });
    lines.push({ label: `${storageGb} GB ${db.storageLabel}`, monthlyUsd: storageGb * db.storageUsdPerGbMonth * storageMultiplier, source: source('database') });
  } else {
    const storageGb = resource.storageGb ?? DEFAULT_BUCKET_STORAGE_GB;
    shape = { storageGb };
    lines.push({ label: `${storageGb} GB ${pricing.objectStorage.service}`, monthlyUsd: storageGb * pricing.objectStorage.usdPerGbMonth * storageMultiplier, source: source('objectStorage') });
  }

  for (const line of pricing.billed[kind]) {
    const count = line.per === 'node' ? (shape.nodeCount ?? 1) : 1;
    const each = (line.hourlyUsd !== undefined ? line.hourlyUsd * HOURS_PER_MONTH : line.monthlyUsd!) * multiplier[line.regional];
    lines.push({ label: count > 1 ? `${count} × ${line.label}` : line.label, monthlyUsd: count * each, source: source(line.service), createdBy: line.createdBy });
  }
  notes.push(NOT_INCLUDED[kind]);

  const monthlyUsd = lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
  const hourlyUsd = monthlyUsd / HOURS_PER_MONTH;
  const dailyUsd = hourlyUsd * HOURS_PER_DAY;
  return {
    ok: true,
    value: {
      provider,
      providerName: PROVIDER_NAMES[provider],
      region: region.value.region,
      kind,
      ...shape,
      hoursPerMonth: HOURS_PER_MONTH,
      hourlyUsd,
      dailyUsd,
      monthlyUsd,
      breakdown: lines,
      notes,
      latte: latteCost(dailyUsd, lattePriceUsd),
      savings: findSavings(pricing, { kind, computeMultiplier, monthlyUsd, ...shape }),
      source: { ...source(PRIMARY_SERVICE[kind]), pricesAsOf: pricing.pricesAsOf },
    },
  };
}

/** The cluster fee, and the free tier's credit against it when there is one (with what it assumes). */
function clusterFee(k8s: ProviderPricing['kubernetes'], source: PriceSource, notes: string[]): CostLine[] {
  const fee = k8s.controlPlaneHourlyUsd * HOURS_PER_MONTH;
  const lines: CostLine[] = [{ label: `${k8s.service} cluster fee (${k8s.tier})`, monthlyUsd: fee, source }];
  const credit = Math.min(fee, k8s.freeTierCreditUsdPerMonth);
  if (credit > 0) {
    lines.push({ label: `${k8s.service} free tier credit`, monthlyUsd: -credit, source });
    notes.push(`The free tier credit covers one zonal cluster per billing account: if another cluster already uses it, add ${formatUsd(credit)}/month.`);
  }
  return lines;
}

/** "2 lattes/day ($7.20/day)"; below one a day, "1 latte every 4 days ($0.80/day)". */
export function latteCost(dailyUsd: number, priceUsd: number): LatteFigure {
  const perDay = dailyUsd / priceUsd;
  const daily = `(${formatUsd(dailyUsd)}/day)`;
  let phrase: string;
  if (dailyUsd <= 0) phrase = 'Free: 0 lattes/day';
  else if (perDay >= 0.95) {
    const count = formatCount(perDay);
    phrase = `${count} ${count === '1' ? 'latte' : 'lattes'}/day`;
  } else {
    const days = 1 / perDay;
    if (days < 1.95) phrase = `1 latte every ${formatCount(days)} days`;
    else if (days <= 60) phrase = `1 latte every ${Math.round(days)} days`;
    else if (days <= 730) phrase = `1 latte every ${Math.round(days / 30.4)} months`;
    else phrase = 'less than 1 latte a year';
  }
  return { priceUsd, perDay, text: `${phrase} ${daily}` };
}

/** One decimal below 10 ("1.3"), whole numbers above; never "2.0". */
export function formatCount(value: number): string {
  const rounded = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** "$1,234.56" ("−$73.00" for a credit); amounts under a cent keep four decimals so an hourly rate never reads "$0.00". */
export function formatUsd(value: number): string {
  if (value < 0) return `−${formatUsd(-value)}`;
  if (value > 0 && value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "$138.70/month on-demand (730 h)". */
export function formatMonthly(figures: Pick<CostFigures, 'monthlyUsd' | 'hoursPerMonth'>): string {
  return `${formatUsd(figures.monthlyUsd)}/month on-demand (${figures.hoursPerMonth} h)`;
}

export interface MachineTypeOption {
  machineType: string;
  vcpus: number;
  memoryGb: number;
  /** Everything the template bills for a deployment of this size; undefined in a region the catalog does not price. */
  monthlyUsd: number | undefined;
}

/**
 * Up to 25 catalog types (a Discord select menu's limit) for a kind, cheapest first, each priced as the
 * whole deployment would be (disk, IP address, cluster fee and all). In a real region the catalog has
 * no prices for, the types come without prices: the deployment still works, it just has no estimate.
 */
export function listMachineTypes(catalog: PricingCatalog, provider: Provider, region: string, kind: ResourceKind, nodeCount?: number): Validation<MachineTypeOption[]> {
  const priced = resolveRegion(catalog, provider, region);
  if (!priced.ok && !REGIONS[provider].includes(region.trim().toLowerCase())) return priced;
  const pricing = catalog.providers[provider];
  const entries = isSizedKind(kind) ? Object.entries(sizesFor(pricing, provider, kind)) : [];
  const options = entries.map(([machineType, t]) => {
    const estimate = priced.ok ? estimateCost(catalog, { provider, region, kind, machineType, ...(nodeCount ? { nodeCount } : {}) }, 1) : undefined;
    return { option: { machineType, vcpus: t.vcpus, memoryGb: t.memoryGb, monthlyUsd: estimate?.ok ? estimate.value.monthlyUsd : undefined }, hourlyUsd: t.hourlyUsd };
  });
  options.sort((a, b) => a.hourlyUsd - b.hourlyUsd || a.option.machineType.localeCompare(b.option.machineType));
  return { ok: true, value: options.slice(0, 25).map((o) => o.option) };
}
