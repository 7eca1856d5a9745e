import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { stateEncryptionConfig, stateEncryptionKeys } from '../../src/terraform/state-encryption.js';
import { TerraformRunner } from '../../src/terraform/terraform-runner.js';
import { FAKE_TERRAFORM, GCP_MAIN_TF, fakeTerraformEnv, recordedInvocations } from '../support/fake-terraform.js';
import { silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

const SECRET = Buffer.from('s'.repeat(40));

/** Which variables the fake terraform (as `product` at `version`) was given on init and plan. */
async function namesSeenBy(product: 'terraform' | 'opentofu', version: string): Promise<string[][]> {
  const root = tempDir('tf-encryption-');
  const record = join(root, 'env.jsonl');
  const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678', PATH: process.env.PATH, ...fakeTerraformEnv({ recordEnvTo: record, product, version }, root) });
  const runner = new TerraformRunner({
    bin: FAKE_TERRAFORM, workspaceDir: join(root, 'workspaces'), childEnv: config.terraform.childEnv, log: silentLog, tempRoot: tempDir('tf-run-'),
    runs: new RunStore({ db: openDatabase(':memory:', silentLog), secret: SECRET }), stateEncryption: stateEncryptionKeys(SECRET),
  });
  runner.workspaces.writeConfig('ws1', { 'main.tf': GCP_MAIN_TF }, { name: 'api-web' });
  for (const step of ['init', 'plan'] as const) {
    const run = await runner.start({ workspaceId: 'ws1', step });
    for await (const line of run.lines) void line;
    expect((await run.result).ok).toBe(true);
  }
  return recordedInvocations(record).filter((i) => i.command !== 'version').map((i) => i.names);
}

describe('OpenTofu state encryption', () => {
  it.each([
    ['opentofu', '1.7.0', true],
    ['opentofu', '1.8.3', true],
    ['opentofu', '1.6.2', false],
    ['terraform', '1.9.8', false],
  ] as const)('%s %s is given TF_ENCRYPTION: %s', async (product, version, expected) => {
    const seen = await namesSeenBy(product, version);
    expect(seen).toHaveLength(2);
    for (const names of seen) expect(names.includes('TF_ENCRYPTION')).toBe(expected);
  });

  it('seals state and plans with AES-GCM under a key derived from the server secret, reading older state through its fallback', () => {
    const config = stateEncryptionConfig(stateEncryptionKeys(SECRET));
    const passphrase = /passphrase = "([^"]+)"/.exec(config)?.[1] ?? '';
    // PBKDF2 in OpenTofu takes 16 characters or more; ours is a derived key, never the secret itself.
    expect(passphrase.length).toBeGreaterThanOrEqual(16);
    expect(config).not.toContain(SECRET.toString());
    expect(passphrase).not.toBe(/passphrase = "([^"]+)"/.exec(stateEncryptionConfig(stateEncryptionKeys(Buffer.from('t'.repeat(40)))))?.[1]);
    expect(config).toMatch(/state \{\n  method = method\.aes_gcm\.current\n  fallback \{\n    method = method\.unencrypted\.migrate\n  \}\n\}/);
    expect(config).toMatch(/plan \{\n  method = method\.aes_gcm\.current/);

    // During a rotation, state sealed under the previous secret's key still opens.
    const rotating = stateEncryptionConfig(stateEncryptionKeys(Buffer.from('n'.repeat(40)), SECRET));
    expect(rotating).toContain(`key_provider "pbkdf2" "previous" {\n  passphrase = "${passphrase}"`);
    expect(rotating).toMatch(/fallback \{\n    method = method\.aes_gcm\.previous\n  \}/);
    expect(rotating).not.toContain('unencrypted');
  });
});
