import { describe, expect, it } from 'vitest';
import { listMachineTypes } from '../../src/advisor/cost-math.js';
import { loadPricingCatalog } from '../../src/advisor/pricing-catalog.js';
import { PROVIDERS } from '../../src/cloud/providers.js';
import { K8S_NODE_MINIMUMS, type SizedKind } from '../../src/cloud/resource-kinds.js';
import { parsePricingCatalog } from '../../src/advisor/pricing-catalog.js';
import { PRICING_DATA } from '../../src/advisor/pricing-data.js';
import { defaultMachineType, offeredMachineTypes, validateMachineType } from '../../src/deploy/machine-types.js';

const catalog = loadPricingCatalog();
const SIZED_KINDS: SizedKind[] = ['vm', 'k8s', 'database'];
const CASES = PROVIDERS.flatMap((provider) => SIZED_KINDS.map((kind) => [provider, kind] as const));

describe('machine types offered for deployment', () => {
  it.each(CASES)('%s %s: the default is offered and priced in every priced region', (provider, kind) => {
    const type = defaultMachineType(provider, kind);
    expect(validateMachineType(provider, kind, type)).toEqual({ ok: true, value: type });
    for (const region of Object.keys(catalog.providers[provider].regions)) {
      const priced = listMachineTypes(catalog, provider, region, kind);
      if (!priced.ok) throw new Error(priced.error);
      expect(priced.value.map((o) => o.machineType)).toContain(type);
    }
  });

  it.each(CASES)('%s %s: every offered type validates and is in the priced list', (provider, kind) => {
    const priced = listMachineTypes(catalog, provider, catalog.providers[provider].baseRegion, kind);
    if (!priced.ok) throw new Error(priced.error);
    const offered = offeredMachineTypes(provider, kind);
    expect(priced.value.map((o) => o.machineType).sort()).toEqual([...offered].sort());
    for (const type of offered) expect(validateMachineType(provider, kind, type).ok).toBe(true);
  });

  it('normalises case to the catalog spelling', () => {
    expect(validateMachineType('azure', 'k8s', 'standard_d4s_V5')).toEqual({ ok: true, value: 'Standard_D4s_v5' });
  });

  it.each([
    ['gcp', 'vm', 'db-f1-micro', '`db-f1-micro` is a database tier of Cloud SQL for PostgreSQL; a VM takes a machine type, such as `e2-medium`.'],
    ['azure', 'k8s', 'b_standard_b1ms', '`b_standard_b1ms` is a database tier of Azure Database for PostgreSQL Flexible Server (Burstable); cluster nodes take a machine type, such as `Standard_D2s_v5`.'],
    ['aws', 'database', 't3.micro', '`t3.micro` is a machine type for VMs and cluster nodes; a database takes a tier of Amazon RDS for PostgreSQL (Single-AZ), such as `db.t3.micro`.'],
  ] as const)('names the mix-up when a %s %s is given %s', (provider, kind, input, error) => {
    expect(validateMachineType(provider, kind, input)).toEqual({ ok: false, error });
  });

  it('suggests the nearest offered type for a typo, and says why others are refused', () => {
    const result = validateMachineType('gcp', 'vm', 'n1-standrd-4');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('Did you mean `n1-standard-4`?');
    expect(result.error).toContain('the bot deploys only what it can price');
  });

  it('refuses an empty type with an example', () => {
    expect(validateMachineType('aws', 'k8s', '  ')).toEqual({ ok: false, error: 'The AWS machine type cannot be empty; try `t3.medium`.' });
  });

  it.each(PROVIDERS)('%s k8s: offers, lists and accepts only node sizes from the provider\'s minimum up', (provider) => {
    const minimum = K8S_NODE_MINIMUMS[provider];
    const types = catalog.providers[provider].machineTypes;
    const offered = offeredMachineTypes(provider, 'k8s');
    const tooSmall = Object.keys(types).filter((type) => !offered.includes(type));
    expect(tooSmall.length).toBeGreaterThan(0);
    for (const type of offered) {
      expect(types[type]!.vcpus).toBeGreaterThanOrEqual(minimum.vcpus);
      expect(types[type]!.memoryGb).toBeGreaterThanOrEqual(minimum.memoryGb);
      if (!minimum.burstable) expect(types[type]!.burstable).toBe(false);
    }
    const menu = listMachineTypes(catalog, provider, catalog.providers[provider].baseRegion, 'k8s');
    if (!menu.ok) throw new Error(menu.error);
    for (const type of tooSmall) {
      expect(menu.value.map((o) => o.machineType)).not.toContain(type);
      expect(validateMachineType(provider, 'k8s', type).ok).toBe(false);
      // Still a VM size.
      expect(validateMachineType(provider, 'vm', type).ok).toBe(true);
    }
  });

  it.each([
    ['azure', 'Standard_B1s', '`Standard_B1s` (1 vCPU, 1 GB) is too small for AKS nodes: they need at least 2 vCPUs and 4 GB, not burstable, because AKS requires at least 2 vCPUs and 4 GB for the system node pool'],
    ['azure', 'standard_b2ms', '`Standard_B2ms` (2 vCPU, 8 GB) is too small for AKS nodes'],
    ['aws', 't3.small', '`t3.small` (2 vCPU, 2 GB) is too small for EKS nodes: they need at least 2 vCPUs and 4 GB, because EKS runs at most 4 pods on a t3.micro and 11 on a t3.small'],
    ['gcp', 'e2-micro', '`e2-micro` (2 vCPU, 1 GB) is too small for GKE nodes: they need at least 2 vCPUs and 4 GB, because GKE rejects micro types'],
  ] as const)('%s k8s: refuses %s as a node, saying why and what to take', (provider, input, error) => {
    const result = validateMachineType(provider, 'k8s', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(error);
    expect(result.error).toMatch(/Try `[^`]+`, `[^`]+`, `[^`]+`\.$/);
  });

  it('refuses a catalog whose default node type is below the minimum', () => {
    const data = structuredClone(PRICING_DATA) as unknown as { providers: { aws: { defaults: { k8s: string } } } };
    data.providers.aws.defaults.k8s = 't3.small';
    expect(() => parsePricingCatalog(data)).toThrow('providers.aws.defaults.k8s: the default node type is below the Kubernetes node minimum');
  });
});
