import { join } from 'node:path';
import { describe, inject } from 'vitest';
import { OFFLINE_ENV, readLedger } from './offline-templates.js';
import { tempDir } from './temp-dir.js';

/** The real `terraform` and the offline templates, or null on a machine without it (see test/setup/real-terraform.ts). */
export const realTerraform = inject('realTerraform');

/**
 * Every real-Terraform suite's name starts with this: `.ci/run` checks in the test report that such
 * tests ran and none was skipped.
 */
export const REAL_TERRAFORM_TAG = '[real terraform]';

/** A `describe` for tests that run the real binary; skipped without one (the setup says so, once). */
export function describeWithTerraform(name: string, ...rest: [() => void] | [{ timeout: number }, () => void]): void {
  const [options, body] = rest.length === 1 ? [{}, rest[0]] : rest;
  describe.skipIf(!realTerraform)(`${REAL_TERRAFORM_TAG} ${name}`, options, body);
}

/** Short enough for a fast suite, long enough to act while a resource is in flight. */
export const TEST_DELAY_SECONDS = 0.3;

export interface OfflineOptions {
  /** How long each create or destroy takes. */
  delaySeconds?: number;
  /** Addresses that take `slowSeconds` instead, to act while one is in flight. */
  slow?: string[];
  slowSeconds?: number;
  /** Addresses whose creation fails, as a refused cloud call does. */
  fail?: string[];
}

/**
 * The bot's environment for deploying the offline templates with the real binary, and the ledger of
 * what they created. TF_CLI_CONFIG_FILE passes through as the machine sets it, warnings and all.
 */
export function realTerraformEnv({ delaySeconds = TEST_DELAY_SECONDS, slow = [], slowSeconds = 30, fail = [] }: OfflineOptions = {}) {
  if (!realTerraform) throw new Error('realTerraformEnv() outside describeWithTerraform');
  const dir = tempDir('tf-ledger-');
  const ledgerPath = join(dir, 'ledger');
  const environmentPath = join(dir, 'environment');
  return {
    ledgerPath,
    /** `create <address>` and `destroy <address>` lines, in order. */
    ledger: () => readLedger(ledgerPath),
    /** The environment each resource's creation ran with (Terraform's own, which its provisioners inherit), one `NAME=value` a line. */
    terraformEnvironment: () => readLedger(environmentPath),
    env: {
      TERRAFORM_BIN: realTerraform.bin,
      TEMPLATES_DIR: realTerraform.templatesDir,
      PROGRESS_EDIT_INTERVAL_MS: '250',
      [OFFLINE_ENV.ledger]: ledgerPath,
      [OFFLINE_ENV.delaySeconds]: String(delaySeconds),
      [OFFLINE_ENV.slow]: slow.join(' '),
      [OFFLINE_ENV.slowSeconds]: String(slowSeconds),
      [OFFLINE_ENV.fail]: fail.join(' '),
      [OFFLINE_ENV.environment]: environmentPath,
      ...(process.env.TF_CLI_CONFIG_FILE ? { TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE } : {}),
    },
  };
}
