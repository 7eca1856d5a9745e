import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * HashiCorp's HCL parser compiled to WASM. Loaded untyped on purpose: its typings pull the DOM library into
 * the whole compilation, which changes Node's own stream and fetch types.
 */
const hcl2json = createRequire(import.meta.url)('@cdktf/hcl2json') as {
  parse(file: string, contents: string): Promise<Record<string, unknown>>;
  getReferencesInExpression(file: string, expression: string): Promise<{ value: string }[]>;
};

/** A JSON object as HashiCorp's parser (via `@cdktf/hcl2json`) renders an HCL body. */
export type HclBody = Record<string, unknown>;

/** One `resource` or `data` block of a module. */
export interface TypedBlock {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  file: string;
  body: HclBody;
}

/** A `required_providers` entry: `version` as written, e.g. `>= 5.33.0, <= 5.100.0`. */
export interface ProviderRequirement {
  source: string;
  version: string;
  file: string;
}

/** One reference found in an expression, e.g. `var.name` or `aws_s3_bucket.this.arn`. */
export interface Reference {
  file: string;
  value: string;
}

/** What the check needs to know about one Terraform root module (a template plus its provider's shared files). */
export interface TerraformModule {
  label: string;
  blocks: TypedBlock[];
  variables: Set<string>;
  locals: Set<string>;
  requiredProviders: Map<string, ProviderRequirement>;
  references: Reference[];
}

/** The `.tf` files of some directories, by file name; a name twice is an error (Terraform would reject it too). */
export function readTerraformFiles(dirs: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.tf')).sort()) {
      if (name in files) throw new Error(`${dir}/${name} clashes with another file of the same name`);
      files[name] = readFileSync(join(dir, name), 'utf8');
    }
  }
  return files;
}

/** Parses every file with HashiCorp's HCL parser; a syntax error throws, naming the file and position. */
export async function parseModule(label: string, files: Record<string, string>): Promise<TerraformModule> {
  const module: TerraformModule = {
    label,
    blocks: [],
    variables: new Set(),
    locals: new Set(),
    requiredProviders: new Map(),
    references: [],
  };
  for (const [file, text] of Object.entries(files)) {
    const body = await parseCached(file, text);
    collectBlocks(module, file, body);
    // One call per file: each crossing into WASM costs far more than the parse itself.
    const template = [...expressions(body)].join('\n');
    for (const reference of await hcl2json.getReferencesInExpression(file, template)) module.references.push({ file, value: reference.value });
  }
  return module;
}

// The shared files of a provider are part of each of its templates; each parse takes ~150 ms of WASM.
const parsed = new Map<string, Promise<HclBody>>();

function parseCached(file: string, text: string): Promise<HclBody> {
  const key = `${file}\0${text}`;
  let body = parsed.get(key);
  if (!body) parsed.set(key, (body = hcl2json.parse(file, text)));
  return body;
}

function collectBlocks(module: TerraformModule, file: string, body: HclBody): void {
  for (const mode of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(objectAt(body, mode))) {
      for (const [name, instances] of Object.entries(byName as HclBody)) {
        for (const instance of instances as HclBody[]) module.blocks.push({ mode, type, name, file, body: instance });
      }
    }
  }
  for (const name of Object.keys(objectAt(body, 'variable'))) module.variables.add(name);
  for (const locals of (body.locals ?? []) as HclBody[]) for (const name of Object.keys(locals)) module.locals.add(name);
  for (const terraform of (body.terraform ?? []) as HclBody[]) {
    for (const required of (terraform.required_providers ?? []) as HclBody[]) {
      for (const [name, requirement] of Object.entries(required)) {
        const { source, version } = requirement as { source?: string; version?: string };
        module.requiredProviders.set(name, { source: source ?? '', version: version ?? '', file });
      }
    }
  }
}

function objectAt(body: HclBody, key: string): HclBody {
  return (body[key] ?? {}) as HclBody;
}

/** Every string in a parsed body that holds an interpolation, i.e. every expression that can reference something. */
function* expressions(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    if (value.includes('${') || value.includes('%{')) yield value;
  } else if (Array.isArray(value)) {
    for (const item of value) yield* expressions(item);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) yield* expressions(item);
  }
}
