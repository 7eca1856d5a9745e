import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import {
  GOOD_INIT, GUILD, INTRUDER, OTHER_GUILD, OWNER, createFakeDiscord, installation, openSession as openSessionWith,
  runCommand, sleep, startInstallation, textOf, type Installation,
} from '../support/e2e.js';

const NEUTRAL = 'No recoverable session with that ID';
const fake = createFakeDiscord();

beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const start = (install: Installation, envOverrides: Record<string, string> = {}) => startInstallation(fake, install, envOverrides);
const cloudInit = (options: Record<string, string>) => runCommand(fake, 'cloud-init', options);
const recover = (sessionId: string, user = OWNER, guildId = GUILD) => runCommand(fake, 'cloud-recover-session', { session_id: sessionId }, { user, guildId });
const openSession = (extra: Record<string, string> = {}) => openSessionWith(fake, extra);

describe('sessions end to end, through the real discord.js client', () => {
  it('registers its slash commands to the configured guild on startup', async () => {
    await start(installation());
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${GUILD}/commands`));
    expect((put?.body as { name: string }[]).map((c) => c.name)).toEqual(expect.arrayContaining(['cloud-init', 'cloud-recover-session']));
  });

  it('opens a session and says so ephemerally; recovering it while live changes nothing', async () => {
    const bot = await start(installation());
    const sessionId = await openSession();
    const reply = await recover(sessionId);
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toMatch(/already active[\s\S]*30 minutes/);
    expect(bot.logs.some((l) => l.msg === 'session recovered')).toBe(false);
  });

  it('recovers a session after kill -9 and a restart with the same database and secret (seed Test 1)', async () => {
    const install = installation();
    const first = await start(install);
    const sessionId = await openSession({ service_account_json: JSON.stringify(GCP_KEY) });
    await first.kill('SIGKILL');

    await start(install);
    const reply = await recover(sessionId);
    expect(reply.ephemeral).toBe(true);
    const text = textOf(reply);
    expect(text).toContain('Session recovered');
    expect(text).toContain(sessionId);
    expect(text).toMatch(/Time remaining\n(29|30) minutes/);
    expect(text).not.toContain('interrupted');
  });

  it('says a deployment cut off by the crash was interrupted and can be resumed', async () => {
    const install = installation();
    const first = await start(install);
    const sessionId = await openSession();
    await first.kill('SIGKILL');
    withDatabase(install, (db) => db.prepare("UPDATE recovery_blobs SET deployment_status = 'ACTIVE' WHERE session_id = ?").run(sessionId));

    await start(install);
    const text = textOf(await recover(sessionId));
    expect(text).toMatch(/Deployment interrupted[\s\S]*resumed/);
  });

  describe('refuses with the same neutral message, and keeps running', () => {
    /** Opens a session, kills the bot with SIGKILL and starts it again, as after a crash. */
    async function sessionAfterCrash(install: Installation, beforeRestart?: (sessionId: string) => void) {
      const first = await start(install);
      const sessionId = await openSession();
      const openedAt = Date.now();
      await first.kill('SIGKILL');
      beforeRestart?.(sessionId);
      return { sessionId, openedAt, bot: await start(install) };
    }

    it.each([
      ['another user', (id: string) => recover(id, INTRUDER)],
      ['the owner in another guild', (id: string) => recover(id, OWNER, OTHER_GUILD)],
      ['an unknown ID', () => recover(randomBytes(16).toString('base64url'))],
    ])('%s', async (_label, attempt) => {
      const { sessionId, bot } = await sessionAfterCrash(installation({ DISCORD_GUILD_ID: '' }));
      const reply = await attempt(sessionId);
      expect(reply.ephemeral).toBe(true);
      expect(textOf(reply)).toContain(NEUTRAL);
      // Still alive, and the owner still gets the session.
      expect(textOf(await recover(sessionId))).toContain('Session recovered');
      expect(bot.child.exitCode).toBeNull();
    });

    it('an expired blob', async () => {
      // Long enough to outlive a slow restart (its sweep would delete the blob: another reason), then expired.
      const { sessionId, openedAt, bot } = await sessionAfterCrash(installation({ SESSION_TTL_MINUTES: '0.15' }));
      await sleep(openedAt + 9_500 - Date.now());
      expect(textOf(await recover(sessionId))).toContain(NEUTRAL);
      await bot.waitForLog((l) => l.reason === 'expired');
    }, 60_000);

    it('a tampered blob', async () => {
      const install = installation();
      const { sessionId, bot } = await sessionAfterCrash(install, (id) =>
        withDatabase(install, (db) => {
          const blob = db.prepare('SELECT encrypted_blob FROM recovery_blobs WHERE session_id = ?').pluck().get(id) as Buffer;
          blob[20]! ^= 0xff;
          db.prepare('UPDATE recovery_blobs SET encrypted_blob = ? WHERE session_id = ?').run(blob, id);
        }));
      expect(textOf(await recover(sessionId))).toContain(NEUTRAL);
      await bot.waitForLog((l) => l.reason === 'undecryptable');
    });

    it('a wrong RECOVERY_SECRET', async () => {
      const install = installation();
      const first = await start(install);
      const sessionId = await openSession();
      await first.kill('SIGKILL');
      const bot = await start(install, { RECOVERY_SECRET: randomBytes(32).toString('base64') });
      expect(textOf(await recover(sessionId))).toContain(NEUTRAL);
      await bot.waitForLog((l) => l.reason === 'undecryptable');
    });
  });

  it('limits recovery attempts per user', async () => {
    await start(installation());
    for (let i = 0; i < 5; i++) expect(textOf(await recover(randomBytes(16).toString('base64url')))).toContain(NEUTRAL);
    expect(textOf(await recover(randomBytes(16).toString('base64url')))).toMatch(/Too many recovery attempts\. Try again in \d+ seconds/);
  });

  it.each([
    ['a malformed GCP project ID', { project_id: 'Bad_Project' }, 'must start with a lowercase letter'],
    ['a too-short GCP project ID', { project_id: 'abc' }, '6 to 30 characters'],
    ['a region the provider does not have', { region: 'us-central-1' }, 'Did you mean `us-central1`?'],
    ['an AWS account ID that is not 12 digits', { provider: 'aws', project_id: '1234', region: 'us-east-1' }, 'exactly 12 digits'],
    ['an Azure subscription that is not a GUID', { provider: 'azure', project_id: 'sub-1', region: 'eastus' }, 'GUID'],
    ['credentials that are not JSON', { service_account_json: '{"private_key": "TOP-SECRET' }, 'not valid JSON'],
    ['credentials missing fields', { service_account_json: JSON.stringify({ type: 'service_account' }) }, 'missing `project_id`'],
    ['a project name with markup', { project_name: '<@everyone> `rm -rf`' }, 'project name may contain'],
    ['a malformed session ID on recover', null, 'That is not a session ID'],
  ] as const)('answers %s with its specific ephemeral error', async (_label, options, message) => {
    await start(installation());
    const reply = options ? await cloudInit({ ...GOOD_INIT, ...options }) : await recover('not an id');
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toContain(message);
    expect(textOf(reply)).not.toContain('TOP-SECRET');
  });

  it('downloads an attached credentials file and keeps it out of the reply', async () => {
    await start(installation());
    const file = fake.hostFile('key.json', JSON.stringify(GCP_KEY));
    const interaction = await fake.sendSlashCommand({
      name: 'cloud-init', user: OWNER, guildId: GUILD,
      options: [...Object.entries(GOOD_INIT).map(([name, value]) => ({ name, type: 3, value })), { name: 'credentials', type: 11, value: file.id }],
      attachments: [file],
    });
    const text = textOf(await fake.waitForReply(interaction));
    expect(text).toMatch(/Credentials\n✅ Stored encrypted/);
    expect(text).not.toContain('TOP-SECRET');
  });

  it('keeps project IDs and credentials out of the database file and the logs', async () => {
    const projectId = `secret-proj-${randomBytes(3).toString('hex')}`;
    const install = installation();
    const bot = await start(install);
    await openSession({ project_id: projectId, service_account_json: JSON.stringify(GCP_KEY) });
    // SIGKILL, not a clean stop: whatever sits in the WAL file must not be plaintext either.
    await bot.kill('SIGKILL');
    const files = readdirSync(install.dataDir).filter((f) => f.startsWith('chatops.db'));
    expect(files).toContain('chatops.db-wal');
    for (const file of files) {
      const bytes = readFileSync(join(install.dataDir, file)).toString('latin1');
      expect(bytes).not.toContain(projectId);
      expect(bytes).not.toContain('TOP-SECRET');
    }
    const logText = bot.rawStdout + bot.stderr;
    for (const secret of [projectId, 'TOP-SECRET', 'fake-bot-token']) expect(logText).not.toContain(secret);
  });
});

describe('startup', () => {
  it('refuses a bad configuration with one message listing every problem, and no stack trace', async () => {
    const bot = await startBot({ fake, env: { DISCORD_CLIENT_ID: 'nope', SESSION_TTL_MINUTES: '-1' }, waitForReady: false });
    expect(await bot.exitCode).toBe(2);
    expect(bot.stderr).toMatch(/Invalid configuration:\n {2}- DISCORD_CLIENT_ID: .*\n {2}- SESSION_TTL_MINUTES: /);
    expect(bot.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero with a clear message when Discord rejects the token', async () => {
    const bot = await startBot({ fake, env: { DISCORD_TOKEN: 'wrong-token' }, waitForReady: false });
    expect(await bot.exitCode).toBe(1);
    expect(bot.rawStdout).toContain('Discord rejected DISCORD_TOKEN');
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const bot = await start(installation());
    expect(await bot.stop()).toBe(0);
  });
});

function withDatabase(install: Installation, change: (db: Database.Database) => void): void {
  const db = new Database(install.databasePath);
  try {
    change(db);
  } finally {
    db.close();
  }
}
