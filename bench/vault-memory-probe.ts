import { randomBytes } from 'node:crypto';
import { systemClock } from '../src/clock.js';
import { GOOGLE_TOKEN_URI } from '../src/cloud/credentials.js';
import { newSessionId } from '../src/vault/new-session.js';
import { SessionVault } from '../src/vault/session-vault.js';

/**
 * Run in its own process with --expose-gc: prints the RSS and heap growth caused by N live sessions,
 * without credentials (`plain`) or each holding a GCP key file, the largest credentials the bot keeps.
 */
const count = Number(process.argv[2] ?? 10_000);
const withCredentials = process.argv[3] !== 'plain';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const key = {
  type: 'service_account', project_id: 'p', private_key_id: randomBytes(20).toString('hex'), client_id: '1234567890', token_uri: GOOGLE_TOKEN_URI,
  private_key: `-----BEGIN PRIVATE KEY-----\n${randomBytes(1216).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`, client_email: 'x@p.iam.gserviceaccount.com',
} as const;
const vault = new SessionVault({ clock: systemClock });
gc();
const before = process.memoryUsage();
const now = Date.now();
for (let i = 0; i < count; i++) {
  vault.put({
    id: newSessionId(), userId: String(100000000000000000n + BigInt(i)), guildId: '222222222222222222', provider: 'gcp',
    projectName: `Project ${i}`, projectId: `project-${i}`, region: 'us-central1',
    ...(withCredentials ? { credentials: { provider: 'gcp' as const, key } } : {}),
    createdAt: now, expiresAt: now + 30 * 60_000,
  });
}
gc();
const after = process.memoryUsage();
const live = vault.activeCount();
// What stays after every session is dropped is the allocator and V8 keeping pages for reuse, not sessions.
vault.close();
gc();
const emptied = process.memoryUsage();
process.stdout.write(JSON.stringify({
  count: live,
  rssDelta: after.rss - before.rss,
  heapDelta: after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers,
  rssKeptAfterClose: emptied.rss - before.rss,
}) + '\n');
