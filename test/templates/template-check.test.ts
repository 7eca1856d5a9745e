import { describe, expect, it } from 'vitest';
import { sharedTemplateDirectory, templateDirectory } from '../../src/deploy/terraform-templates.js';
import { loadProviderSchemas, type ProviderSchemas } from '../support/provider-schemas.js';
import { checkModule } from '../support/template-check.js';
import { parseModule, readTerraformFiles } from '../support/terraform-modules.js';

const schemas = loadProviderSchemas();
const bucketFiles = readTerraformFiles([sharedTemplateDirectory('gcp'), templateDirectory('gcp', 'bucket')]);
const eksFiles = readTerraformFiles([sharedTemplateDirectory('aws'), templateDirectory('aws', 'k8s')]);

/** The GCP bucket template with one edit to main.tf; the edit must apply, or the test would prove nothing. */
async function problemsAfter(edit: (main: string) => string, files = bucketFiles, checkWith: ProviderSchemas = schemas): Promise<string[]> {
  const main = edit(files['main.tf']!);
  expect(main).not.toBe(files['main.tf']);
  return checkModule(await parseModule('planted', { ...files, 'main.tf': main }), checkWith).problems;
}

const BUCKET = /resource "google_storage_bucket" "this" \{\n/;

describe('the template check', () => {
  it('passes the untouched template it is planted into', async () => {
    expect(checkModule(await parseModule('planted', bucketFiles), schemas).problems).toEqual([]);
  });

  it('catches an unknown argument, at both ends of the constraint', async () => {
    const problems = await problemsAfter((main) => main.replace(BUCKET, (head) => `${head}  colour = "blue"\n`));
    expect(problems).toEqual([
      'planted: main.tf: google_storage_bucket.this: unknown argument "colour" (google 6.1.0)',
      'planted: main.tf: google_storage_bucket.this: unknown argument "colour" (google 6.50.0)',
    ]);
  });

  it('catches an unknown argument inside a nested block', async () => {
    const problems = await problemsAfter((main) => main.replace('enabled = true', 'enabled = true\n    colour = "blue"'));
    expect(problems).toContain('planted: main.tf: google_storage_bucket.this: unknown argument "versioning.colour" (google 6.1.0)');
  });

  it('catches a missing required argument', async () => {
    const problems = await problemsAfter((main) => main.replace(/\n\s*location\s*=.*\n/, '\n'));
    expect(problems).toContain('planted: main.tf: google_storage_bucket.this: missing required argument "location" (google 6.50.0)');
  });

  it('catches a missing required argument of a nested block', async () => {
    const problems = await problemsAfter((main) => main.replace('type = "Delete"', ''));
    expect(problems).toContain('planted: main.tf: google_storage_bucket.this: missing required argument "lifecycle_rule.action.type" (google 6.1.0)');
  });

  it('catches an undeclared variable', async () => {
    const problems = await problemsAfter((main) => main.replace('"${var.name}-${random_id.suffix.hex}"', '"${var.nmae}-${random_id.suffix.hex}"'));
    expect(problems).toEqual(['planted: main.tf: var.nmae is not declared']);
  });

  it('catches an undeclared local, resource and data source', async () => {
    const problems = await problemsAfter((main) =>
      main.replace('labels        = local.labels', 'labels = merge(local.lables, { a = random_id.sufix.hex, b = data.google_project.this.number })'),
    );
    expect(problems.sort()).toEqual([
      'planted: main.tf: data.google_project.this is not declared',
      'planted: main.tf: local.lables is not declared',
      'planted: main.tf: random_id.sufix is not declared',
    ]);
  });

  it('fails on a resource type the schema subset lacks', async () => {
    const problems = await problemsAfter((main) => `${main}\nresource "google_storage_bucket_frobnicator" "x" {\n  bucket = "b"\n}\n`);
    expect(problems[0]).toMatch(/google_storage_bucket_frobnicator is not in the google 6\.1\.0 schema subset/);
  });

  it('catches an argument written as a block', async () => {
    const problems = await problemsAfter((main) => main.replace('labels        = local.labels', 'labels {\n    team = "x"\n  }'));
    expect(problems).toContain('planted: main.tf: google_storage_bucket.this: "labels" is an argument, not a block (google 6.1.0)');
  });

  it('catches an ignore_changes entry that names no argument', async () => {
    const problems = await problemsAfter((main) => main.replace(BUCKET, (head) => `${head}  lifecycle {\n    ignore_changes = [colour]\n  }\n`));
    expect(problems).toContain('planted: main.tf: google_storage_bucket.this: lifecycle.ignore_changes names "colour", which is not an argument (google 6.1.0)');
  });

  it('refuses a constraint without both bounds, and a bound the subset has no schema for', async () => {
    const loose = await problemsAfter((main) => main.replace('">= 6.1.0, <= 6.50.0"', '"~> 6.0"'));
    expect(loose).toContain('planted: the google constraint "~> 6.0" must read ">= LOW, <= HIGH" so that both ends can be checked');
    const unknown = await problemsAfter((main) => main.replace('">= 6.1.0, <= 6.50.0"', '">= 6.0.0, <= 6.50.0"'));
    expect(unknown).toContain('planted: no schema subset for google 6.0.0; run scripts/generate-provider-schemas.ts');
  });

  it('checks the lowest version on its own: an argument added later fails only there', async () => {
    // As if access_config (added in aws 5.33) were missing at the lower bound.
    const older = structuredClone(schemas.get('aws')!);
    delete older.versions['5.33.0']!.resource.aws_eks_cluster!.access_config;
    const problems = await problemsAfter((main) => main.replace('# Access entries', '# Access  entries'), eksFiles, new Map([...schemas, ['aws', older]]));
    expect(problems).toEqual(['planted: main.tf: aws_eks_cluster.this: unknown argument "access_config" (aws 5.33.0)']);
  });

  it('rejects HCL that does not parse, naming the file and position', async () => {
    await expect(parseModule('planted', { 'main.tf': 'resource "x" "y" {' })).rejects.toThrow(/main\.tf:1,\d+-\d+: Unclosed configuration block/);
  });
});
