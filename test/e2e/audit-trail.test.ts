import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlsOf } from '../fakes/fake-discord/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { deployEnv, finalProgress, press, progressMessage, sendDeploy } from '../support/deploy.js';
import { GUILD, INTRUDER, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';
import { auditVerify } from '../support/sealed-rows.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

describe('audit trail', () => {
  it('records every step of a deployment, shows it to admins in /cloud-audit, and audit:verify names a row altered in SQLite', async () => {
    const install = installation({ ...deployEnv().env, MAX_SESSIONS_PER_USER: '10' });
    const bot = await startInstallation(fake, install);
    await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
    const { reply } = await sendDeploy(fake, { project_id: 'payments-prod-42', resource_type: 'bucket', name: 'assets' });
    const approvedAt = fake.now();
    await fake.waitForReply(await press(fake, reply, 'plan-approve'));
    await finalProgress(fake, await progressMessage(fake, approvedAt));

    const audit = await runCommand(fake, 'cloud-audit', { project: 'payments-prod-42' });
    expect(audit.ephemeral).toBe(true);
    const lines = audit.embeds[0]!.description!.split('\n');
    // Newest first: every step, who did it, and the project (read from the sealed details).
    expect(lines.map((l) => /\*\*([\w.]+)\*\*/.exec(l)?.[1])).toEqual([
      'apply.finished', 'apply.started', 'plan.approved', 'plan.created', 'credentials.uploaded', 'session.opened',
    ]);
    for (const line of lines) expect(line).toMatch(/^`#\d+` <t:\d+:f> <@310000000000000001> \*\*[\w.]+\*\* · gcp `payments-prod-42`/);
    expect(lines[0]).toContain('outcome succeeded');
    expect(textOf(audit)).not.toMatch(/PRIVATE KEY|deployer@/);

    const refused = await runCommand(fake, 'cloud-audit', {}, { user: INTRUDER });
    expect(refused.content).toContain('Manage Server');

    // More than a page: buttons page through, newest first, and re-check the presser.
    for (const project of ['p-one-1', 'p-two-2', 'p-three-3', 'p-four-4', 'p-five-5']) await openSession(fake, { project_id: project });
    const first = await runCommand(fake, 'cloud-audit');
    expect(first.embeds[0]!.footer?.text).toMatch(/^Page 1 of 2 · 11 entries/);
    const older = controlsOf(first).find((c) => c.label === 'Older ▶')!;
    expect(older.disabled).not.toBe(true);
    const page2 = await fake.waitForReply(await fake.sendButton({ message: first, customId: older.custom_id!, user: OWNER }), { predicate: (m) => m.embeds[0]?.footer?.text.startsWith('Page 2') === true });
    expect(page2.embeds[0]!.description!.split('\n')).toHaveLength(1);
    expect(page2.embeds[0]!.description).toContain('**session.opened**');
    const byUser = await fake.waitForReply(await fake.sendSlashCommand({ name: 'cloud-audit', user: OWNER, guildId: GUILD, options: [{ name: 'user', type: 6, value: INTRUDER.id }] }));
    expect(byUser.embeds[0]!.description).toBe('Nothing recorded matches these filters.');

    await bot.stop();
    expect(await auditVerify(install)).toEqual({ code: 0, stdout: 'Audit trail intact: 11 rows, every hash and link checks out.\n' });

    const db = new Database(install.databasePath);
    db.exec('DROP TRIGGER audit_log_no_update');
    const approved = db.prepare("SELECT seq FROM audit_log WHERE action = 'plan.approved'").pluck().get() as number;
    db.prepare("UPDATE audit_log SET actor_id = '310000000000000002' WHERE seq = ?").run(approved);
    db.close();
    const broken = await auditVerify(install);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`row ${approved}: changed: row ${approved} (plan.approved) does not match its hash`);
  });
});
