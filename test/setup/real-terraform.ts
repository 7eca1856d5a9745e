import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { writeOfflineTemplates } from '../support/offline-templates.js';

/** What the tests that run the real `terraform` get from this setup (see test/support/real-terraform.ts). */
export interface RealTerraform {
  /** Absolute path of the binary found on PATH. */
  bin: string;
  version: string;
  /** The offline twin of the bundled templates, for TEMPLATES_DIR. */
  templatesDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    realTerraform: RealTerraform | null;
  }
}

/** Set by `.ci/run`: a machine without a usable `terraform` is then a failure, never a silent skip. */
const REQUIRED = process.env.CHATOPS_REQUIRE_REAL_TERRAFORM === '1';

/**
 * vitest globalSetup: finds `terraform` on PATH once for the whole run and writes the offline templates.
 * Without one, the real-Terraform tests are skipped and this prints the one line saying so.
 */
export default function setup(project: TestProject): () => void {
  const found = findTerraform();
  if (typeof found === 'string') {
    if (REQUIRED) throw new Error(`CHATOPS_REQUIRE_REAL_TERRAFORM=1 but ${found}; CI must run the real-Terraform tests.`);
    process.stdout.write(`\n⚠️  Real-Terraform tests skipped: ${found}. Install Terraform 1.5 or newer to run them.\n\n`);
    project.provide('realTerraform', null);
    return () => undefined;
  }
  const templatesDir = mkdtempSync(join(tmpdir(), 'chatops-offline-templates-'));
  writeOfflineTemplates(templatesDir);
  project.provide('realTerraform', { ...found, templatesDir });
  return () => rmSync(templatesDir, { recursive: true, force: true });
}

/** The binary and its version, or why there is none that fits. */
function findTerraform(): { bin: string; version: string } | string {
  const bin = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'terraform')).find(isExecutable);
  if (!bin) return '`terraform` is not on PATH';
  let version: string;
  try {
    const answer = JSON.parse(execFileSync(bin, ['version', '-json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { terraform_version?: string };
    version = answer.terraform_version ?? '';
  } catch (error) {
    return `\`${bin} version -json\` failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < 1 || (major === 1 && minor < 5)) return `${bin} is Terraform ${version || 'of an unknown version'}; the offline templates need 1.5 or newer`;
  return { bin, version };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
