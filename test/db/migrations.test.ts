import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { silentLog } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

function migrationsDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('applyMigrations', () => {
  it('applies files in numeric order and records each once', () => {
    const db = new Database(':memory:');
    const dir = migrationsDir({
      '0002_add_b.sql': 'ALTER TABLE t ADD COLUMN b TEXT;',
      '0001_create_t.sql': 'CREATE TABLE t (a TEXT);',
    });
    expect(applyMigrations(db, dir).applied).toEqual(['0001_create_t.sql', '0002_add_b.sql']);
    expect(applyMigrations(db, dir).applied).toEqual([]);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: '0001_create_t.sql' },
      { version: 2, name: '0002_add_b.sql' },
    ]);
  });

  it('rolls a failing migration back completely and records nothing for it', () => {
    const db = new Database(':memory:');
    const dir = migrationsDir({
      '0001_ok.sql': 'CREATE TABLE t (a TEXT);',
      '0002_broken.sql': 'CREATE TABLE half (x TEXT); INSERT INTO missing VALUES (1);',
    });
    expect(() => applyMigrations(db, dir)).toThrow(/no such table: missing/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 });
  });

  it.each([['0001-bad name.sql'], ['1_short.sql']])('rejects a misnamed file %s', (name) => {
    expect(() => applyMigrations(new Database(':memory:'), migrationsDir({ [name]: 'SELECT 1;' }))).toThrow(/does not match/);
  });
});

describe('openDatabase', () => {
  it('creates the file with WAL, a busy timeout and the recovery_blobs table', () => {
    const path = join(tempDir(), 'nested', 'chatops.db');
    const db = openDatabase(path, silentLog);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('recovery_blobs');
    expect(columns).toEqual(['session_id', 'user_id', 'guild_id', 'encrypted_blob', 'deployment_status', 'created_at', 'expires_at']);
    expect(() => db.prepare("INSERT INTO recovery_blobs VALUES ('s','u','g',x'00','BOGUS',0,0)").run()).toThrow(/CHECK/);
  });
});
