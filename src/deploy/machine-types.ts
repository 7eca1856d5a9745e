import { loadPricingCatalog, sizesFor, type PricingCatalog } from '../advisor/pricing-catalog.js';
import { code, machineTypeNoun, resolveName } from '../advisor/resource.js';
import type { Provider, Validation } from '../cloud/providers.js';
import { K8S_NODE_MINIMUMS, meetsNodeMinimum, type SizedKind } from '../cloud/resource-kinds.js';

/**
 * The machine types (VM sizes, node sizes, database tiers) a deployment may use: the pricing catalog's,
 * so every type the bot deploys is one it can put a price on; cluster nodes only from the provider's
 * Kubernetes node minimum up.
 */
export function offeredMachineTypes(provider: Provider, kind: SizedKind, catalog: PricingCatalog = loadPricingCatalog()): string[] {
  return Object.keys(sizesFor(catalog.providers[provider], provider, kind));
}

/** What a deployment gets when the user picks no size: the catalog's default, the same one the advisor prices. */
export function defaultMachineType(provider: Provider, kind: SizedKind, catalog: PricingCatalog = loadPricingCatalog()): string {
  return catalog.providers[provider].defaults[kind];
}

/**
 * The catalog's spelling of `input` if it is an offered type for this provider and kind; otherwise a
 * message that names the likely mistake (a database tier given for a VM, or the other way round) or the
 * closest offered types.
 */
export function validateMachineType(provider: Provider, kind: SizedKind, input: string, catalog: PricingCatalog = loadPricingCatalog()): Validation<string> {
  const pricing = catalog.providers[provider];
  const value = input.trim();
  const noun = machineTypeNoun(pricing, provider, kind);
  const example = code(defaultMachineType(provider, kind, catalog));
  if (value === '') return { ok: false, error: `The ${noun} cannot be empty; try ${example}.` };

  if (kind === 'k8s') {
    const tooSmall = nodeTooSmall(provider, value, catalog);
    if (tooSmall) return { ok: false, error: tooSmall };
  }
  const offered = offeredMachineTypes(provider, kind, catalog);
  const found = resolveName(value, offered, noun, 'and the bot deploys only what it can price');
  if (found.ok) return found;

  const otherKind: SizedKind = kind === 'database' ? 'vm' : 'database';
  const lower = value.toLowerCase();
  if (offeredMachineTypes(provider, otherKind, catalog).some((type) => type.toLowerCase() === lower)) {
    const service = pricing.database.service;
    const is = kind === 'database' ? 'a machine type for VMs and cluster nodes' : `a database tier of ${service}`;
    const wants = kind === 'database' ? `a database takes a tier of ${service}` : `${kind === 'vm' ? 'a VM takes' : 'cluster nodes take'} a machine type`;
    return { ok: false, error: `${code(value)} is ${is}; ${wants}, such as ${example}.` };
  }
  return found;
}

/** Why a priced machine type cannot be a cluster node, if it is one that falls below the node minimum. */
function nodeTooSmall(provider: Provider, value: string, catalog: PricingCatalog): string | undefined {
  const lower = value.toLowerCase();
  const entry = Object.entries(catalog.providers[provider].machineTypes).find(([type]) => type.toLowerCase() === lower);
  if (!entry || meetsNodeMinimum(provider, entry[1])) return undefined;
  const [type, size] = entry;
  const minimum = K8S_NODE_MINIMUMS[provider];
  const smallest = offeredMachineTypes(provider, 'k8s', catalog)
    .map((name) => [name, catalog.providers[provider].machineTypes[name]!.hourlyUsd] as const)
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([name]) => code(name));
  const burstable = minimum.burstable ? '' : ', not burstable';
  return `${code(type)} (${size.vcpus} vCPU, ${size.memoryGb} GB) is too small for ${catalog.providers[provider].kubernetes.service} nodes: they need at least ${minimum.vcpus} vCPUs and ${minimum.memoryGb} GB${burstable}, because ${minimum.why}. Try ${smallest.join(', ')}.`;
}
