import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/advisor/cost-math.js';
import { loadPricingCatalog, parsePricingCatalog, type PricingCatalog } from '../../src/advisor/pricing-catalog.js';
import { PRICING_DATA } from '../../src/advisor/pricing-data.js';
import type { ResourceDescription } from '../../src/advisor/resource.js';
import type { Savings } from '../../src/advisor/savings.js';

const catalog = loadPricingCatalog();

function savingsFor(resource: ResourceDescription, from: PricingCatalog = catalog): Savings | undefined {
  const result = estimateCost(from, resource, 3.6);
  if (!result.ok) throw new Error(result.error);
  return result.value.savings;
}

describe('treasure hunt (computed savings)', () => {
  it.each([
    // The percent is of the whole bill (disk, IP address and fees included), which Spot does not touch.
    ['GCP n1-standard-4: Spot VMs at 79% off the machine', { provider: 'gcp', region: 'us-central1', kind: 'vm', machineType: 'n1-standard-4' }, 'spot', 138.69927 * 0.79, 76],
    ['AWS m5.large: Spot at 60% off (no cheaper non-burstable type with 8 GiB)', { provider: 'aws', region: 'us-east-1', kind: 'vm', machineType: 'm5.large' }, 'spot', 70.08 * 0.6, 56],
    ['Azure D4s_v5: Spot, never a burstable B4ms for a steady type', { provider: 'azure', region: 'eastus', kind: 'vm', machineType: 'Standard_D4s_v5' }, 'spot', 0.192 * 730 * 0.8, 77],
    ['GKE: Spot nodes; their disks and IPs stay', { provider: 'gcp', region: 'us-central1', kind: 'k8s' }, 'spot', 3 * 0.134012 * 730 * 0.7, 64],
    ['RDS db.t3.medium: the next tier down, not the smallest', { provider: 'aws', region: 'us-east-1', kind: 'database', machineType: 'db.t3.medium' }, 'smaller-tier', (0.072 - 0.036) * 730, 45],
    ['Cloud SQL db-g1-small: db-f1-micro', { provider: 'gcp', region: 'us-central1', kind: 'database', machineType: 'db-g1-small' }, 'smaller-tier', (0.035 - 0.0105) * 730, 65],
  ] as const)('%s', (_name, resource, kind, monthlyUsd, percent) => {
    const savings = savingsFor(resource);
    expect(savings?.kind).toBe(kind);
    expect(savings?.monthlyUsd).toBeCloseTo(monthlyUsd, 6);
    expect(savings?.percent).toBe(percent);
  });

  it('keeps savings and the new monthly cost consistent with the estimate', () => {
    const result = estimateCost(catalog, { provider: 'aws', region: 'eu-west-1', kind: 'k8s', machineType: 'm5.xlarge', nodeCount: 4 }, 3.6);
    if (!result.ok) throw new Error(result.error);
    const { monthlyUsd, savings } = result.value;
    expect(savings!.newMonthlyUsd + savings!.monthlyUsd).toBeCloseTo(monthlyUsd, 9);
    expect(savings!.optimization).toContain('the 4 nodes');
    expect(savings!.optimization).not.toMatch(/\$/);
  });

  it.each([
    ['the cheapest Cloud SQL tier', { provider: 'gcp', region: 'us-central1', kind: 'database' }],
    ['the cheapest RDS tier', { provider: 'aws', region: 'us-east-1', kind: 'database', machineType: 'db.t3.micro' }],
    ['an Azure B2s (no Spot for the B series, nothing cheaper with 2 vCPU / 4 GiB)', { provider: 'azure', region: 'eastus', kind: 'vm', machineType: 'Standard_B2s' }],
    ['a bucket', { provider: 'aws', region: 'us-east-1', kind: 'bucket', storageGb: 1000 }],
  ] as const)('finds no treasure for %s', (_name, resource) => {
    expect(savingsFor(resource)).toBeUndefined();
  });

  it('suggests the cheapest type with at least the same vCPUs and memory when Spot is not offered', () => {
    const data = structuredClone(PRICING_DATA) as unknown as { providers: { gcp: { spot: { discountByFamily: Record<string, number> } } } };
    data.providers.gcp.spot.discountByFamily = {};
    const noSpot = parsePricingCatalog(data);
    const savings = savingsFor({ provider: 'gcp', region: 'us-central1', kind: 'vm', machineType: 'n1-standard-4' }, noSpot);
    expect(savings).toMatchObject({ kind: 'rightsize', target: 'e2-standard-4', percent: 28 });
    expect(savings!.optimization).toContain('e2-standard-4 (4 vCPU, 16 GiB)');
    expect(savings!.monthlyUsd).toBeCloseTo((0.189999 - 0.134012) * 730, 6);
  });
});
