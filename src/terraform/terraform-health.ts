import { TerraformError } from './terraform-error.js';
import type { TerraformCapabilities } from './version.js';

/** Whether the bot can run Terraform, and if not, what is wrong in words an operator can act on. */
export type TerraformStatus =
  | { usable: true; capabilities: TerraformCapabilities; warning?: string }
  | { usable: false; problem: string };

export interface TerraformHealthOptions {
  /** TERRAFORM_BIN, as configured: named in every problem so the operator knows what was tried. */
  bin: string;
  /** Asks the binary what it is (the runner's own detection, so both agree). */
  detect: () => Promise<TerraformCapabilities>;
  now?: () => number;
  /** An unusable Terraform is asked again after this long, so installing it needs no restart. */
  recheckAfterMs?: number;
}

/** The oldest Terraform the templates are written for (README: Terraform 1.5 or newer). */
const OLDEST_SUPPORTED: [number, number] = [1, 5];

/**
 * Checks TERRAFORM_BIN at startup and before every command that needs it. The bot runs without a
 * usable Terraform (sessions, status and recovery do not need it); the commands that do are refused
 * with the problem, instead of failing half-way through a public reply.
 */
export class TerraformHealth {
  readonly #options: TerraformHealthOptions;
  readonly #now: () => number;
  #status: TerraformStatus | undefined;
  #checking: Promise<TerraformStatus> | undefined;
  #checkedAt = 0;

  constructor(options: TerraformHealthOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Asks the binary now (joining a check already under way); never throws. */
  check(): Promise<TerraformStatus> {
    this.#checking ??= this.#options.detect().then(
      (capabilities) => usable(capabilities),
      (error: unknown) => ({ usable: false as const, problem: describeProblem(this.#options.bin, error) }),
    ).then((status) => {
      this.#status = status;
      this.#checkedAt = this.#now();
      this.#checking = undefined;
      return status;
    });
    return this.#checking;
  }

  /** What stops Terraform from running, or undefined when it runs; re-asks an unusable binary now and then. */
  async problem(): Promise<string | undefined> {
    const stale = this.#status?.usable === false && this.#now() - this.#checkedAt >= (this.#options.recheckAfterMs ?? 30_000);
    const status = !this.#status || stale || this.#checking ? await this.check() : this.#status;
    return status.usable ? undefined : status.problem;
  }
}

function usable(capabilities: TerraformCapabilities): TerraformStatus {
  const [major = 0, minor = 0] = capabilities.version.split('.').map((part) => Number.parseInt(part, 10));
  const old = capabilities.product === 'terraform' && (major < OLDEST_SUPPORTED[0] || (major === OLDEST_SUPPORTED[0] && minor < OLDEST_SUPPORTED[1]));
  if (!old) return { usable: true, capabilities };
  const warning = `Terraform ${capabilities.version} is older than ${OLDEST_SUPPORTED.join('.')}, the oldest the templates are written for: deployments may fail. Upgrade it, or point TERRAFORM_BIN at a newer one.`;
  return { usable: true, capabilities, warning };
}

function describeProblem(bin: string, error: unknown): string {
  if (error instanceof TerraformError) return error.message;
  return `\`${bin} version\` failed: ${error instanceof Error ? error.message : String(error)}. Check TERRAFORM_BIN.`;
}
