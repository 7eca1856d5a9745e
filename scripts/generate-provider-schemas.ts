/**
 * Writes test/fixtures/provider-schemas/<provider>.json: the schema of every resource and data source type
 * the templates use, at the lowest and the highest provider version their constraints allow.
 *
 * The schemas come from the `.jsii` manifests of HashiCorp's prebuilt CDKTF provider packages
 * (`@cdktf/provider-aws`, ...), which are generated from the providers' own schemas and list every argument
 * with its optionality. Those packages are about 1 GB together, so this script is run by hand (it needs the
 * npm registry) whenever a template starts using a new type or a constraint moves; the check in `npm test`
 * then works offline from the committed subset.
 *
 *   npm run build && node dist/scripts/generate-provider-schemas.js [download-cache-dir]
 */
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import {
  type BlockSchema,
  type ProviderSchemaFile,
  type ProviderVersionSchema,
  providerOfType,
  SCHEMA_DIRECTORY,
  versionBounds,
} from '../test/support/provider-schemas.js';
import { parseDeployTemplates } from '../test/support/template-modules.js';

interface Needs {
  versions: Set<string>;
  resource: Set<string>;
  data: Set<string>;
}

/** Provider name → the versions its constraints name and the types the templates use. */
async function whatTemplatesNeed(): Promise<Map<string, Needs>> {
  const needs = new Map<string, Needs>();
  const of = (provider: string) => {
    let entry = needs.get(provider);
    if (!entry) needs.set(provider, (entry = { versions: new Set(), resource: new Set(), data: new Set() }));
    return entry;
  };
  for (const module of await parseDeployTemplates()) {
    for (const [provider, requirement] of module.requiredProviders) {
      const bounds = versionBounds(requirement.version);
      if (!bounds) throw new Error(`${module.label}: the ${provider} constraint "${requirement.version}" must read ">= LOW, <= HIGH"`);
      of(provider).versions.add(bounds.lowest).add(bounds.highest);
    }
    for (const block of module.blocks) {
      if (block.type !== 'terraform_data') of(providerOfType(block.type))[block.mode].add(block.type);
    }
  }
  return needs;
}

/** Provider version → the newest `@cdktf/provider-<name>` release generated from it. */
async function cdktfReleases(provider: string): Promise<Map<string, string>> {
  const { stdout } = await execa('npm', ['view', `@cdktf/provider-${provider}@>=0.0.1`, 'cdktf.provider.version']);
  const releases = new Map<string, string>();
  for (const match of stdout.matchAll(/@cdktf\/provider-[a-z]+@(\S+) '([^']+)'/g)) {
    const [, release, providerVersion] = match as unknown as [string, string, string];
    const known = releases.get(providerVersion);
    if (!known || compareVersions(release, known) > 0) releases.set(providerVersion, release);
  }
  return releases;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

interface JsiiProperty {
  name: string;
  optional?: boolean;
  type: unknown;
  docs?: { summary?: string; remarks?: string };
}
interface JsiiType {
  kind: string;
  fqn: string;
  docs?: { summary?: string };
  interfaces?: string[];
  properties?: JsiiProperty[];
  initializer?: { parameters?: { name: string; type: { fqn?: string } }[] };
}

async function downloadManifest(spec: string, cache: string): Promise<Record<string, JsiiType>> {
  const dir = join(cache, spec.replace(/[@/]/g, '_'));
  const manifest = join(dir, 'package', '.jsii');
  if (!existsSync(manifest)) {
    mkdirSync(dir, { recursive: true });
    const { stdout } = await execa('npm', ['pack', spec, '--silent', '--pack-destination', dir]);
    await execa('tar', ['-xzf', join(dir, stdout.trim().split('\n').pop()!), '-C', dir, 'package/.jsii']);
  }
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { types: Record<string, JsiiType> }).types;
}

/** "Represents a {@link https://registry.terraform.io/.../docs/data-sources/vpc aws_vpc}." → data source aws_vpc. */
const REPRESENTS = /Represents a \{@link (\S+) ([a-z0-9_]+)\}/;

