import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../src/paths.js';

/**
 * The arguments and nested blocks of a resource, data source or nested block, as the provider's schema
 * declares them. `block` is set where the schema has a nested block (or an object-typed attribute).
 */
export interface BlockSchema {
  [argument: string]: { required?: true; block?: BlockSchema };
}

/** One provider version's schemas, for the resource and data source types the templates use. */
export interface ProviderVersionSchema {
  /** The npm package whose `.jsii` manifest the schemas were taken from, e.g. `@cdktf/provider-aws@19.2.0`. */
  package: string;
  resource: Record<string, BlockSchema>;
  data: Record<string, BlockSchema>;
}

/** `test/fixtures/provider-schemas/<provider>.json`, written by `scripts/generate-provider-schemas.ts`. */
export interface ProviderSchemaFile {
  provider: string;
  note: string;
  versions: Record<string, ProviderVersionSchema>;
}

/** Provider name (`aws`, `google`, ...) → its schema subset. */
export type ProviderSchemas = Map<string, ProviderSchemaFile>;

export const SCHEMA_DIRECTORY = projectPath('test', 'fixtures', 'provider-schemas');

export function loadProviderSchemas(dir = SCHEMA_DIRECTORY): ProviderSchemas {
  const schemas: ProviderSchemas = new Map();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProviderSchemaFile;
    schemas.set(schema.provider, schema);
  }
  return schemas;
}

/** Both ends of a version constraint, which must be written `>= LOW, <= HIGH` so that both can be checked. */
export interface VersionBounds {
  lowest: string;
  highest: string;
}

const BOUNDED = /^>=\s*(\d+\.\d+\.\d+)\s*,\s*<=\s*(\d+\.\d+\.\d+)$/;

export function versionBounds(constraint: string): VersionBounds | undefined {
  const match = BOUNDED.exec(constraint.trim());
  return match ? { lowest: match[1]!, highest: match[2]! } : undefined;
}

/** The provider a resource type belongs to: the part before the first underscore (`aws_s3_bucket` → `aws`). */
export function providerOfType(type: string): string {
  return type.split('_', 1)[0]!;
}
