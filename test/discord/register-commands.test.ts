import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REST } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import { projectPath } from '../../src/paths.js';
import { FakeDiscord } from '../fakes/fake-discord/index.js';
import { tempDir } from '../support/temp-dir.js';

const TOKEN = 'register-test-token';
const APP = '1200000000000000001';
const GUILD = '1100000000000000001';
const OTHER_GUILD = '1100000000000000009';
const NAMES = commands.map((c) => c.data.name);

const fake = new FakeDiscord({
  token: TOKEN, applicationId: APP,
  guilds: [{ id: GUILD, name: 'Ours', channels: [], members: [] }, { id: OTHER_GUILD, name: 'Other', channels: [], members: [] }],
});
beforeAll(() => fake.start());
afterAll(() => fake.stop());

const names = (guildId?: string) => fake.registeredCommands(guildId).map((c) => c.name);
const config = (guildId?: string) => loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APP, DISCORD_API_URL: fake.apiUrl, ...(guildId ? { DISCORD_GUILD_ID: guildId } : {}) });
const register = (guildId?: string) => registerCommands(new REST({ api: fake.apiUrl }).setToken(TOKEN), config(guildId), commands);

describe('registering the slash commands when the scope changes', () => {
  beforeEach(async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    for (const route of [`/applications/${APP}/commands`, `/applications/${APP}/guilds/${GUILD}/commands`, `/applications/${APP}/guilds/${OTHER_GUILD}/commands`] as const) {
      await rest.put(route, { body: [] });
    }
  });

  it.each([
    { from: undefined, to: GUILD, cleared: [{ scope: 'global', count: NAMES.length }] },
    { from: GUILD, to: undefined, cleared: [{ scope: `guild ${GUILD}`, count: NAMES.length }] },
    { from: undefined, to: undefined, cleared: [] },
    { from: GUILD, to: GUILD, cleared: [] },
  ])('from $from to $to (undefined = global): every command shows once', async ({ from, to, cleared }) => {
    await register(from);
    const registration = await register(to);
    expect(registration).toEqual({ scope: to ? `guild ${to}` : 'global', names: NAMES, cleared });
    expect(names(to)).toEqual(NAMES);
    expect(names(to ? undefined : GUILD)).toEqual([]);
  });

  it('in global mode clears guild registrations in every server the bot is in', async () => {
    await register(GUILD);
    await register(OTHER_GUILD);
    const registration = await register();
    expect(registration.cleared).toEqual([{ scope: `guild ${GUILD}`, count: NAMES.length }, { scope: `guild ${OTHER_GUILD}`, count: NAMES.length }]);
    expect([names(GUILD), names(OTHER_GUILD), names()]).toEqual([[], [], NAMES]);
  });

  it('says what to run when a server cannot be checked', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    const registration = await registerCommands(rest, config(), commands, { guildIds: async () => [GUILD, '1100000000000000777'] });
    expect(registration.advice).toMatch(/1100000000000000777.*npm run register/);
  });
});

describe('npm run register', () => {
  const run = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, [projectPath('dist/src/register-commands.js')], { cwd: tempDir(), env: { PATH: process.env.PATH ?? '', ...env } })
      .then(({ stdout }) => ({ code: 0, stdout, stderr: '' }), (error: { code: number; stdout: string; stderr: string }) => error);

  it('registers and names the commands', async () => {
    const { code, stdout } = await run({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APP, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(0);
    expect(stdout).toContain(`Registered ${NAMES.length} slash commands (guild ${GUILD}): ${NAMES.map((n) => `/${n}`).join(' ')}`);
  });

  it('answers a bad token with the same friendly message as npm start', async () => {
    const { code, stderr } = await run({ DISCORD_TOKEN: 'wrong-token', DISCORD_CLIENT_ID: APP, DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(1);
    expect(stderr).toBe('Registration failed: Discord rejected DISCORD_TOKEN: check the bot token in the developer portal (your application → Bot → Reset Token).\n');
  });

  it('says a client ID copied empty from .env.example is required', async () => {
    const { code, stderr } = await run({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '', DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(2);
    expect(stderr).toMatch(/DISCORD_CLIENT_ID: is required/);
  });
});
