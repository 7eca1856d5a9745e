import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, loadStorageConfig } from '../config.js';
import { createLogger } from '../log.js';
import { GENERATED_SECRET_FILE, resolveRecoverySecret } from '../recovery/recovery-secret.js';
import { chainKeyOf, verifyAuditTrail } from './audit-log.js';

/**
 * `npm run audit:verify`: re-checks the audit trail's hash chain with the server secret and names each
 * row that was changed or deleted. Exit code 0 when intact, 1 when not, 2 when it cannot check.
 */
function main(): number {
  let storage;
  try {
    storage = loadStorageConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (!existsSync(storage.databasePath)) {
    process.stderr.write(`No database at ${storage.databasePath} (set DATABASE_PATH).\n`);
    return 2;
  }
  if (storage.recoverySecret === undefined && !existsSync(join(dirname(storage.databasePath), GENERATED_SECRET_FILE))) {
    process.stderr.write('Set RECOVERY_SECRET (the bot\'s server secret): the chain cannot be checked without it.\n');
    return 2;
  }
  const log = createLogger({ level: 'error', pretty: false });
  const secret = resolveRecoverySecret(storage.recoverySecret, storage.databasePath, log);
  const db = new Database(storage.databasePath, { readonly: true, fileMustExist: true });
  try {
    const previous = storage.recoverySecretPrevious === undefined ? [] : [chainKeyOf(Buffer.from(storage.recoverySecretPrevious, 'utf8'))];
    const { rows, problems } = verifyAuditTrail(db, [chainKeyOf(secret), ...previous]);
    if (problems.length === 0) {
      process.stdout.write(`Audit trail intact: ${rows} rows, every hash and link checks out.\n`);
      return 0;
    }
    process.stdout.write(`Audit trail BROKEN: ${problems.length} problem(s) in ${rows} rows.\n`);
    for (const p of problems) process.stdout.write(`  row ${p.seq}: ${p.problem}: ${p.detail}\n`);
    return 1;
  } finally {
    db.close();
  }
}

process.exitCode = main();
