import { describe, expect, it } from 'vitest';
import { PROVIDERS, type Provider } from '../../src/cloud/providers.js';
import { RESOURCE_KINDS, type ResourceKind } from '../../src/cloud/resource-kinds.js';
import { defaultResourceName, maxNameLength, validateResourceName } from '../../src/deploy/resource-names.js';

const CASES = PROVIDERS.flatMap((provider) => RESOURCE_KINDS.map((kind) => [provider, kind] as const));

describe('validateResourceName', () => {
  it.each<[Provider, ResourceKind, string, string]>([
    ['gcp', 'vm', '  web-1 ', 'web-1'],
    ['gcp', 'k8s', 'shop-cluster', 'shop-cluster'],
    ['aws', 'database', 'orders-db', 'orders-db'],
    ['aws', 'bucket', 'acme-assets', 'acme-assets'],
    ['azure', 'vm', 'build-agent', 'build-agent'],
    ['azure', 'bucket', 'acmefiles2', 'acmefiles2'],
  ])('accepts a %s %s named %j', (provider, kind, input, name) => {
    expect(validateResourceName(provider, kind, input)).toEqual({ ok: true, value: name });
  });

  it.each<[Provider, ResourceKind, string, string]>([
    ['gcp', 'vm', '', 'A Compute Engine VM name cannot be empty.'],
    ['gcp', 'vm', 'Web-1', 'A Compute Engine VM name uses lowercase only: try `web-1`.'],
    ['gcp', 'k8s', 'my cluster', 'A GKE cluster name may contain only lowercase letters, digits and hyphens; `my cluster` contains spaces.'],
    ['gcp', 'database', '1-db', 'A Cloud SQL instance name must start with a letter.'],
    ['gcp', 'bucket', 'my-google-files', 'Cloud Storage refuses bucket names that start with `goog` or contain `google`.'],
    ['aws', 'vm', 'web-', 'An EC2 instance name cannot end with a hyphen.'],
    ['aws', 'database', 'orders--db', 'An RDS instance identifier cannot contain two hyphens in a row.'],
    ['aws', 'bucket', 'sthree-files', 'S3 reserves bucket names starting with `sthree-` or `amzn-s3-demo-`.'],
    ['aws', 'k8s', 'x"; evil = "', 'An EKS cluster name may contain only lowercase letters, digits and hyphens; `x"; evil = "` contains `"`, `;`, spaces, `=`.'],
    ['azure', 'bucket', 'acme-files', 'An Azure storage account name may contain only lowercase letters and digits; `acme-files` contains `-`.'],
    ['azure', 'vm', '${file("x")}', 'An Azure VM name may contain only lowercase letters, digits and hyphens; `${file("x")}` contains `$`, `{`, `(`, `"`, `)`. It must start with a letter.'],
    // Every problem at once, not only the first.
    ['gcp', 'database', '1-DB_-', 'A Cloud SQL instance name may contain only lowercase letters, digits and hyphens; `1-DB_-` contains `_`. It must start with a letter. It cannot end with a hyphen.'],
    ['aws', 'bucket', 'Sthree--Files', 'An S3 bucket name uses lowercase only. It cannot contain two hyphens in a row. S3 reserves bucket names starting with `sthree-` or `amzn-s3-demo-`.'],
  ])('refuses a %s %s named %j', (provider, kind, input, error) => {
    expect(validateResourceName(provider, kind, input)).toEqual({ ok: false, error });
  });

  it('says why a name is too long and how long it may be', () => {
    const result = validateResourceName('aws', 'k8s', 'a'.repeat(38));
    expect(result).toEqual({
      ok: false,
      error: `An EKS cluster name is at most 37 characters (its IAM role \`<name>-eks-cluster-<region>\` must fit in 64); \`${'a'.repeat(38)}\` has 38.`,
    });
  });

  it.each(CASES)('accepts a %s %s name of exactly the maximum length', (provider, kind) => {
    const longest = 'a'.repeat(maxNameLength(provider, kind));
    expect(validateResourceName(provider, kind, longest).ok).toBe(true);
    expect(validateResourceName(provider, kind, longest + 'a').ok).toBe(false);
  });
});

describe('defaultResourceName', () => {
  it.each(CASES)('derives a valid %s %s name from any project name', (provider, kind) => {
    for (const project of ['Payments Prod', 'Café Ünïcode', '42 Google Things!!', '---', 'x'.repeat(200)]) {
      const name = defaultResourceName(provider, kind, project);
      expect(validateResourceName(provider, kind, name), `${project} → ${name}`).toEqual({ ok: true, value: name });
    }
  });

  it('turns the project name into a readable name', () => {
    expect(defaultResourceName('gcp', 'vm', 'Payments Prod')).toBe('payments-prod-vm');
    // Storage account names leave 16 characters before the random suffix.
    expect(defaultResourceName('azure', 'bucket', 'Payments Prod')).toBe('paymentsprofiles');
    expect(defaultResourceName('aws', 'database', '---')).toBe('chatops-db');
  });
});
