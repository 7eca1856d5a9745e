import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_SECRET_FILE, resolveRecoverySecret } from '../../src/recovery/recovery-secret.js';
import { silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

describe('resolveRecoverySecret', () => {
  const dbPathIn = (dir: string) => join(dir, 'chatops.db');

  it('uses RECOVERY_SECRET when it is set', () => {
    expect(resolveRecoverySecret('x'.repeat(32), '/nonexistent/db', silentLog).toString()).toBe('x'.repeat(32));
  });

  it('generates a secret into a 0600 file beside the database, and reuses it on the next start', () => {
    const dir = tempDir();
    const first = resolveRecoverySecret(undefined, dbPathIn(dir), silentLog);
    const file = join(dir, GENERATED_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveRecoverySecret(undefined, dbPathIn(dir), silentLog).equals(first)).toBe(true);
  });

  it('tightens a secret file others can read', () => {
    const dir = tempDir();
    const file = join(dir, GENERATED_SECRET_FILE);
    writeFileSync(file, 'y'.repeat(40));
    chmodSync(file, 0o644);
    resolveRecoverySecret(undefined, dbPathIn(dir), silentLog);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('y'.repeat(40));
  });

  it('refuses a secret file too short to be a key', () => {
    const dir = tempDir();
    writeFileSync(join(dir, GENERATED_SECRET_FILE), 'short', { mode: 0o600 });
    expect(() => resolveRecoverySecret(undefined, dbPathIn(dir), silentLog)).toThrow(/fewer than 32 bytes/);
  });
});
