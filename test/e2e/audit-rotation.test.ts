import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chainKeyOf } from '../../src/audit/audit-log.js';
import { headMac, rowHash } from '../../src/audit/hash-chain.js';
import { stopAllBots } from '../harness/bot-process.js';
import { createFakeDiscord, installation, openSession, runCommand, startInstallation } from '../support/e2e.js';
import { auditVerify, flipSealedByte } from '../support/sealed-rows.js';
import { until } from '../support/until.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

const auditLines = async (options: Record<string, string> = {}) => (await runCommand(fake, 'cloud-audit', options)).embeds[0]!.description!.split('\n');
const NOT_OPENING = 'details do not open (altered, or sealed under another secret)';

/** What whoever holds a leaked old secret can do: rewrite rows from `fromSeq` on, and the head, chained under that secret's key. */
function rechainUnder(databasePath: string, secret: string, fromSeq: number): void {
  const key = chainKeyOf(Buffer.from(secret, 'utf8'));
  const db = new Database(databasePath);
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as {
    seq: number; at: number; guild_id: string; actor_id: string; action: string; project_tag: string | null; deployment_id: string | null; details: Buffer; prev_hash: string; hash: string;
  }[];
  let prevHash = '';
  for (const r of rows) {
    const row = { seq: r.seq, at: r.at, guildId: r.guild_id, actorId: r.seq === fromSeq ? '310000000000000002' : r.actor_id, action: r.action, projectTag: r.project_tag, deploymentId: r.deployment_id, details: r.details, prevHash: r.seq >= fromSeq ? prevHash : r.prev_hash };
    const hash = r.seq >= fromSeq ? rowHash(key, row) : r.hash;
    db.prepare('UPDATE audit_log SET actor_id = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(row.actorId, row.prevHash, hash, r.seq);
    prevHash = hash;
  }
  db.prepare('UPDATE audit_head SET mac = ?').run(headMac(key, rows.length, prevHash));
  db.close();
}

describe('the audit trail across a secret rotation', () => {
  it('shows rows that do not open as such, verifies old rows under RECOVERY_SECRET_PREVIOUS, and catches rows re-chained under the old secret', async () => {
    const install = installation({ MAX_SESSIONS_PER_USER: '10' });
    const oldSecret = install.env.RECOVERY_SECRET!;
    const newSecret = randomBytes(32).toString('base64');
    const first = await startInstallation(fake, install);
    await openSession(fake, { project_id: 'ledger-old-1' }); // row 1, under the old secret
    await first.stop();

    const rotated = await startInstallation(fake, install, { RECOVERY_SECRET: newSecret });
    await openSession(fake, { project_id: 'payments-prod-42' }); // row 2
    await openSession(fake, { project_id: 'p-three-3' }); // row 3, altered below
    await rotated.stop();
    flipSealedByte(install.databasePath, 'audit_log', 'details', 'seq = 3');

    // Without the old secret: the page is shown, each row that does not open says so, and the warning names only its row.
    const blind = await startInstallation(fake, install, { RECOVERY_SECRET: newSecret });
    const lines = await auditLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^`#3` .* \*\*session\.opened\*\* · note details do not open/);
    expect(lines[1]).toMatch(/^`#2` .* \*\*session\.opened\*\* · gcp `payments-prod-42`/);
    expect(lines[2]).toContain(NOT_OPENING);
    const warnedRows = () => blind.logs.filter((l) => /audit row details do not open/.test(l.msg ?? '')).map((l) => l.seq).sort();
    await until(() => warnedRows().length === 2, 'a warning for each row that does not open');
    expect(warnedRows()).toEqual([1, 3]);
    expect(JSON.stringify(blind.logs)).not.toMatch(new RegExp([oldSecret, newSecret, 'p-three-3', 'ledger-old-1'].map((s) => s.replace(/[+/=]/g, '\\$&')).join('|')));
    await blind.stop();
    const unchecked = await auditVerify(install, { RECOVERY_SECRET: newSecret });
    expect(unchecked.code).toBe(1);
    expect(unchecked.stdout).toContain('row 1: changed: row 1 (session.opened) does not match its hash under RECOVERY_SECRET: written before a secret rotation (set RECOVERY_SECRET_PREVIOUS to the old secret to check it), or changed after it was written');
    expect(unchecked.stdout).toContain('row 3: changed: row 3 (session.opened) does not match its hash: it was changed after it was written');

    // With the old secret as RECOVERY_SECRET_PREVIOUS: the old row opens, and is found by its project; only the altered row is named.
    const rotating = { RECOVERY_SECRET: newSecret, RECOVERY_SECRET_PREVIOUS: oldSecret };
    await startInstallation(fake, install, rotating);
    expect(await auditLines({ project: 'ledger-old-1' })).toEqual([expect.stringMatching(/^`#1` .* \*\*session\.opened\*\* · gcp `ledger-old-1` /)]);
    expect((await auditLines())[0]).toContain(NOT_OPENING);
    await stopAllBots();
    expect(await auditVerify(install, rotating)).toEqual({ code: 1, stdout: expect.stringMatching(/^Audit trail BROKEN: 1 problem\(s\) in 3 rows\.\n {2}row 3: changed: /) });

    // The leaked old secret cannot rewrite what was written after the rotation: not the last rows, not every row since.
    rechainUnder(install.databasePath, oldSecret, 3);
    expect((await auditVerify(install, rotating)).stdout).toContain('row 3: changed: row 3 (session.opened) is chained under RECOVERY_SECRET_PREVIOUS after rows chained under RECOVERY_SECRET');
    rechainUnder(install.databasePath, oldSecret, 2);
    expect((await auditVerify(install, rotating)).stdout).toContain("row 3: changed: the chain's head is vouched for by RECOVERY_SECRET_PREVIOUS only");
  });

  it('checks out intact when the first start after the rotation has both secrets, before anything new is recorded', async () => {
    const install = installation();
    const rotating = { RECOVERY_SECRET: randomBytes(32).toString('base64'), RECOVERY_SECRET_PREVIOUS: install.env.RECOVERY_SECRET! };
    await startInstallation(fake, install);
    await openSession(fake);
    await stopAllBots();
    const bot = await startInstallation(fake, install, rotating);
    expect(bot.logs.some((l) => /the audit trail, intact under RECOVERY_SECRET_PREVIOUS, is now vouched for under RECOVERY_SECRET/.test(l.msg ?? ''))).toBe(true);
    await bot.stop();
    expect(await auditVerify(install, rotating)).toEqual({ code: 0, stdout: 'Audit trail intact: 1 rows, every hash and link checks out.\n' });
  });
});
