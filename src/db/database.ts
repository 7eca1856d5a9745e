import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log.js';
import { applyMigrations, type MigrationReport } from './migrations.js';

export type Db = Database.Database;

/** Opens (creating if needed) the bot's SQLite database and brings its schema up to date. */
export function openDatabase(path: string, log: Logger, migrationsDir?: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  // WAL lets reads proceed during writes; the busy timeout rides out a concurrent writer (e.g. `npm run register`).
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const report: MigrationReport = applyMigrations(db, migrationsDir);
  if (report.applied.length) log.info({ applied: report.applied }, 'database migrated');
  return db;
}
