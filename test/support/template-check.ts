import {
  type BlockSchema,
  providerOfType,
  type ProviderSchemas,
  versionBounds,
} from './provider-schemas.js';
import type { HclBody, TerraformModule, TypedBlock } from './terraform-modules.js';

/** What one module's check found, and what it checked (for the report `npm test` prints). */
export interface ModuleCheck {
  label: string;
  problems: string[];
  /** e.g. `aws 5.33.0 + 5.100.0: 12 blocks` */
  checked: string[];
}

/** Terraform's own arguments, valid in every resource (data sources take all but the provisioner ones). */
const META_ARGUMENTS = { resource: ['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection'], data: ['count', 'for_each', 'depends_on', 'provider', 'lifecycle'] };
/** Built into Terraform itself: no provider schema to check against. */
const BUILT_IN_TYPES = new Set(['terraform_data']);

/**
 * Checks every `resource` and `data` block of a module against the provider schemas at both ends of the
 * module's version constraints (arguments, nested blocks, required arguments, `ignore_changes` entries),
 * and every reference against what the module declares (variables, locals, resources, data sources).
 */
export function checkModule(module: TerraformModule, schemas: ProviderSchemas): ModuleCheck {
  const problems: string[] = [];
  const checked: string[] = [];
  const problem = (message: string) => problems.push(`${module.label}: ${message}`);

  const byProvider = new Map<string, TypedBlock[]>();
  for (const block of module.blocks) {
    if (BUILT_IN_TYPES.has(block.type)) continue;
    const provider = providerOfType(block.type);
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), block]);
  }

  for (const [provider, blocks] of byProvider) {
    const requirement = module.requiredProviders.get(provider);
    if (!requirement) {
      problem(`uses ${provider} (${blocks[0]!.type}) without declaring it in required_providers`);
      continue;
    }
    const bounds = versionBounds(requirement.version);
    if (!bounds) {
      problem(`the ${provider} constraint "${requirement.version}" must read ">= LOW, <= HIGH" so that both ends can be checked`);
      continue;
    }
    const versions = [...new Set([bounds.lowest, bounds.highest])];
    for (const version of versions) {
      const schema = schemas.get(provider)?.versions[version];
      if (!schema) {
        problem(`no schema subset for ${provider} ${version}; run scripts/generate-provider-schemas.ts`);
        continue;
      }
      for (const block of blocks) {
        const address = `${block.file}: ${block.mode === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
        const blockSchema = schema[block.mode][block.type];
        if (!blockSchema) {
          problem(`${address}: ${block.mode} type ${block.type} is not in the ${provider} ${version} schema subset (missing in that version, or run scripts/generate-provider-schemas.ts)`);
          continue;
        }
        const meta = new Set(META_ARGUMENTS[block.mode]);
        for (const found of bodyProblems(block.body, blockSchema, meta)) problem(`${address}: ${found} (${provider} ${version})`);
      }
    }
    checked.push(`${provider} ${versions.join(' + ')}: ${blocks.length} blocks`);
  }

  for (const reference of undeclaredReferences(module)) problem(reference);
  return { label: module.label, problems, checked };
}

function isBlockList(value: unknown): value is HclBody[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
}

function bodyProblems(body: HclBody, schema: BlockSchema, meta: Set<string>, path = ''): string[] {
  const problems: string[] = [];
  const present = new Set(Object.keys(body));
  for (const [key, value] of Object.entries(body)) {
    if (key === 'lifecycle' && meta.has(key)) {
      problems.push(...ignoredChangeProblems(value, schema));
      continue;
    }
    if (meta.has(key)) continue;
    if (key === 'dynamic') {
      for (const [name, instances] of Object.entries(value as HclBody)) {
        present.add(name);
        const nested = schema[name]?.block;
        if (!nested) problems.push(`dynamic "${path}${name}" is not a nested block here`);
        else for (const instance of instances as HclBody[]) {
          for (const content of (instance.content ?? []) as HclBody[]) problems.push(...bodyProblems(content, nested, new Set(), `${path}${name}.`));
        }
      }
      continue;
    }
    const argument = schema[key];
    if (!argument) {
      problems.push(`unknown argument "${path}${key}"`);
    } else if (isBlockList(value)) {
      if (!argument.block) problems.push(`"${path}${key}" is an argument, not a block`);
      else for (const instance of value) problems.push(...bodyProblems(instance, argument.block, new Set(), `${path}${key}.`));
    }
  }
  for (const [name, argument] of Object.entries(schema)) {
    if (argument.required && !present.has(name)) problems.push(`missing required argument "${path}${name}"`);
  }
  return problems;
}

/** `ignore_changes = [zone]` names an argument of the resource; a typo there silently ignores nothing. */
function ignoredChangeProblems(lifecycle: unknown, schema: BlockSchema): string[] {
  const problems: string[] = [];
  for (const block of (lifecycle ?? []) as HclBody[]) {
    const ignored = block.ignore_changes;
    if (!Array.isArray(ignored)) continue;
    for (const entry of ignored as string[]) {
      const argument = entry.replace(/^\$\{|\}$/g, '').split(/[.[]/, 1)[0]!;
      if (!(argument in schema)) problems.push(`lifecycle.ignore_changes names "${argument}", which is not an argument`);
    }
  }
  return problems;
}

/** References to variables, locals, resources or data sources the module does not declare. */
function undeclaredReferences(module: TerraformModule): string[] {
  const declared = new Set(module.blocks.map((block) => `${block.mode === 'data' ? 'data.' : ''}${block.type}.${block.name}`));
  const providers = new Set([...module.requiredProviders.keys()]);
  const problems = new Set<string>();
  for (const { file, value } of module.references) {
    const [root, first, second] = value.split('.');
    if (root === 'var' && first && !module.variables.has(first)) problems.add(`${file}: var.${first} is not declared`);
    else if (root === 'local' && first && !module.locals.has(first)) problems.add(`${file}: local.${first} is not declared`);
    else if (root === 'data' && first && second && !declared.has(`data.${first}.${second}`)) problems.add(`${file}: data.${first}.${second} is not declared`);
    else if (root && first && (providers.has(providerOfType(root)) || BUILT_IN_TYPES.has(root)) && !declared.has(`${root}.${first}`)) {
      problems.add(`${file}: ${root}.${first} is not declared`);
    }
  }
  return [...problems];
}
