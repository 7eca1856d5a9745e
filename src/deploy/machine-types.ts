import { loadPricingCatalog, sizesFor, type PricingCatalog } from '../advisor/pricing-catalog.js';
import { code, machineTypeNoun, resolveName } from '../advisor/resource.js';
import type { Provider, Validation } from '../cloud/providers.js';
import type { SizedKind } from '../cloud/resource-kinds.js';

/**
 * The machine types (VM sizes, node sizes, database tiers) a deployment may use: exactly the pricing
 * catalog's, so every type the bot deploys is one it can put a price on.
 */
export function offeredMachineTypes(provider: Provider, kind: SizedKind, catalog: PricingCatalog = loadPricingCatalog()): string[] {
  return Object.keys(sizesFor(catalog.providers[provider], kind));
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
