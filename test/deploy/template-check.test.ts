import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { assertTemplatesMatch, templateProblems } from '../../src/deploy/template-check.js';
import { BUNDLED_TEMPLATES_DIR } from '../../src/deploy/terraform-templates.js';
import { writeOfflineTemplates } from '../support/offline-templates.js';
import { tempDir } from '../support/temp-dir.js';

function copyOfBundled(): string {
  const root = join(tempDir('templates-'), 'terraform');
  cpSync(BUNDLED_TEMPLATES_DIR, root, { recursive: true });
  return root;
}

/** Removes the `variable "name" { ... }` block (up to its closing brace at column 0) from a file. */
function dropVariable(file: string, name: string): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(new RegExp(`variable "${name}" \\{[\\s\\S]*?\\n\\}\\n`), ''));
}

describe('the startup check of TEMPLATES_DIR', () => {
  it('passes the bundled templates and their offline twin', () => {
    expect(templateProblems(BUNDLED_TEMPLATES_DIR)).toEqual([]);
    const offline = tempDir('offline-');
    writeOfflineTemplates(offline);
    expect(templateProblems(offline)).toEqual([]);
  });

  it('names the template, the files it looked in, and the variable the bot passes that none declares', () => {
    const root = copyOfBundled();
    dropVariable(join(root, 'aws', 'k8s', 'variables.tf'), 'node_count');
    expect(templateProblems(root)).toEqual([
      'aws/k8s: no file declares variable "node_count", which the bot passes to every aws/k8s deployment (looked in aws/shared/provider.tf, aws/shared/shared-variables.tf, aws/k8s/main.tf, aws/k8s/outputs.tf, aws/k8s/variables.tf)',
    ]);
  });

  it('names the file and line of a required variable the bot does not pass', () => {
    const root = copyOfBundled();
    const file = join(root, 'gcp', 'bucket', 'variables.tf');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nvariable "retention_days" {\n  type = number\n}\n\nvariable "with_default" {\n  default = 7\n}\n`);
    const line = readFileSync(file, 'utf8').split('\n').indexOf('variable "retention_days" {') + 1;
    const problems = templateProblems(root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(
      `gcp/bucket/variables.tf:${line}: variable "retention_days" has no default and the bot does not pass it (it passes project_id, region, name, labels), so every plan would stop at "No value for required variable"`,
    );
  });

  it('names missing directories, and throws a ConfigError with every problem at once', () => {
    const root = copyOfBundled();
    rmSync(join(root, 'azure'), { recursive: true });
    rmSync(join(root, 'gcp', 'database'), { recursive: true });
    dropVariable(join(root, 'aws', 'shared', 'shared-variables.tf'), 'region');
    const error = (() => {
      try {
        assertTemplatesMatch(root);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems[0]).toBe(`TEMPLATES_DIR (${root}): gcp/database/: missing`);
    expect(problems.filter((p) => p.includes('no file declares variable "region"'))).toHaveLength(4);
    expect(problems.at(-1)).toBe(`TEMPLATES_DIR (${root}): azure/: missing (each provider has shared/ and one directory per resource kind: vm, k8s, database, bucket)`);
    expect(templateProblems(join(root, 'nowhere'))).toEqual([`${join(root, 'nowhere')} is not a directory`]);
  });
});
