import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import { openDatabase } from '../src/db/database.js';
import { sealSession } from '../src/recovery/blob-crypto.js';
import { RecoveryStore } from '../src/recovery/recovery-store.js';
import { newSessionId } from '../src/vault/new-session.js';
import type { Session } from '../src/vault/session.js';
import { SessionVault } from '../src/vault/session-vault.js';
import type { BenchResult } from './result.js';
import { summarize } from './stats.js';

const BLOBS = 100_000;
const SAMPLES = 5_000;
const TARGET_P99_MS = 5;

/** The whole recover path (DB read, key derivation, decryption, vault restore) with 100,000 blobs on disk. */
export async function benchRecoveryLatency(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-recovery-'));
  const log = pino({ level: 'silent' });
  const db = openDatabase(join(dir, 'bench.db'), log);
  const secret = randomBytes(32);
  try {
    const sessions = seed(db, secret);
    const store = new RecoveryStore({ db, secret, clock: systemClock, log });
    const vault = new SessionVault({ clock: systemClock });
    const baseline: number[] = [];
    const select = db.prepare('SELECT encrypted_blob FROM recovery_blobs WHERE session_id = ?');
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const s = sessions[(i * 7919) % sessions.length]!;
      let t = performance.now();
      select.get(s.id);
      baseline.push(performance.now() - t);
      t = performance.now();
      const result = store.recover(s.id, { userId: s.userId, guildId: s.guildId });
      if (!result.ok) throw new Error(`recovery failed in the benchmark: ${result.reason}`);
      vault.put(result.session);
      samples.push(performance.now() - t);
    }
    const { p50, p99 } = summarize(samples);
    const base = summarize(baseline);
    return {
      name: `Recovery latency (${BLOBS.toLocaleString('en')} blobs)`,
      measured: `p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`,
      target: `p99 < ${TARGET_P99_MS} ms`,
      baseline: `bare row read p50 ${base.p50.toFixed(3)} ms, p99 ${base.p99.toFixed(3)} ms`,
      pass: p99 < TARGET_P99_MS,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function seed(db: ReturnType<typeof openDatabase>, secret: Buffer): Session[] {
  const insert = db.prepare(`INSERT INTO recovery_blobs (session_id, user_id, guild_id, encrypted_blob, created_at, expires_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const now = Date.now();
  const sessions: Session[] = [];
  db.transaction(() => {
    for (let i = 0; i < BLOBS; i++) {
      const session: Session = {
        id: newSessionId(),
        userId: String(100000000000000000n + BigInt(i)),
        guildId: '222222222222222222',
        provider: 'gcp',
        projectName: `Project ${i}`,
        projectId: `project-${i.toString().padStart(6, '0')}`,
        region: 'us-central1',
        createdAt: now,
        expiresAt: now + 30 * 60_000,
      };
      insert.run(session.id, session.userId, session.guildId, sealSession(secret, session), session.createdAt, session.expiresAt);
      sessions.push(session);
    }
  })();
  return sessions;
}
