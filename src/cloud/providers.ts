import { closestMatch } from './closest-match.js';

export const PROVIDERS = ['gcp', 'aws', 'azure'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PROVIDER_NAMES: Record<Provider, string> = { gcp: 'Google Cloud', aws: 'AWS', azure: 'Azure' };

/** Public regions as of 2026 (gcloud compute regions list / aws ec2 describe-regions / az account list-locations). */
export const REGIONS: Record<Provider, readonly string[]> = {
  gcp: [
    'africa-south1', 'asia-east1', 'asia-east2', 'asia-northeast1', 'asia-northeast2', 'asia-northeast3',
    'asia-south1', 'asia-south2', 'asia-southeast1', 'asia-southeast2', 'australia-southeast1',
    'australia-southeast2', 'europe-central2', 'europe-north1', 'europe-north2', 'europe-southwest1',
    'europe-west1', 'europe-west2', 'europe-west3', 'europe-west4', 'europe-west6', 'europe-west8',
    'europe-west9', 'europe-west10', 'europe-west12', 'me-central1', 'me-central2', 'me-west1',
    'northamerica-northeast1', 'northamerica-northeast2', 'northamerica-south1', 'southamerica-east1',
    'southamerica-west1', 'us-central1', 'us-east1', 'us-east4', 'us-east5', 'us-south1', 'us-west1',
    'us-west2', 'us-west3', 'us-west4',
  ],
  aws: [
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1',
    'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
    'ap-southeast-7', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1',
    'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2',
    'eu-north-1', 'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
  ],
  azure: [
    'eastus', 'eastus2', 'westus', 'westus2', 'westus3', 'centralus', 'northcentralus', 'southcentralus',
    'westcentralus', 'canadacentral', 'canadaeast', 'brazilsouth', 'mexicocentral', 'northeurope', 'westeurope',
    'uksouth', 'ukwest', 'francecentral', 'germanywestcentral', 'switzerlandnorth', 'norwayeast', 'swedencentral',
    'polandcentral', 'italynorth', 'spaincentral', 'australiaeast', 'australiasoutheast', 'australiacentral',
    'newzealandnorth', 'eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'centralindia',
    'southindia', 'westindia', 'indonesiacentral', 'malaysiawest', 'uaenorth', 'qatarcentral', 'israelcentral',
    'southafricanorth',
  ],
};

/** What each provider calls the thing we call "project ID", for error messages. */
export const PROJECT_ID_LABELS: Record<Provider, string> = {
  gcp: 'GCP project ID',
  aws: 'AWS account ID',
  azure: 'Azure subscription ID',
};

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

export function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

export function validateRegion(provider: Provider, input: string): Validation<string> {
  const region = input.trim().toLowerCase();
  if (REGIONS[provider].includes(region)) return { ok: true, value: region };
  const hint = closestMatch(region, REGIONS[provider]);
  return {
    ok: false,
    error: `\`${excerpt(input)}\` is not a ${PROVIDER_NAMES[provider]} region.${hint ? ` Did you mean \`${hint}\`?` : ''}`,
  };
}

export function validateProjectId(provider: Provider, input: string): Validation<string> {
  const id = input.trim();
  const label = PROJECT_ID_LABELS[provider];
  switch (provider) {
    case 'gcp': {
      // https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
      if (id.length < 6 || id.length > 30) return fail(`A ${label} is 6 to 30 characters long; \`${excerpt(id)}\` has ${id.length}.`);
      if (!/^[a-z]/.test(id)) return fail(`A ${label} must start with a lowercase letter.`);
      if (!/^[a-z0-9-]+$/.test(id)) return fail(`A ${label} may contain only lowercase letters, digits and hyphens.`);
      if (id.endsWith('-')) return fail(`A ${label} cannot end with a hyphen.`);
      return { ok: true, value: id };
    }
    case 'aws':
      return /^\d{12}$/.test(id) ? { ok: true, value: id } : fail(`An ${label} is exactly 12 digits, e.g. \`123456789012\`.`);
    case 'azure':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
        ? { ok: true, value: id.toLowerCase() }
        : fail(`An ${label} is a GUID like \`00000000-0000-0000-0000-000000000000\`.`);
  }
}

/** A human label for the project; shown in embeds, so printable and short. */
export function validateProjectName(input: string): Validation<string> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length < 1 || name.length > 64) return fail('The project name must be 1 to 64 characters long.');
  if (!/^[\p{L}\p{N} ._'!-]+$/u.test(name)) {
    return fail("The project name may contain letters, digits, spaces and . _ ' ! - only.");
  }
  return { ok: true, value: name };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** Echo user input in an error only briefly and without markdown breakers. */
export function excerpt(text: string): string {
  return text.replace(/[`\n\r]/g, '').slice(0, 40);
}
