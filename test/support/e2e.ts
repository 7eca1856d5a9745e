import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { expect } from 'vitest';
import { FakeDiscord, type FakeMessage, type FakeUser } from '../fakes/fake-discord/index.js';
import { startBot } from '../harness/bot-process.js';
import { tempDir } from './temp-dir.js';

/** The servers' admins: Manage Server, which the bot's deploy, destroy and audit commands ask for. */
export const ADMINS_ROLE = { id: '350000000000000001', name: 'Cloud Admins', permissions: PermissionFlagsBits.ManageGuild.toString() };
/** Runs the deployments: a server manager, as the commands' default permissions expect. */
export const OWNER: FakeUser = { id: '310000000000000001', username: 'ada', roles: [ADMINS_ROLE.id] };
export const INTRUDER: FakeUser = { id: '310000000000000002', username: 'mallory' };
export const GUILD = '320000000000000001';
export const OTHER_GUILD = '320000000000000002';
export const CHANNEL = '340000000000000001';

export const GOOD_INIT = { provider: 'gcp', project_name: 'Payments API', project_id: 'payments-prod-42', region: 'us-central1' };

/** A fake Discord with two guilds that both users belong to; the owner manages both, the intruder neither. */
export function createFakeDiscord(): FakeDiscord {
  return new FakeDiscord({
    token: 'fake-bot-token',
    applicationId: '330000000000000001',
    guilds: [
      { id: GUILD, name: 'Ops', channels: [{ id: CHANNEL, name: 'deploys' }], members: [OWNER, INTRUDER], roles: [ADMINS_ROLE] },
      { id: OTHER_GUILD, name: 'Elsewhere', channels: [{ id: '340000000000000002', name: 'general' }], members: [OWNER, INTRUDER], roles: [ADMINS_ROLE] },
    ],
  });
}

/** One bot "installation": its own data directory, database and recovery secret, kept across restarts. */
export interface Installation {
  dataDir: string;
  databasePath: string;
  env: Record<string, string>;
}

export function installation(extraEnv: Record<string, string> = {}): Installation {
  const dataDir = tempDir('chatops-e2e-');
  const databasePath = join(dataDir, 'chatops.db');
  const env = { DATABASE_PATH: databasePath, RECOVERY_SECRET: randomBytes(32).toString('base64'), DISCORD_GUILD_ID: GUILD, ...extraEnv };
  return { dataDir, databasePath, env };
}

export function startInstallation(fake: FakeDiscord, install: Installation, envOverrides: Record<string, string> = {}) {
  return startBot({ fake, dataDir: install.dataDir, env: { ...install.env, ...envOverrides } });
}

type OptionValue = string | number | boolean;

/** Sends a slash command with string/number options and waits for its (final) reply. */
export async function runCommand(
  fake: FakeDiscord,
  name: string,
  options: Record<string, OptionValue> = {},
  { user = OWNER, guildId = GUILD } = {},
): Promise<FakeMessage> {
  const interaction = await fake.sendSlashCommand({
    name, user, guildId,
    options: Object.entries(options).map(([option, value]) => ({ name: option, type: typeof value === 'number' ? 4 : 3, value })),
  });
  return fake.waitForReply(interaction);
}

/** Runs /cloud-init with good values (overridable) and returns the session ID from the reply. */
export async function openSession(fake: FakeDiscord, extra: Record<string, string> = {}, who = {}): Promise<string> {
  const reply = await runCommand(fake, 'cloud-init', { ...GOOD_INIT, ...extra }, who);
  expect(reply.ephemeral).toBe(true);
  const field = reply.embeds[0]?.fields?.find((f) => f.name === 'Session ID');
  // Alone in a code block, and letters and digits only, so it is copied in one piece.
  expect(field?.value, textOf(reply)).toMatch(/^```\n[A-Za-z0-9]{22}\n```$/);
  return field!.value.slice(4, -4);
}

/** Everything a person reads in a message: content, embed titles, descriptions and fields. */
export function textOf(message: Pick<FakeMessage, 'content' | 'embeds'>): string {
  return [
    message.content ?? '',
    ...message.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '']),
  ].join('\n');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
