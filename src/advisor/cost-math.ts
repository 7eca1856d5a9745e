import { PROVIDER_NAMES, type Provider, type Validation } from '../cloud/providers.js';
import { DEFAULT_K8S_NODE_COUNT, isSizedKind, type ResourceKind } from '../cloud/resource-kinds.js';
import { HOURS_PER_MONTH, sizesFor, type PricingCatalog } from './pricing-catalog.js';
import { DEFAULT_BUCKET_STORAGE_GB, machineTypeNoun, parseResource, resolveName, resolveRegion } from './resource.js';
import { findSavings, type Savings } from './savings.js';

/** A day is 24 hours of the hourly rate (not a 30th of a month). */
export const HOURS_PER_DAY = 24;

export interface CostLine {
  label: string;
  monthlyUsd: number;
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
  breakdown: CostLine[];
  latte: LatteFigure;
  /** The best honest saving in the catalog, or undefined when nothing cheaper fits. */
  savings: Savings | undefined;
  source: { name: string; url: string; retrievedOn: string };
}

/**
 * Prices a resource description from the catalog. Unknown types or regions give a message with the
 * nearest catalog names, never a guessed number.
 */
export function estimateCost(catalog: PricingCatalog, input: unknown, lattePriceUsd: number): Validation<CostFigures> {
  const parsedResource = parseResource(input);
  if (!parsedResource.ok) return parsedResource;
  const resource = parsedResource.value;
  const { provider, kind } = resource;
  const pricing = catalog.providers[provider];
  const region = resolveRegion(catalog, provider, resource.region);
  if (!region.ok) return region;
  const { computeMultiplier, storageMultiplier } = region.value;

  const base = { provider, providerName: PROVIDER_NAMES[provider], region: region.value.region, kind, source: pricing.source };
  const lines: CostLine[] = [];
  let shape: Pick<CostFigures, 'machineType' | 'vcpus' | 'memoryGb' | 'burstable' | 'nodeCount' | 'storageGb'> = {};

  if (kind === 'vm' || kind === 'k8s') {
    const name = resolveName(resource.machineType ?? pricing.defaults[kind], Object.keys(pricing.machineTypes), machineTypeNoun(pricing, provider, kind));
    if (!name.ok) return name;
    const type = pricing.machineTypes[name.value]!;
    const hourly = type.hourlyUsd * computeMultiplier;
    shape = { machineType: name.value, vcpus: type.vcpus, memoryGb: type.memoryGb, burstable: type.burstable };
    if (kind === 'vm') {
      lines.push({ label: `${name.value} VM`, monthlyUsd: hourly * HOURS_PER_MONTH });
    } else {
      const nodes = resource.nodeCount ?? DEFAULT_K8S_NODE_COUNT;
      shape.nodeCount = nodes;
      lines.push({ label: `${pricing.kubernetes.service} control plane (${pricing.kubernetes.tier})`, monthlyUsd: pricing.kubernetes.controlPlaneHourlyUsd * HOURS_PER_MONTH });
      lines.push({ label: `${nodes} × ${name.value} nodes`, monthlyUsd: nodes * hourly * HOURS_PER_MONTH });
    }
  } else if (kind === 'database') {
    const db = pricing.database;
    const name = resolveName(resource.machineType ?? pricing.defaults.database, Object.keys(db.tiers), machineTypeNoun(pricing, provider, kind));
    if (!name.ok) return name;
    const tier = db.tiers[name.value]!;
    const storageGb = Math.max(resource.storageGb ?? db.minStorageGb, db.minStorageGb);
    shape = { machineType: name.value, vcpus: tier.vcpus, memoryGb: tier.memoryGb, burstable: tier.sharedCore, storageGb };
    lines.push({ label: `${db.service} ${name.value}`, monthlyUsd: tier.hourlyUsd * computeMultiplier * HOURS_PER_MONTH });
    lines.push({ label: `${storageGb} GB database storage`, monthlyUsd: storageGb * db.storageUsdPerGbMonth * storageMultiplier });
  } else {
    const storageGb = resource.storageGb ?? DEFAULT_BUCKET_STORAGE_GB;
    shape = { storageGb };
    lines.push({ label: `${storageGb} GB ${pricing.objectStorage.service}`, monthlyUsd: storageGb * pricing.objectStorage.usdPerGbMonth * storageMultiplier });
  }

  const monthlyUsd = lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
  const hourlyUsd = monthlyUsd / HOURS_PER_MONTH;
  const dailyUsd = hourlyUsd * HOURS_PER_DAY;
  return {
    ok: true,
    value: {
      ...base,
      ...shape,
      hoursPerMonth: HOURS_PER_MONTH,
      hourlyUsd,
      dailyUsd,
      monthlyUsd,
      breakdown: lines,
      latte: latteCost(dailyUsd, lattePriceUsd),
      savings: findSavings(pricing, { kind, computeMultiplier, monthlyUsd, ...shape }),
    },
  };
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

/** "$1,234.56"; amounts under a cent keep four decimals so an hourly rate never reads "$0.00". */
export function formatUsd(value: number): string {
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
  monthlyUsd: number;
}

/** Up to 25 catalog types (a Discord select menu's limit) for a kind in a region, cheapest first. */
export function listMachineTypes(catalog: PricingCatalog, provider: Provider, region: string, kind: ResourceKind): Validation<MachineTypeOption[]> {
  const priced = resolveRegion(catalog, provider, region);
  if (!priced.ok) return priced;
  const pricing = catalog.providers[provider];
  const entries = isSizedKind(kind) ? Object.entries(sizesFor(pricing, provider, kind)) : [];
  const options = entries.map(([machineType, t]) => ({
    machineType,
    vcpus: t.vcpus,
    memoryGb: t.memoryGb,
    monthlyUsd: t.hourlyUsd * priced.value.computeMultiplier * HOURS_PER_MONTH,
  }));
  options.sort((a, b) => a.monthlyUsd - b.monthlyUsd || a.machineType.localeCompare(b.machineType));
  return { ok: true, value: options.slice(0, 25) };
}
