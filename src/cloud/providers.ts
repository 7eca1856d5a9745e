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

/**
 * A region of this provider, or a message with the closest one (a typo, or the other providers' spelling:
 * `us-east-1` on Google Cloud is `us-east1`).
 */
export function validateRegion(provider: Provider, input: string): Validation<string> {
  const region = input.trim().toLowerCase();
  if (REGIONS[provider].includes(region)) return { ok: true, value: region };
  const hint = closestMatch(region, REGIONS[provider]);
  const owner = PROVIDERS.find((other) => other !== provider && REGIONS[other].includes(region));
  const what = owner ? `is ${aOrAn(PROVIDER_NAMES[owner])} region, not ${aOrAn(PROVIDER_NAMES[provider])} one` : `is not ${aOrAn(PROVIDER_NAMES[provider])} region`;
  const suggestion = hint ? ` Did you mean \`${hint}\`?` : ` ${PROVIDER_NAMES[provider]} regions look like ${REGION_EXAMPLES[provider]}.`;
  return { ok: false, error: `\`${excerpt(input)}\` ${what}.${suggestion}` };
}

/** "a Google Cloud", "an AWS", "an Azure". */
function aOrAn(name: string): string {
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

const REGION_EXAMPLES: Record<Provider, string> = {
  gcp: '`us-central1`, `europe-west1` or `asia-southeast1`',
  aws: '`us-east-1`, `eu-west-1` or `ap-southeast-1`',
  azure: '`eastus`, `westeurope` or `southeastasia`',
};

/**
 * The project's ID in its provider's format. Every problem of the input is named at once (a
 * `BAD_ID!!` is told about its first letter and about its characters), with a corrected ID to try when
 * one is obvious (`123456789012` for an AWS account typed `1234-5678-9012`, `my-project` for `My_Project`).
 */
export function validateProjectId(provider: Provider, input: string): Validation<string> {
  const id = input.trim();
  const label = PROJECT_ID_LABELS[provider];
  const problems = projectIdProblems(provider, id);
  if (problems.length === 0) return { ok: true, value: provider === 'azure' ? id.toLowerCase() : id };
  const fix = suggestedProjectId(provider, id);
  const tryIt = fix && fix !== id ? ` Try \`${fix}\`.` : '';
  return fail(`\`${excerpt(id)}\` is not a valid ${label}: ${problems.join('; ')}.${tryIt}`);
}

function projectIdProblems(provider: Provider, id: string): string[] {
  const label = PROJECT_ID_LABELS[provider];
  switch (provider) {
    case 'gcp': {
      // https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
      const problems: string[] = [];
      if (id.length < 6 || id.length > 30) problems.push(`a ${label} is 6 to 30 characters long, and this one has ${id.length}`);
      if (!/^[a-z]/.test(id)) problems.push(`it must start with a lowercase letter${id ? ` (not \`${excerpt(id[0]!)}\`)` : ''}`);
      const bad = charactersOutside(id, /[a-z0-9-]/);
      if (bad) problems.push(`it may contain only lowercase letters, digits and hyphens (not ${bad})`);
      if (id.endsWith('-')) problems.push('it cannot end with a hyphen');
      return problems;
    }
    case 'aws': {
      if (/^\d{12}$/.test(id)) return [];
      const digits = id.replace(/\D/g, '').length;
      const bad = charactersOutside(id, /\d/);
      return [`an ${label} is exactly 12 digits, e.g. \`123456789012\`, and this one has ${digits}${bad ? ` and ${bad}` : ''}`];
    }
    case 'azure':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
        ? []
        : [`an ${label} is a GUID like \`00000000-0000-0000-0000-000000000000\`${charactersOutside(id, /[0-9a-f-]/i) ? ` (not ${charactersOutside(id, /[0-9a-f-]/i)})` : ''}`];
  }
}

/** The ID the user most likely meant, if a mechanical fix gives a valid one. */
function suggestedProjectId(provider: Provider, id: string): string | undefined {
  let fix: string;
  // Only fixes that keep the ID the user typed: case and underscores, separators, braces. Nothing is dropped.
  if (provider === 'gcp') fix = id.toLowerCase().replace(/_/g, '-');
  else if (provider === 'aws') fix = id.replace(/[\s-]/g, '');
  else {
    const hex = id.replace(/[\s{}()-]/g, '').toLowerCase();
    fix = hex.length === 32 ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : '';
  }
  return fix !== '' && projectIdProblems(provider, fix).length === 0 ? fix : undefined;
}

/** "uppercase letters, `_`, `!`": what in `text` falls outside `allowed`, for a message (undefined if nothing). */
export function charactersOutside(text: string, allowed: RegExp): string | undefined {
  const outside = [...new Set([...text].filter((c) => !allowed.test(c)))];
  if (outside.length === 0) return undefined;
  const names = new Set<string>();
  for (const c of outside) {
    if (/[A-Z]/.test(c)) names.add('uppercase letters');
    else if (c === ' ') names.add('spaces');
    else if (/\s/.test(c)) names.add('line breaks or tabs');
    else if (c === '`') names.add('backticks');
    else if (/\p{Cc}/u.test(c)) names.add('control characters');
    else names.add(`\`${c}\``);
  }
  const listed = [...names];
  return listed.length > 6 ? `${listed.slice(0, 6).join(', ')}, …` : listed.join(', ');
}

/** A human label for the project; shown in embeds, so printable and short. Every problem at once. */
export function validateProjectName(input: string): Validation<string> {
  const name = input.trim().replace(/\s+/g, ' ');
  const problems: string[] = [];
  if (name.length < 1 || name.length > 64) problems.push(`must be 1 to 64 characters long${name.length > 64 ? ` (this one has ${name.length})` : ''}`);
  const bad = charactersOutside(name, /[\p{L}\p{N} ._'!-]/u);
  if (bad) problems.push(`may contain letters, digits, spaces and . _ ' ! - only (not ${bad})`);
  if (problems.length === 0) return { ok: true, value: name };
  return fail(problems.map((p, i) => `${i === 0 ? 'The project name' : 'It'} ${p}.`).join(' '));
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** Echo user input in an error only briefly and without markdown breakers. */
export function excerpt(text: string): string {
  return text.replace(/[`\n\r]/g, '').slice(0, 40);
}
