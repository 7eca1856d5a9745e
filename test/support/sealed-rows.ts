import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Installation } from './e2e.js';

/**
 * What someone editing the database does to a sealed column: flips one byte of its ciphertext (the last
 * byte, past the IV and tag), in the rows `where` selects. Drops the table's append-only guard first, if any.
 */
export function flipSealedByte(databasePath: string, table: string, column: string, where: string): void {
  const db = new Database(databasePath);
  try {
    db.exec(`DROP TRIGGER IF EXISTS ${table}_no_update`);
    // Not `rowid` alone: where it is an alias (an INTEGER PRIMARY KEY), SQLite names the column after it.
    const rows = db.prepare(`SELECT rowid AS id, ${column} AS sealed FROM ${table} WHERE ${where}`).all() as { id: number; sealed: Buffer }[];
    if (rows.length === 0) throw new Error(`no ${table} row where ${where}`);
    for (const { id, sealed } of rows) {
      sealed[sealed.length - 1]! ^= 0x01;
      db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(sealed, id);
    }
  } finally {
    db.close();
  }
}

const VERIFY = join(import.meta.dirname, '..', '..', 'dist', 'src', 'audit', 'verify-cli.js');

/** `npm run audit:verify`'s program, run as an operator would, against the installation's database. */
export async function auditVerify(install: Installation, envOverrides: Record<string, string> = {}): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [VERIFY], { cwd: install.dataDir, env: { PATH: process.env.PATH, ...install.env, ...envOverrides } });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}
