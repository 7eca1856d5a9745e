import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPricingCatalog } from '../../src/advisor/pricing-catalog.js';
import { PROVIDERS, type Provider } from '../../src/cloud/providers.js';
import { DEFAULT_K8S_NODE_COUNT, RESOURCE_KINDS, type ResourceKind } from '../../src/cloud/resource-kinds.js';
import {
  type DeploymentInput,
  PROJECT_VARIABLES,
  renderDeploymentFiles,
  sharedTemplateDirectory,
  templateDirectory,
} from '../../src/deploy/terraform-templates.js';
import { UserFacingError } from '../../src/errors.js';

const PROJECT_IDS: Record<Provider, string> = {
  gcp: 'zqx-project-42',
  aws: '987654321098',
  azure: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
};
const REGIONS: Record<Provider, string> = { gcp: 'europe-west1', aws: 'eu-west-1', azure: 'westeurope' };
/** Catalog types that are not the default, so a test can tell the user's choice from the template's. */
const OTHER_TYPES: Record<Provider, Record<Exclude<ResourceKind, 'bucket'>, string>> = {
  gcp: { vm: 'n2-standard-8', k8s: 'n2-standard-4', database: 'db-g1-small' },
  aws: { vm: 'c5.2xlarge', k8s: 'm5.xlarge', database: 'db.t3.medium' },
  azure: { vm: 'Standard_D8s_v5', k8s: 'Standard_D4s_v5', database: 'B_Standard_B2s' },
};
/** What a user needs after a deploy, per template. */
const KEY_OUTPUTS: Record<Provider, Record<ResourceKind, string[]>> = {
  gcp: {
    vm: ['public_ip', 'ssh_command'],
    k8s: ['cluster_name', 'endpoint', 'kubeconfig_command'],
    database: ['connection_name', 'database_name', 'user', 'password_secret', 'password_command', 'proxy_command', 'psql_command'],
    bucket: ['bucket_name', 'bucket_url', 'list_command'],
  },
  aws: {
    vm: ['public_ip', 'ssm_command'],
    k8s: ['cluster_name', 'endpoint', 'kubeconfig_command', 'grant_access_command'],
    database: ['endpoint', 'database_name', 'user', 'master_user_secret_arn', 'password_command', 'allow_my_ip_command', 'psql_command'],
    bucket: ['bucket_name', 'bucket_url', 'list_command'],
  },
  azure: {
    vm: ['public_ip', 'ssh_command', 'ssh_key_secret', 'ssh_key_command', 'ssh_public_key'],
    k8s: ['cluster_name', 'endpoint', 'kubeconfig_command'],
    database: ['fqdn', 'database_name', 'admin_login', 'password_secret', 'password_command', 'allow_my_ip_command', 'psql_command'],
    bucket: ['storage_account_name', 'container_url', 'list_command'],
  },
};

const CASES = PROVIDERS.flatMap((provider) => RESOURCE_KINDS.map((kind) => [provider, kind] as const));

function input(provider: Provider, kind: ResourceKind, overrides: Partial<DeploymentInput> = {}): DeploymentInput {
  return {
    provider,
    kind,
    projectId: PROJECT_IDS[provider],
    region: REGIONS[provider],
    name: kind === 'bucket' && provider === 'azure' ? 'zqxfiles' : 'zqx-demo',
    ...(kind === 'bucket' ? {} : { machineType: OTHER_TYPES[provider][kind] }),
    ...(kind === 'k8s' ? { nodeCount: 4 } : {}),
    labels: { team: 'zqx-team' },
    ...overrides,
  };
}

function hcl(files: Record<string, string>): string {
  return Object.values(files).join('\n');
}

function declaredVariables(text: string): string[] {
  return [...text.matchAll(/^variable\s+"([^"]+)"/gm)].map((m) => m[1]!).sort();
}

function referencedVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)].map((m) => m[1]!))].sort();
}

/** The body of the first top-level block that starts with `header`, up to its closing brace at column 0. */
function block(text: string, header: RegExp): string | undefined {
  const start = text.search(header);
  if (start < 0) return undefined;
  const end = text.indexOf('\n}', start);
  return text.slice(start, end < 0 ? undefined : end + 2);
}

