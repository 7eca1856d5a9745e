import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateCost, formatMonthly, formatUsd, latteCost, listMachineTypes, type CostFigures } from '../../src/advisor/cost-math.js';
import { loadPricingCatalog, parsePricingCatalog } from '../../src/advisor/pricing-catalog.js';
import { PRICING_DATA } from '../../src/advisor/pricing-data.js';
import type { ResourceDescription } from '../../src/advisor/resource.js';
import { projectPath } from '../../src/paths.js';

const catalog = loadPricingCatalog();

function estimate(resource: ResourceDescription, lattePriceUsd = 3.6): CostFigures {
  const result = estimateCost(catalog, resource, lattePriceUsd);
  if (!result.ok) throw new Error(`expected an estimate, got: ${result.error}`);
  return result.value;
}

function estimateError(resource: unknown): string {
  const result = estimateCost(catalog, resource, 3.6);
  if (result.ok) throw new Error(`expected an error, got $${result.value.monthlyUsd}/month`);
  return result.error;
}

describe('pricing catalog', () => {
  it('validates the bundled data and records a pricing page per service and the month of the prices', () => {
    for (const provider of ['gcp', 'aws', 'azure'] as const) {
      const { sources, pricesAsOf, regions } = catalog.providers[provider];
      for (const source of Object.values(sources)) expect(source.url).toMatch(/^https:\/\//);
      expect(pricesAsOf).toMatch(/^20\d\d-\d\d$/);
      expect(Object.keys(regions).length).toBeGreaterThanOrEqual(4);
    }
  });

  it.each(['gcp', 'aws', 'azure'] as const)('names, for every billed %s line, a resource its template really creates', (provider) => {
    for (const [kind, lines] of Object.entries(catalog.providers[provider].billed)) {
      const template = readFileSync(projectPath('templates', 'terraform', provider, kind, 'main.tf'), 'utf8');
      for (const line of lines) expect(template, `${provider}/${kind}: ${line.label}`).toContain(`resource "${line.createdBy.split(' ')[0]}"`);
    }
  });
  it('refuses data whose defaults name a type it does not price', () => {
    const broken = structuredClone(PRICING_DATA) as unknown as { providers: { gcp: { defaults: { vm: string } } } };
    broken.providers.gcp.defaults.vm = 'e2-imaginary';
    expect(() => parsePricingCatalog(broken)).toThrow(/default vm type e2-imaginary/);
  });

  it('refuses a region the provider does not have', () => {
    const broken = structuredClone(PRICING_DATA) as unknown as { providers: { aws: { regions: Record<string, unknown> } } };
    broken.providers.aws.regions['moon-base-1'] = { computeMultiplier: 1, storageMultiplier: 1 };
    expect(() => parsePricingCatalog(broken)).toThrow(/moon-base-1 is not a aws region/);
  });
});

describe('estimateCost', () => {
  it('prices a GCP n1-standard-4 VM with its boot disk and external IPv4 address, as the template bills them', () => {
    const figures = estimate({ provider: 'gcp', region: 'us-central1', kind: 'vm', machineType: 'n1-standard-4' });
    expect(figures.breakdown.map((l) => [l.label, Number(l.monthlyUsd.toFixed(5)), l.source.url])).toEqual([
      ['n1-standard-4 VM', 138.69927, 'https://cloud.google.com/compute/vm-instance-pricing'],
      ['20 GB balanced persistent disk (boot)', 2, 'https://cloud.google.com/compute/disks-image-pricing'],
      ['External IPv4 address', 3.65, 'https://cloud.google.com/vpc/network-pricing#ipaddress'],
    ]);
    expect(figures.monthlyUsd).toBeCloseTo(144.34927, 5);
    expect(formatMonthly(figures)).toBe('$144.35/month on-demand (730 h)');
    expect(figures.hourlyUsd * 730).toBeCloseTo(figures.monthlyUsd, 9);
    expect(figures.latte.text).toBe('1.3 lattes/day ($4.75/day)');
    expect(figures.source).toEqual({ name: 'Compute Engine VM instance pricing', url: 'https://cloud.google.com/compute/vm-instance-pricing', pricesAsOf: '2025-06' });
  });

  it('prices the e2-medium the issue measured at about $30/month, not $24.46', () => {
    expect(formatMonthly(estimate({ provider: 'gcp', region: 'us-central1', kind: 'vm', machineType: 'e2-medium' }))).toBe('$30.11/month on-demand (730 h)');
  });

  it('takes the free zonal-cluster credit off the GKE fee, and says what it assumes', () => {
    const figures = estimate({ provider: 'gcp', region: 'us-central1', kind: 'k8s', nodeCount: 2 });
    expect(figures.breakdown.slice(0, 2).map((l) => [l.label, l.monthlyUsd])).toEqual([
      ['GKE cluster fee (Standard, zonal)', 73],
      ['GKE free tier credit', -73],
    ]);
    expect(figures.breakdown.map((l) => l.label)).toEqual(expect.arrayContaining(['2 × e2-standard-4 nodes', '2 × 50 GB balanced persistent disk (node boot)', '2 × External IPv4 address (node)']));
    expect(figures.notes.join(' ')).toContain('one zonal cluster per billing account: if another cluster already uses it, add $73.00/month');
  });

  it.each([
    ['vm', 'gcp', 'https://cloud.google.com/compute/vm-instance-pricing'],
    ['k8s', 'gcp', 'https://cloud.google.com/kubernetes-engine/pricing'],
    ['database', 'gcp', 'https://cloud.google.com/sql/pricing'],
    ['bucket', 'gcp', 'https://cloud.google.com/storage/pricing'],
    ['k8s', 'aws', 'https://aws.amazon.com/eks/pricing/'],
    ['database', 'aws', 'https://aws.amazon.com/rds/postgresql/pricing/'],
    ['bucket', 'aws', 'https://aws.amazon.com/s3/pricing/'],
    ['k8s', 'azure', 'https://azure.microsoft.com/pricing/details/kubernetes-service/'],
    ['database', 'azure', 'https://azure.microsoft.com/pricing/details/postgresql/flexible-server/'],
    ['bucket', 'azure', 'https://azure.microsoft.com/pricing/details/storage/blobs/'],
  ] as const)('cites the %s pricing page of %s, not the VM one', (kind, provider, url) => {
    const region = catalog.providers[provider].baseRegion;
    expect(estimate({ provider, region, kind }).source.url).toBe(url);
  });

  it.each([
    ['AWS t3.micro us-east-1: + 20 GB gp3 + public IPv4', { provider: 'aws', region: 'us-east-1', kind: 'vm', machineType: 't3.micro' }, 0.0104 * 730 + 1.6 + 3.65],
    ['AWS m5.large us-east-1', { provider: 'aws', region: 'us-east-1', kind: 'vm', machineType: 'm5.large' }, 70.08 + 1.6 + 3.65],
    ['AWS m5.large eu-west-1 (regional multiplier on the machine and the disk, not the IP)', { provider: 'aws', region: 'eu-west-1', kind: 'vm', machineType: 'm5.large' }, (0.096 * 730 + 1.6) * 1.1 + 3.65],
    ['AWS us-east-2 is priced like us-east-1', { provider: 'aws', region: 'us-east-2', kind: 'vm', machineType: 'm5.large' }, 70.08 + 1.6 + 3.65],
    ['Azure B2s eastus: + E4 OS disk + static IP', { provider: 'azure', region: 'eastus', kind: 'vm', machineType: 'Standard_B2s' }, 0.0416 * 730 + 2.4 + 3.65],
    ['Azure size written in lower case', { provider: 'azure', region: 'EastUS', kind: 'vm', machineType: 'standard_b2s' }, 0.0416 * 730 + 2.4 + 3.65],
    ['GCP default vm (e2-medium)', { provider: 'gcp', region: 'us-central1', kind: 'vm' }, 0.033503 * 730 + 2 + 3.65],
    ['GCP us-west1 is priced like us-central1', { provider: 'gcp', region: 'us-west1', kind: 'vm' }, 0.033503 * 730 + 2 + 3.65],
    ['GKE: fee less the free credit + 3 default e2-standard-4 nodes with disks and IPs', { provider: 'gcp', region: 'us-central1', kind: 'k8s' }, 3 * (0.134012 * 730 + 5 + 3.65)],
    ['EKS: fee + 2 t3.medium nodes with gp2 disks and IPs in eu-west-1', { provider: 'aws', region: 'eu-west-1', kind: 'k8s', machineType: 't3.medium', nodeCount: 2 }, 73 + 2 * ((0.0416 * 730 + 2) * 1.1 + 3.65)],
    ['AKS free tier: nodes with P10 OS disks, the outbound load balancer and its IP', { provider: 'azure', region: 'eastus', kind: 'k8s', nodeCount: 3 }, 3 * (0.096 * 730 + 19.71) + 18.25 + 3.65],
    ['Cloud SQL db-f1-micro + 10 GB minimum storage + the password secret', { provider: 'gcp', region: 'us-central1', kind: 'database' }, 0.0105 * 730 + 10 * 0.17 + 0.06],
    ['RDS db.t3.micro + 50 GB + public IPv4 + the master password secret', { provider: 'aws', region: 'us-east-1', kind: 'database', storageGb: 50 }, 0.018 * 730 + 50 * 0.115 + 3.65 + 0.4],
    ['RDS storage below the 20 GB minimum is billed at 20 GB', { provider: 'aws', region: 'us-east-1', kind: 'database', storageGb: 5 }, 0.018 * 730 + 20 * 0.115 + 3.65 + 0.4],
    ['Azure PostgreSQL B1ms + 32 GB', { provider: 'azure', region: 'eastus', kind: 'database' }, 0.0207 * 730 + 32 * 0.115],
    ['S3 bucket, default 100 GB', { provider: 'aws', region: 'us-east-1', kind: 'bucket' }, 2.3],
    ['GCS bucket, 500 GB', { provider: 'gcp', region: 'europe-west1', kind: 'bucket', storageGb: 500 }, 10],
    ['Azure blob, 100 GB in southeastasia', { provider: 'azure', region: 'southeastasia', kind: 'bucket' }, 1.84 * 1.1],
  ] as const)('%s', (_name, resource, monthly) => {
    const figures = estimate(resource);
    expect(figures.monthlyUsd).toBeCloseTo(monthly, 6);
    expect(figures.hourlyUsd * 730).toBeCloseTo(figures.monthlyUsd, 9);
    expect(figures.breakdown.reduce((sum, line) => sum + line.monthlyUsd, 0)).toBeCloseTo(figures.monthlyUsd, 9);
    expect(figures.notes.at(-1)).toMatch(/^Not included: /);
  });

  it.each([
    ['a machine type typo', { provider: 'gcp', region: 'us-central1', kind: 'vm', machineType: 'n1-standrd-4' }, ['`n1-standrd-4` is not a priced Google Cloud machine type', 'Did you mean `n1-standard-4`?']],
    ['an AWS type typo', { provider: 'aws', region: 'us-east-1', kind: 'k8s', machineType: 't3.mircro' }, ['Did you mean `t3.micro`?']],
    ['a type from another provider', { provider: 'azure', region: 'eastus', kind: 'vm', machineType: 'm5.large' }, ['`m5.large` is not a priced Azure machine type', 'Closest priced:']],
    ['an unknown database tier', { provider: 'aws', region: 'us-east-1', kind: 'database', machineType: 'db.t3.nano' }, ['not a priced Amazon RDS for PostgreSQL (Single-AZ) tier', 'Closest priced: `db.t3.micro`']],
    ['a region typo', { provider: 'gcp', region: 'us-centrl1', kind: 'vm' }, ['`us-centrl1` is not a priced Google Cloud region', 'Did you mean `us-central1`?', 'Priced regions:']],
    ['a real region the catalog does not price', { provider: 'gcp', region: 'europe-west4', kind: 'database' }, ["the bot's price list does not cover `europe-west4` yet (it is a real Google Cloud region: the deployment works the same)", 'Its prices: https://cloud.google.com/sql/pricing']],
    ['too many nodes', { provider: 'gcp', region: 'us-central1', kind: 'k8s', nodeCount: 11 }, ['nodeCount']],
    ['an unknown provider', { provider: 'oracle', region: 'us-ashburn-1', kind: 'vm' }, ['provider']],
  ] as const)('explains %s without inventing a number', (_name, resource, fragments) => {
    const error = estimateError(resource);
    for (const fragment of fragments) expect(error).toContain(fragment);
    expect(error).not.toMatch(/\$\d/);
  });
});

describe('latteCost', () => {
  it.each([
    [7.2, 3.6, '2 lattes/day ($7.20/day)'],
    [3.6, 3.6, '1 latte/day ($3.60/day)'],
    [4.56, 3.6, '1.3 lattes/day ($4.56/day)'],
    [40, 3.6, '11 lattes/day ($40.00/day)'],
    [10, 5, '2 lattes/day ($10.00/day)'],
    [2.4, 3.6, '1 latte every 1.5 days ($2.40/day)'],
    [0.804, 3.6, '1 latte every 4 days ($0.80/day)'],
    [0.0658, 3.6, '1 latte every 55 days ($0.07/day)'],
    [0.01, 3.6, '1 latte every 12 months ($0.01/day)'],
    [0.001, 3.6, 'less than 1 latte a year ($0.0010/day)'],
    [0, 3.6, 'Free: 0 lattes/day ($0.00/day)'],
  ])('$%s/day at $%s a latte reads "%s"', (daily, price, text) => {
    expect(latteCost(daily, price).text).toBe(text);
  });

  it('uses the configured latte price', () => {
    expect(estimate({ provider: 'gcp', region: 'us-central1', kind: 'vm', machineType: 'n1-standard-4' }, 2.375).latte.text).toBe('2 lattes/day ($4.75/day)');
  });
});

describe('formatUsd', () => {
  it.each([
    [138.69927, '$138.70'],
    [1234.5, '$1,234.50'],
    [0, '$0.00'],
    [0.008376, '$0.0084'],
    [-73, '−$73.00'],
  ])('%s → %s', (value, text) => expect(formatUsd(value)).toBe(text));
});

describe('listMachineTypes', () => {
  it('lists every priced GCP type for a VM, cheapest first, each priced as the whole deployment', () => {
    const result = listMachineTypes(catalog, 'gcp', 'us-central1', 'vm');
    if (!result.ok) throw new Error(result.error);
    expect(result.value).toHaveLength(13);
    expect(result.value[0]).toEqual({ machineType: 'e2-micro', vcpus: 2, memoryGb: 1, monthlyUsd: expect.closeTo(0.008376 * 730 + 5.65, 6) });
    const prices = result.value.map((o) => o.monthlyUsd!);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(result.value.find((o) => o.machineType === 'n1-standard-4')?.monthlyUsd).toBeCloseTo(144.34927, 5);
  });

  it('applies the regional multiplier and prices the cluster for its node count', () => {
    const result = listMachineTypes(catalog, 'aws', 'ap-southeast-1', 'k8s', 2);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.find((o) => o.machineType === 't3.medium')?.monthlyUsd).toBeCloseTo(73 + 2 * ((0.0416 * 730 + 2) * 1.25 + 3.65), 6);
    // Nodes start at the EKS minimum; t3.micro is a VM size only.
    expect(result.value.map((o) => o.machineType)).not.toContain('t3.micro');
  });

  it('lists the types without prices in a real region the catalog does not price, so the deployment can go on', () => {
    const result = listMachineTypes(catalog, 'gcp', 'us-west4', 'vm');
    if (!result.ok) throw new Error(result.error);
    expect(result.value).toHaveLength(13);
    expect(result.value.every((o) => o.monthlyUsd === undefined)).toBe(true);
    expect(result.value[0]?.machineType).toBe('e2-micro');
  });

  it.each([
    ['database tiers for a database', 'aws', 'database', ['db.t3.micro', 'db.t3.small', 'db.t3.medium']],
    ['nothing for a bucket', 'azure', 'bucket', []],
  ] as const)('lists %s', (_name, provider, kind, names) => {
    const region = Object.keys(catalog.providers[provider].regions)[0]!;
    const result = listMachineTypes(catalog, provider, region, kind);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.map((o) => o.machineType)).toEqual(names);
  });

  it('never returns more than 25 options, the select-menu limit', () => {
    for (const provider of ['gcp', 'aws', 'azure'] as const) {
      const result = listMachineTypes(catalog, provider, catalog.providers[provider].baseRegion, 'vm');
      expect(result.ok && result.value.length).toBeLessThanOrEqual(25);
    }
  });

  it('explains an unpriced region', () => {
    const result = listMachineTypes(catalog, 'aws', 'us-est-1', 'vm');
    expect(result).toEqual({ ok: false, error: expect.stringContaining('Did you mean `us-east-1`?') });
  });
});
