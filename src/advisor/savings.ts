import type { ResourceKind } from '../cloud/resource-kinds.js';
import { HOURS_PER_MONTH, type ProviderPricing } from './pricing-catalog.js';

/** A computed saving ("treasure"): what to change, and what it saves against the current monthly cost. */
export interface Savings {
  kind: 'spot' | 'rightsize' | 'smaller-tier';
  /** The machine type or tier to move to (rightsize, smaller-tier); the current type for spot. */
  target: string;
  /** One sentence, without dollar amounts: "Run it as Spot VMs (…)". */
  optimization: string;
  monthlyUsd: number;
  /** Whole percent of the current monthly cost. */
  percent: number;
  newMonthlyUsd: number;
}

export interface PricedShape {
  kind: ResourceKind;
  computeMultiplier: number;
  monthlyUsd: number;
  machineType?: string;
  nodeCount?: number;
}

/**
 * The largest honest saving the catalog supports: spot/preemptible for the same type, the cheapest
 * type with at least the same vCPUs and memory (burstable only replaces burstable), or the next
 * smaller managed database tier. Undefined when nothing is cheaper.
 */
export function findSavings(pricing: ProviderPricing, shape: PricedShape): Savings | undefined {
  const candidates = [...computeSavings(pricing, shape), ...databaseSavings(pricing, shape)];
  const best = candidates.filter((c) => c.monthlyUsd >= 0.01).sort((a, b) => b.monthlyUsd - a.monthlyUsd)[0];
  if (!best) return undefined;
  return {
    ...best,
    percent: Math.round((best.monthlyUsd / shape.monthlyUsd) * 100),
    newMonthlyUsd: shape.monthlyUsd - best.monthlyUsd,
  };
}

type Candidate = Pick<Savings, 'kind' | 'target' | 'optimization' | 'monthlyUsd'>;

function computeSavings(pricing: ProviderPricing, shape: PricedShape): Candidate[] {
  if ((shape.kind !== 'vm' && shape.kind !== 'k8s') || !shape.machineType) return [];
  const current = pricing.machineTypes[shape.machineType];
  if (!current) return [];
  const nodes = shape.kind === 'k8s' ? (shape.nodeCount ?? 1) : 1;
  const monthlyPerUnit = (hourly: number) => hourly * shape.computeMultiplier * HOURS_PER_MONTH * nodes;
  const subject = shape.kind === 'k8s' ? `the ${nodes} ${nodes === 1 ? 'node' : 'nodes'}` : 'it';
  const candidates: Candidate[] = [];

  const discount = pricing.spot.discountByFamily[current.family];
  if (discount !== undefined) {
    candidates.push({
      kind: 'spot',
      target: shape.machineType,
      optimization: `Run ${subject} as ${pricing.spot.label} (typically ${Math.round(discount * 100)}% off ${shape.machineType}; can be reclaimed at short notice, so only for work that survives restarts)`,
      monthlyUsd: monthlyPerUnit(current.hourlyUsd * discount),
    });
  }

  const cheaper = Object.entries(pricing.machineTypes)
    .filter(([, t]) => t.vcpus >= current.vcpus && t.memoryGb >= current.memoryGb && t.hourlyUsd < current.hourlyUsd)
    .filter(([, t]) => current.burstable || !t.burstable)
    .sort(([, a], [, b]) => a.hourlyUsd - b.hourlyUsd)[0];
  if (cheaper) {
    const [name, t] = cheaper;
    candidates.push({
      kind: 'rightsize',
      target: name,
      optimization: `Switch ${subject} to ${name} (${t.vcpus} vCPU, ${t.memoryGb} GiB): at least the same vCPUs and memory for less`,
      monthlyUsd: monthlyPerUnit(current.hourlyUsd - t.hourlyUsd),
    });
  }
  return candidates;
}

function databaseSavings(pricing: ProviderPricing, shape: PricedShape): Candidate[] {
  if (shape.kind !== 'database' || !shape.machineType) return [];
  const current = pricing.database.tiers[shape.machineType];
  if (!current) return [];
  // The next tier down, not the smallest: a big jump in size is rarely an honest suggestion.
  const smaller = Object.entries(pricing.database.tiers)
    .filter(([, t]) => t.hourlyUsd < current.hourlyUsd)
    .sort(([, a], [, b]) => b.hourlyUsd - a.hourlyUsd)[0];
  if (!smaller) return [];
  const [name, t] = smaller;
  return [
    {
      kind: 'smaller-tier',
      target: name,
      optimization: `Start on the smaller ${name} tier (${t.vcpus} vCPU, ${t.memoryGb} GiB) and scale up when the load needs it`,
      monthlyUsd: (current.hourlyUsd - t.hourlyUsd) * shape.computeMultiplier * HOURS_PER_MONTH,
    },
  ];
}