describe.each(CASES)('the %s %s template', (provider, kind) => {
  const rendered = renderDeploymentFiles(input(provider, kind));
  const text = hcl(rendered.files);

  it('is the static .tf files of its directory and its provider\'s shared one, untouched', () => {
    const onDisk = [sharedTemplateDirectory(provider), templateDirectory(provider, kind)].flatMap((dir) =>
      readdirSync(dir)
        .filter((file) => file.endsWith('.tf'))
        .map((file) => [file, readFileSync(join(dir, file), 'utf8')] as const),
    );
    expect(Object.entries(rendered.files).sort()).toEqual(onDisk.sort());
  });

  it('declares every variable it references, and exactly the variables it is given', () => {
    const declared = declaredVariables(text);
    expect(referencedVariables(text).filter((name) => !declared.includes(name))).toEqual([]);
    expect(Object.keys(rendered.variables).sort()).toEqual(declared);
  });

  it('validates every declared variable inside Terraform too', () => {
    for (const name of declaredVariables(text)) {
      expect(block(text, new RegExp(`^variable "${name}"`, 'm')), name).toMatch(/validation\s*{/);
    }
  });

  it('passes the user values as variables only, never in the HCL', () => {
    const values = rendered.variables;
    expect(values[PROJECT_VARIABLES[provider]]).toBe(PROJECT_IDS[provider]);
    expect(values.region).toBe(REGIONS[provider]);
    expect(values.labels).toEqual({ team: 'zqx-team' });
    const userValues = [PROJECT_IDS[provider], 'zqx-demo', 'zqxfiles', 'zqx-team'];
    if (kind !== 'bucket') {
      expect(values.machine_type).toBe(OTHER_TYPES[provider][kind]);
      userValues.push(OTHER_TYPES[provider][kind]);
    }
    for (const value of userValues) expect(text).not.toContain(value);
  });

  it('wires the provider to the project and region variables', () => {
    const providerBlock = block(text, /^provider "/m);
    expect(providerBlock).toBeDefined();
    const projectVariable = `var.${PROJECT_VARIABLES[provider]}`;
    expect(providerBlock).toContain(projectVariable);
    if (provider === 'azure') expect(text).toMatch(/location\s*=\s*var\.region/);
    else expect(providerBlock).toMatch(/region\s*=\s*var\.region/);
  });

  it('has the outputs a user needs after the deploy', () => {
    const outputs = [...text.matchAll(/^output\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(outputs).toEqual(expect.arrayContaining(KEY_OUTPUTS[provider][kind]));
  });
});

describe('renderDeploymentFiles validation', () => {
  it.each(CASES)('rejects HCL and template syntax in a %s %s name', (provider, kind) => {
    for (const name of ['x"; evil = "', '${file("/etc/passwd")}', 'web-%{if true}x%{endif}', 'web\n}\nresource "x" "y" {']) {
      expect(() => renderDeploymentFiles(input(provider, kind, { name }))).toThrow(UserFacingError);
    }
  });

  it.each(PROVIDERS)('rejects HCL syntax in a %s project ID, machine type and labels', (provider) => {
    const hostile: Partial<DeploymentInput>[] = [
      { projectId: 'x"; evil = "' },
      { projectId: '${var.region}' },
      { machineType: `${OTHER_TYPES[provider].vm}" ; evil = "` },
      { labels: { team: '${jsonencode(1)}' } },
      { labels: { 'a"b': 'c' } },
    ];
    for (const overrides of hostile) {
      expect(() => renderDeploymentFiles(input(provider, 'vm', overrides)), JSON.stringify(overrides)).toThrow(UserFacingError);
    }
  });

  it('defaults a cluster to the node count and node type the advisor prices', () => {
    const { variables } = renderDeploymentFiles(input('gcp', 'k8s', { machineType: undefined, nodeCount: undefined }));
    expect(variables).toMatchObject({ node_count: DEFAULT_K8S_NODE_COUNT, machine_type: loadPricingCatalog().providers.gcp.defaults.k8s });
  });

  it('accepts a machine type in any case and passes the catalog spelling', () => {
    const { variables } = renderDeploymentFiles(input('azure', 'vm', { machineType: ' standard_d2s_v5 ' }));
    expect(variables.machine_type).toBe('Standard_D2s_v5');
  });

  it('lists every problem at once', () => {
    const render = () => renderDeploymentFiles(input('aws', 'k8s', { projectId: '12', name: 'Bad Name', machineType: 'x9.huge', nodeCount: 11 }));
    expect(render).toThrow(UserFacingError);
    const message = (() => {
      try {
        render();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message.split('\n')).toHaveLength(4);
    expect(message).toContain('12 digits');
    expect(message).toContain('An EKS cluster name may contain only lowercase letters, digits and hyphens');
    expect(message).toContain('`x9.huge` is not a priced AWS machine type');
    expect(message).toContain('1 to 10 nodes');
  });

  it.each([
    ['a machine type for a bucket', input('gcp', 'bucket', { machineType: 'e2-medium' }), 'A bucket has no machine type'],
    ['a node count for a VM', input('gcp', 'vm', { nodeCount: 2 }), 'applies to Kubernetes clusters only'],
    ['a fractional node count', input('gcp', 'k8s', { nodeCount: 2.5 }), 'must be a whole number'],
    ['a reserved label', input('aws', 'vm', { labels: { 'managed-by': 'me' } }), 'set by the bot itself'],
    ['too many labels', input('aws', 'vm', { labels: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }), 'At most 16 labels'],
    ['an unknown region', input('aws', 'vm', { region: 'eu-wets-1' }), 'Did you mean `eu-west-1`?'],
  ])('rejects %s', (_name, request, message) => {
    expect(() => renderDeploymentFiles(request)).toThrow(message);
  });
});
