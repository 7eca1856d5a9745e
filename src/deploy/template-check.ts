import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../config.js';
import { PROVIDERS, type Provider } from '../cloud/providers.js';
import { RESOURCE_KINDS, type ResourceKind } from '../cloud/resource-kinds.js';
import { hasAttribute, topLevelBlocks } from './hcl-scan.js';
import { sharedTemplateDirectory, templateDirectory, templateVariableNames } from './terraform-templates.js';

/**
 * Checks a template root (TEMPLATES_DIR) against what the bot passes, before the first deployment:
 * every provider and kind has its directory, every variable the bot sets is declared, and every
 * declared variable without a default is one the bot sets. Terraform itself would only warn about a
 * value for an undeclared variable in terraform.tfvars.json, and then deploy without it.
 *
 * Returns one problem per line, each naming the file (relative to `root`) and the variable.
 */
export function templateProblems(root: string): string[] {
  if (!isDirectory(root)) return [`${root} is not a directory`];
  const problems: string[] = [];
  for (const provider of PROVIDERS) {
    if (!isDirectory(join(root, provider))) {
      problems.push(`${provider}/: missing (each provider has shared/ and one directory per resource kind: ${RESOURCE_KINDS.join(', ')})`);
      continue;
    }
    const shared = readDirectory(root, sharedTemplateDirectory(provider, root), problems);
    for (const kind of RESOURCE_KINDS) {
      const own = readDirectory(root, templateDirectory(provider, kind, root), problems);
      if (shared && own) problems.push(...variableProblems(provider, kind, [...shared, ...own]));
    }
  }
  return problems;
}

/** Throws {@link ConfigError} listing every problem of the template root, so the bot never starts with templates it cannot fill. */
export function assertTemplatesMatch(root: string): void {
  const problems = templateProblems(root);
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => `TEMPLATES_DIR (${root}): ${problem}`));
}

interface TemplateFile {
  /** Relative to the template root, e.g. `gcp/vm/variables.tf`. */
  path: string;
  text: string;
}

function variableProblems(provider: Provider, kind: ResourceKind, files: TemplateFile[]): string[] {
  const passed = templateVariableNames(provider, kind);
  const declared = files.flatMap((file) =>
    topLevelBlocks(file.text)
      .filter((block) => block.type === 'variable' && block.labels.length === 1)
      .map((block) => ({ name: block.labels[0]!, file, line: block.line, hasDefault: hasAttribute(block.body, 'default') })),
  );
  const template = `${provider}/${kind}`;
  const problems: string[] = [];
  for (const name of passed) {
    if (declared.some((variable) => variable.name === name)) continue;
    const where = files.map((file) => file.path).join(', ');
    problems.push(`${template}: no file declares variable "${name}", which the bot passes to every ${template} deployment (looked in ${where})`);
  }
  for (const variable of declared) {
    if (passed.includes(variable.name) || variable.hasDefault) continue;
    problems.push(
      `${variable.file.path}:${variable.line}: variable "${variable.name}" has no default and the bot does not pass it (it passes ${passed.join(', ')}), so every plan would stop at "No value for required variable"`,
    );
  }
  return problems;
}

function readDirectory(root: string, dir: string, problems: string[]): TemplateFile[] | undefined {
  const shown = relative(root, dir);
  if (!isDirectory(dir)) {
    problems.push(`${shown}/: missing`);
    return undefined;
  }
  const names = readdirSync(dir).filter((name) => name.endsWith('.tf')).sort();
  if (names.length === 0) {
    problems.push(`${shown}: has no .tf files`);
    return undefined;
  }
  return names.map((name) => ({ path: join(shown, name), text: readFileSync(join(dir, name), 'utf8') }));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
