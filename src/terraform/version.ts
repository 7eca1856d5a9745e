import { execa } from 'execa';
import { z } from 'zod';
import { parseJson } from '../json.js';
import { TerraformError } from './terraform-error.js';

export interface TerraformCapabilities {
  product: 'terraform' | 'opentofu';
  version: string;
  /** The machine-readable UI (`-json` on plan/apply): Terraform >= 0.15.3 and every OpenTofu. */
  json: boolean;
}

const versionJson = z.object({ terraform_version: z.string() });

/** Asks the binary what it is: `version -json` where it exists, else the human `version` banner. */
export async function detectCapabilities(bin: string, env: Record<string, string>): Promise<TerraformCapabilities> {
  // Not there at either call (it may vanish between them, with an upgrade or an uninstall): missing.
  const run = async (args: string[]) => {
    const result = await execa(bin, args, { env, extendEnv: false, reject: false, timeout: 30_000, stdin: 'ignore' });
    if (result.failed && (result as { code?: string }).code === 'ENOENT') throw missingBinary(bin);
    return result;
  };
  const asJson = await run(['version', '-json']);
  const code = (asJson as { code?: string }).code;
  if (asJson.failed && (code === 'EACCES' || code === 'ENOEXEC')) {
    throw new TerraformError('missing-binary', `\`${bin}\` cannot be run (${code === 'EACCES' ? 'permission denied: is it executable?' : 'not an executable for this machine'}); check TERRAFORM_BIN.`);
  }
  if (asJson.timedOut) throw new TerraformError('failed', `\`${bin} version\` did not answer within 30 s; check TERRAFORM_BIN.`);
  // Before 0.13 there is no `version -json`; some versions print the human banner for it anyway.
  const parsed = asJson.exitCode === 0 ? versionJson.safeParse(parseJson(String(asJson.stdout))) : undefined;
  // OpenTofu answers `version -json` with the same `terraform_version` key: only its banner names it.
  const banner = asJson.exitCode === 0 && !parsed?.success ? String(asJson.stdout) : String((await run(['version'])).stdout ?? '');
  const product = /OpenTofu/i.test(banner) || /tofu$/.test(bin) ? 'opentofu' : 'terraform';
  const version = parsed?.success ? parsed.data.terraform_version : /v(\d+\.\d+\.\d+)/.exec(banner)?.[1];
  if (!version) {
    throw new TerraformError('failed', `\`${bin}\` does not answer \`version\` like Terraform or OpenTofu; check TERRAFORM_BIN.`);
  }
  return { product, version, json: product === 'opentofu' || atLeast(version, [0, 15, 3]) };
}

/** The binary is not there (never installed, or removed since it was last found). */
export function missingBinary(bin: string): TerraformError {
  return new TerraformError('missing-binary', `Terraform was not found: \`${bin}\` is not installed or not on PATH. Install Terraform (or OpenTofu) on the bot's host, or set TERRAFORM_BIN.`);
}

/** Whether `version` (e.g. "1.7.2") is `minimum` or newer. */
export function atLeast(version: string, minimum: [number, number, number]): boolean {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < 3; i++) {
    const part = parts[i] ?? 0;
    if (part !== minimum[i]) return part > minimum[i]!;
  }
  return true;
}
