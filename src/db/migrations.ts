import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { projectPath } from '../paths.js';

export interface MigrationReport {
  /** File names applied by this call, in order. */
  applied: string[];
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Applies `NNNN_name.sql` files in numeric order, each in its own transaction and recorded in
 * `schema_migrations`, so a failed migration leaves the database as it was before it.
 */
export function applyMigrations(db: Database.Database, dir = projectPath('migrations')): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL
  ) STRICT`);
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: string[] = [];
  for (const { version, name } of listMigrations(dir)) {
    if (done.has(version)) continue;
    const sql = readFileSync(join(dir, name), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(version, name, Date.now());
    })();
    applied.push(name);
  }
  return { applied };
}

function listMigrations(dir: string): { version: number; name: string }[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.sql'));
  const migrations = files.map((name) => {
    const match = MIGRATION_FILE.exec(name);
    if (!match) throw new Error(`Migration file name ${name} does not match NNNN_snake_case.sql`);
    return { version: Number(match[1]), name };
  });
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`Two migrations share version ${migrations[i]!.version}`);
    }
  }
  return migrations;
}