function schemasOf(types: Record<string, JsiiType>, wanted: Needs): Omit<ProviderVersionSchema, 'package'> {
  const result: Omit<ProviderVersionSchema, 'package'> = { resource: {}, data: {} };
  for (const type of Object.values(types)) {
    const match = type.kind === 'class' ? REPRESENTS.exec(type.docs?.summary ?? '') : null;
    if (!match) continue;
    const mode = /\/data-sources\/|\/d\//.test(match[1]!) ? 'data' : 'resource';
    const name = match[2]!;
    if (!wanted[mode].has(name)) continue;
    const config = type.initializer?.parameters?.find((parameter) => parameter.name === 'config')?.type.fqn;
    result[mode][name] = config ? structSchema(types, config) : {};
  }
  return result;
}

function structSchema(types: Record<string, JsiiType>, fqn: string): BlockSchema {
  const struct = types[fqn];
  if (!struct) throw new Error(`${fqn} is not in the manifest`);
  const schema: BlockSchema = {};
  for (const parent of struct.interfaces ?? []) {
    if (!parent.startsWith('cdktf.')) Object.assign(schema, structSchema(types, parent));
  }
  for (const property of struct.properties ?? []) {
    const nested = nestedStruct(property.type);
    schema[terraformName(property)] = {
      ...(property.optional ? {} : { required: true as const }),
      ...(nested ? { block: structSchema(types, nested) } : {}),
    };
  }
  return schema;
}

/** The provider-defined struct a property holds (a nested block), if any. */
function nestedStruct(type: unknown): string | undefined {
  if (type === null || typeof type !== 'object') return undefined;
  const fqn = (type as { fqn?: unknown }).fqn;
  if (typeof fqn === 'string') return fqn.startsWith('cdktf.') ? undefined : fqn;
  for (const value of Object.values(type)) {
    const found = Array.isArray(value) ? value.map(nestedStruct).find(Boolean) : nestedStruct(value);
    if (found) return found;
  }
  return undefined;
}

/** The argument's name in HCL, from its registry link ("...#ipv6_cidr_blocks SecurityGroup#ipv6_cidr_blocks"). */
function terraformName(property: JsiiProperty): string {
  const docs = `${property.docs?.summary ?? ''} ${property.docs?.remarks ?? ''}`;
  const linked = /#([a-z0-9_]+) [A-Za-z0-9_]+#/.exec(docs)?.[1];
  return linked ?? property.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

async function main(): Promise<void> {
  const cache = process.argv[2] ?? join(tmpdir(), 'cloud-chatops-cdktf-manifests');
  mkdirSync(SCHEMA_DIRECTORY, { recursive: true });
  for (const [provider, needs] of await whatTemplatesNeed()) {
    const releases = await cdktfReleases(provider);
    const file: ProviderSchemaFile = {
      provider,
      note: 'Generated by scripts/generate-provider-schemas.ts from the .jsii manifests of @cdktf/provider-* packages; do not edit by hand.',
      versions: {},
    };
    for (const version of [...needs.versions].sort(compareVersions)) {
      const release = releases.get(version);
      if (!release) {
        const known = [...releases.keys()].sort(compareVersions).join(', ');
        throw new Error(`no @cdktf/provider-${provider} release is generated from ${provider} ${version}; bounds with one: ${known}`);
      }
      const spec = `@cdktf/provider-${provider}@${release}`;
      process.stdout.write(`${provider} ${version}: ${spec}\n`);
      const schemas = schemasOf(await downloadManifest(spec, cache), needs);
      for (const mode of ['resource', 'data'] as const) {
        for (const type of needs[mode]) if (!(type in schemas[mode])) process.stdout.write(`  ${mode} ${type} does not exist in ${provider} ${version}\n`);
      }
      file.versions[version] = { package: spec, resource: sorted(schemas.resource), data: sorted(schemas.data) };
    }
    writeFileSync(join(SCHEMA_DIRECTORY, `${provider}.json`), `${JSON.stringify(file, null, 1)}\n`);
  }
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

await main();
