import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAllBots } from '../harness/bot-process.js';
import { GOOD_INIT, OTHER_GUILD, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';

const fake = createFakeDiscord();
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(() => fake.stop());

describe('bounds on what one member can make the bot hold', () => {
  it('refuses a session over MAX_SESSIONS_PER_USER, across servers, saying when one frees up', async () => {
    await startInstallation(fake, installation({ MAX_SESSIONS_PER_USER: '2', DISCORD_GUILD_ID: '' }));
    await openSession(fake, { project_id: 'made-up-project-1' });
    await openSession(fake, { project_id: 'made-up-project-2' }, { guildId: OTHER_GUILD });
    const refused = await runCommand(fake, 'cloud-init', { ...GOOD_INIT, project_id: 'made-up-project-3' });
    expect(refused.ephemeral).toBe(true);
    expect(textOf(refused)).toMatch(/^❌ You already have 2 live sessions, the most this bot allows one person at a time \(2\)\. .*<t:\d+:R>/);
    expect(refused.embeds.find((e) => e.fields?.some((f) => f.name === 'Session ID'))).toBeUndefined();
  });
});
