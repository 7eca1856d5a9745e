import { excerpt, type Provider, type Validation } from '../cloud/providers.js';
import type { ResourceKind } from '../cloud/resource-kinds.js';

/**
 * What a deployment's `name` may be, per provider and kind. The templates derive further names from it
 * (`<name>-net`, `rg-<name>`, `<name>-<random>`), so the caps are the provider's limit minus what the
 * template adds; each template's `variable "name"` validation states the same rule.
 */
interface NameRule {
  /** What the user is naming, with its article, for messages: "a GKE cluster name", "an EKS cluster name". */
  what: string;
  maxLength: number;
  /** Why the cap is what it is, when it is not simply the provider's limit. */
  why?: string;
  /** Azure storage accounts take no hyphens. */
  lettersAndDigitsOnly?: boolean;
  /** RDS identifiers and S3 buckets refuse `--`; all AWS names follow that rule, for one simple message. */
  noDoubleHyphen?: boolean;
  /** Provider-specific reserved words, e.g. Cloud Storage refuses names containing "google". */
  reserved?: (name: string) => string | undefined;
}

const NAME_RULES: Record<Provider, Record<ResourceKind, NameRule>> = {
  gcp: {
    vm: { what: 'a Compute Engine VM name', maxLength: 49, why: 'its firewall rule `<name>-allow-iap-ssh` must fit in 63' },
    k8s: { what: 'a GKE cluster name', maxLength: 40 },
    database: { what: 'a Cloud SQL instance name', maxLength: 54, why: 'a random suffix `-xxxxxxxx` is added' },
    bucket: {
      what: 'a Cloud Storage bucket name',
      maxLength: 54,
      why: 'a random suffix `-xxxxxxxx` makes it globally unique',
      reserved: (name) =>
        name.startsWith('goog') || name.includes('google')
          ? 'Cloud Storage refuses bucket names that start with `goog` or contain `google`.'
          : undefined,
    },
  },
  aws: {
    vm: { what: 'an EC2 instance name', maxLength: 45, why: 'its IAM role `<name>-ssm-<region>` must fit in 64', noDoubleHyphen: true },
    k8s: { what: 'an EKS cluster name', maxLength: 37, why: 'its IAM role `<name>-eks-cluster-<region>` must fit in 64', noDoubleHyphen: true },
    database: { what: 'an RDS instance identifier', maxLength: 63, noDoubleHyphen: true },
    bucket: {
      what: 'an S3 bucket name',
      maxLength: 54,
      why: 'a random suffix `-xxxxxxxx` makes it globally unique',
      noDoubleHyphen: true,
      reserved: (name) =>
        name.startsWith('sthree-') || name.startsWith('amzn-s3-demo-')
          ? 'S3 reserves bucket names starting with `sthree-` or `amzn-s3-demo-`.'
          : undefined,
    },
  },
  azure: {
    vm: { what: 'an Azure VM name', maxLength: 59, why: 'its virtual network `vnet-<name>` must fit in 64' },
    k8s: { what: 'an AKS cluster name', maxLength: 54, why: 'it is also the DNS prefix, which Azure caps at 54' },
    database: { what: 'a PostgreSQL server name', maxLength: 56, why: 'a random suffix `-xxxxxx` is added' },
    bucket: {
      what: 'an Azure storage account name',
      maxLength: 16,
      why: 'an 8-character random suffix is added and storage account names stop at 24',
      lettersAndDigitsOnly: true,
    },
  },
};

/** The longest name a template accepts. */
export function maxNameLength(provider: Provider, kind: ResourceKind): number {
  return NAME_RULES[provider][kind].maxLength;
}

/**
 * Checks a user-chosen resource name against the provider's rules, saying precisely what is wrong: every
 * problem at once ("must start with a letter. It cannot end with a hyphen."), not only the first.
 */
