import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../log.js';

export const GENERATED_SECRET_FILE = 'recovery.secret';
const MIN_SECRET_BYTES = 32;

/**
 * The server secret behind every recovery blob key. Prefers RECOVERY_SECRET; otherwise keeps a
 * generated one in a 0600 file beside the database, so restarts (the whole point of recovery)
 * can still open old blobs. Losing this secret makes every blob unrecoverable, hence the warning.
 */
export function resolveRecoverySecret(configured: string | undefined, databasePath: string, log: Logger): Buffer {
  if (configured !== undefined) return Buffer.from(configured, 'utf8');
  if (databasePath === ':memory:') return randomBytes(MIN_SECRET_BYTES);

  const path = join(dirname(databasePath), GENERATED_SECRET_FILE);
  const existing = readSecretFile(path);
  if (existing) {
    log.warn({ path }, 'RECOVERY_SECRET is not set; using the generated secret in this file (back it up)');
    return existing;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const secret = randomBytes(MIN_SECRET_BYTES).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600, flag: 'wx' });
  log.warn({ path }, 'RECOVERY_SECRET is not set; generated a new one into this file. Back it up or set RECOVERY_SECRET: without it, recovery blobs cannot be opened');
  return Buffer.from(secret, 'utf8');
}

function readSecretFile(path: string): Buffer | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return undefined;
  }
  // Another user being able to read it would defeat the point; tighten rather than refuse to start.
  if ((mode & 0o077) !== 0) chmodSync(path, 0o600);
  const secret = readFileSync(path, 'utf8').trim();
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new Error(`${path} holds fewer than ${MIN_SECRET_BYTES} bytes; delete it or set RECOVERY_SECRET`);
  }
  return Buffer.from(secret, 'utf8');
}
