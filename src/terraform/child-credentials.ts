import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gcpKeyFileText, type CloudCredentials } from '../cloud/credentials.js';
import { parseJson } from '../json.js';
import { isAlive, processRefSchema, type ProcessRef } from './process-identity.js';

/** Prefix of the private directories that hold a key file for one terraform run. */
export const CREDENTIALS_DIR_PREFIX = 'chatops-cred-';

export interface ChildCredentials {
  /** Variables for this child only. */
  env: Record<string, string>;
  /** The private directory holding a key file, if one was written. */
  dir?: string;
  /** Removes any file written; safe to call more than once. */
  cleanup(): Promise<void>;
}

/**
 * Turns a guild's credentials into what the provider plugins read: a canonical GCP key file in a fresh
 * 0700 directory (0600 file) named by GOOGLE_APPLICATION_CREDENTIALS, or the AWS/Azure standard variables.
 */
export async function prepareCredentials(credentials: CloudCredentials | undefined, tempRoot: string): Promise<ChildCredentials> {
  switch (credentials?.provider) {
    case undefined:
      return { env: {}, cleanup: async () => undefined };
    case 'gcp': {
      // mkdtemp makes it 0700; the PID in the name tells a later sweep whether its owner is still running.
      const dir = await mkdtemp(join(tempRoot, `${CREDENTIALS_DIR_PREFIX}${process.pid}-`));
      const file = join(dir, 'credentials.json');
      // Written from the validated fields, never from the text the user sent.
      await writeFile(file, gcpKeyFileText(credentials.key), { mode: 0o600, flag: 'wx' });
      return { env: { GOOGLE_APPLICATION_CREDENTIALS: file }, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
    }
    case 'aws':
      return {
        env: {
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
        },
        cleanup: async () => undefined,
      };
    case 'azure':
      return {
        env: { ARM_CLIENT_ID: credentials.clientId, ARM_CLIENT_SECRET: credentials.clientSecret, ARM_TENANT_ID: credentials.tenantId },
        cleanup: async () => undefined,
      };
  }
}

/** Names the process that now owns a credential directory: a detached run that outlives the bot removes it itself. */
export function recordCredentialsOwner(dir: string, owner: ProcessRef): void {
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
}

const OWNER_FILE = 'owner.json';

/**
 * At startup: key files left by a run the process did not outlive (a crash, a SIGKILL). Those of
 * another bot process still running on this machine, and those of a detached run still going, are left alone.
 */
export async function sweepStaleCredentialDirs(tempRoot: string): Promise<number> {
  const stale = (await readdir(tempRoot)).filter((name) => name.startsWith(CREDENTIALS_DIR_PREFIX) && !ownerIsRunning(tempRoot, name));
  await Promise.all(stale.map((name) => rm(join(tempRoot, name), { recursive: true, force: true })));
  return stale.length;
}

function ownerIsRunning(tempRoot: string, dirName: string): boolean {
  const pid = Number(/^\d+(?=-)/.exec(dirName.slice(CREDENTIALS_DIR_PREFIX.length))?.[0]);
  if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && isAlive({ pid })) return true;
  const run = processRefSchema.safeParse(parseJson(readIfPresent(join(tempRoot, dirName, OWNER_FILE))));
  return run.success && isAlive(run.data);
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