export function validateResourceName(provider: Provider, kind: ResourceKind, input: string): Validation<string> {
  const rule = NAME_RULES[provider][kind];
  const name = input.trim();
  const what = rule.what[0]!.toUpperCase() + rule.what.slice(1);
  if (name.length === 0) return fail(`${what} cannot be empty.`);
  const problems = nameProblems(rule, name);
  if (problems.length === 0) return { ok: true, value: name };
  const lower = name.toLowerCase();
  const sentences = problems.map((p, i) => (p.sentence ? p.text : `${i === 0 ? what : 'It'} ${p.text}.`));
  if (lower !== name && nameProblems(rule, lower).length === 0) {
    return fail(problems.length === 1 ? `${what} uses lowercase only: try \`${excerpt(lower)}\`.` : `${sentences.join(' ')} Try \`${excerpt(lower)}\`.`);
  }
  return fail(sentences.join(' '));
}

/** What is wrong with a non-empty name: verb phrases ("must start with a letter"), or whole sentences for reserved words. */
function nameProblems(rule: NameRule, name: string): { text: string; sentence?: true }[] {
  const problems: { text: string; sentence?: true }[] = [];
  const allowed = rule.lettersAndDigitsOnly ? 'lowercase letters and digits' : 'lowercase letters, digits and hyphens';
  const charset = rule.lettersAndDigitsOnly ? /^[a-z0-9]+$/ : /^[a-z0-9-]+$/;
  if (!charset.test(name)) {
    if (charset.test(name.toLowerCase())) problems.push({ text: 'uses lowercase only' });
    else {
      const bad = [...new Set(name.replace(rule.lettersAndDigitsOnly ? /[a-zA-Z0-9]/g : /[a-zA-Z0-9-]/g, ''))];
      problems.push({ text: `may contain only ${allowed}; \`${excerpt(name)}\` contains ${describeChars(bad)}` });
    }
  }
  if (!/^[a-z]/i.test(name)) problems.push({ text: 'must start with a letter' });
  if (name.endsWith('-') && !rule.lettersAndDigitsOnly) problems.push({ text: 'cannot end with a hyphen' });
  if (rule.noDoubleHyphen && name.includes('--')) problems.push({ text: 'cannot contain two hyphens in a row' });
  if (name.length > rule.maxLength) {
    const because = rule.why ? ` (${rule.why})` : '';
    problems.push({ text: `is at most ${rule.maxLength} characters${because}; \`${excerpt(name)}\` has ${name.length}` });
  }
  const reserved = rule.reserved?.(name.toLowerCase());
  if (reserved) problems.push({ text: reserved, sentence: true });
  return problems;
}

const KIND_SUFFIX: Record<ResourceKind, string> = { vm: 'vm', k8s: 'k8s', database: 'db', bucket: 'files' };

/**
 * A valid name for a new resource when the user gave none: the project name made safe for the
 * provider, plus the kind (`Payments Prod` → `payments-prod-vm`; for an Azure storage account,
 * `paymentsprodfiles`).
 */
export function defaultResourceName(provider: Provider, kind: ResourceKind, projectName: string): string {
  const rule = NAME_RULES[provider][kind];
  const separator = rule.lettersAndDigitsOnly ? '' : '-';
  const suffix = separator + KIND_SUFFIX[kind];
  let base = projectName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator);
  if (provider === 'gcp' && kind === 'bucket') base = base.replace(/goog(le)?/g, '');
  base = base.replace(/-+/g, '-').replace(/^[^a-z]+/, '');
  base = base.slice(0, rule.maxLength - suffix.length).replace(/-+$/, '');

  for (const candidate of [base ? base + suffix : '', 'chatops' + suffix]) {
    if (candidate && validateResourceName(provider, kind, candidate).ok) return candidate;
  }
  // Unreachable with today's rules, which all accept `chatops-<kind>`; kept so a future rule fails loudly.
  throw new Error(`no default ${provider} ${kind} name for project name ${JSON.stringify(projectName)}`);
}

function describeChars(chars: string[]): string {
  const shown = chars.slice(0, 5).map((c) => (c === ' ' ? 'spaces' : /\s/.test(c) ? 'line breaks or tabs' : c === '`' ? 'backticks' : `\`${c}\``));
  return [...new Set(shown)].join(', ');
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
