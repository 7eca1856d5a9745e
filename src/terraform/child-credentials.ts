import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gcpKeyFileText, type CloudCredentials } from '../cloud/credentials.js';
import { parseJson } from '../json.js';
import { isAlive, processRefSchema, type ProcessRef } from './process-identity.js';

/** Prefix of the private directories of one terraform run (its HOME and key file). */
export const CREDENTIALS_DIR_PREFIX = 'chatops-cred-';

export interface ChildCredentials {
  /** Variables for this child only: its private HOME, and the guild's credentials. */
  env: Record<string, string>;
  /** The run's private directory (its HOME, and a key file if one was written). */
  dir: string;
  /** Removes the run's directory and any key file in it; safe to call more than once. */
  cleanup(): Promise<void>;
}

/**
 * A private directory for one run (mkdtemp: 0700): an empty HOME, so no provider falls back to the
 * host's ~/.aws, gcloud or az CLI logins, and the guild's credentials as the provider plugins read them:
 * a canonical GCP key file (0600) named by GOOGLE_APPLICATION_CREDENTIALS, or the AWS/Azure variables.
 */
export async function prepareCredentials(credentials: CloudCredentials | undefined, tempRoot: string): Promise<ChildCredentials> {
  // The PID in the name tells a later sweep whether its owner is still running.
  const dir = await mkdtemp(join(tempRoot, `${CREDENTIALS_DIR_PREFIX}${process.pid}-`));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const home = join(dir, 'home');
    await mkdir(home, { mode: 0o700 });
    return { env: { HOME: home, ...(await credentialVariables(credentials, dir)) }, dir, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function credentialVariables(credentials: CloudCredentials | undefined, dir: string): Promise<Record<string, string>> {
  switch (credentials?.provider) {
    case undefined:
      return {};
    case 'gcp': {
      const file = join(dir, 'credentials.json');
      // Written from the validated fields, never from the text the user sent.
      await writeFile(file, gcpKeyFileText(credentials.key), { mode: 0o600, flag: 'wx' });
      return { GOOGLE_APPLICATION_CREDENTIALS: file };
    }
    case 'aws':
      return {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      };
    case 'azure':
      return { ARM_CLIENT_ID: credentials.clientId, ARM_CLIENT_SECRET: credentials.clientSecret, ARM_TENANT_ID: credentials.tenantId };
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
