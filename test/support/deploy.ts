import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { controlsOf, type FakeDiscord, type FakeMessage } from '../fakes/fake-discord/index.js';
import type { Scenario } from '../fakes/terraform/scenario.js';
import { FAKE_TERRAFORM, fakeTerraformEnv, recordedInvocations } from './fake-terraform.js';
import { GUILD, OWNER, textOf } from './e2e.js';
import { tempDir } from './temp-dir.js';

/** Environment for a bot that deploys with the fake terraform (and, optionally, a fake OpenAI). */
export function deployEnv(scenario: Partial<Scenario> = {}, openai?: { baseUrl: string; apiKey: string }) {
  const dir = tempDir('tf-record-');
  const recordEnvTo = join(dir, 'invocations.jsonl');
  return {
    recordEnvTo,
    env: {
      TERRAFORM_BIN: FAKE_TERRAFORM,
      PROGRESS_EDIT_INTERVAL_MS: '250',
      ...fakeTerraformEnv({ recordEnvTo, ...scenario }, dir),
      ...(openai ? { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODEL: 'fake-gpt-mini' } : {}),
    },
  };
}

type Who = { id: string; username: string };

/** Sends /cloud-deploy-v2 and waits until its reply asks something (buttons or a menu) or refuses. */
export async function sendDeploy(fake: FakeDiscord, options: Record<string, string | number>, user: Who = OWNER) {
  const handle = await fake.sendSlashCommand({
    name: 'cloud-deploy-v2', user, guildId: GUILD,
    options: Object.entries(options).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : 3, value })),
  });
  const reply = await fake.waitForReply(handle, { predicate: isAnswer, timeoutMs: 20_000 });
  return { handle, reply };
}

/**
 * A reply that is waiting for the user (components) or that ended the flow (an error or a final word);
 * a plan waiting in line, with only its Cancel button, is neither yet.
 */
export function isAnswer(message: FakeMessage): boolean {
  const asks = controlsOf(message).some((c) => !c.custom_id?.startsWith('run-cancel:'));
  return asks || /^(❌|✅|⚠️|🚫|🛑)/.test(message.content);
}

/** The custom ID of the component in `message` whose ID starts with `prefix`. */
export function componentId(message: FakeMessage, prefix: string): string {
  const ids = controlsOf(message).flatMap((c) => (c.custom_id ? [c.custom_id] : []));
  const found = ids.find((id) => id.startsWith(`${prefix}:`));
  expect(found, `no ${prefix} component in ${JSON.stringify(ids)}; message: ${textOf(message)}`).toBeDefined();
  return found!;
}

/** Presses a button as `user` and returns the interaction handle. */
export function press(fake: FakeDiscord, message: FakeMessage, prefix: string, user: Who = OWNER) {
  return fake.sendButton({ message, customId: componentId(message, prefix), user });
}

/** The next progress message posted in the channel after `after`, a mark from fake.now() (tests share one fake Discord). */
export async function progressMessage(fake: FakeDiscord, after: number): Promise<FakeMessage> {
  return fake.waitForChannelMessage((m) => m.createdAt > after && /^(🚀|🧹|✅|❌|🛑)/.test(m.embeds[0]?.title ?? ''), { timeoutMs: 20_000 });
}

/** Waits for the progress message to reach its final state (no Cancel button any more). */
export async function finalProgress(fake: FakeDiscord, message: FakeMessage, timeoutMs = 30_000): Promise<FakeMessage> {
  return fake.waitForChannelMessage((m) => m.id === message.id && m.components.length === 0, { timeoutMs });
}

/** Every state the progress message was edited to, in order. */
export function progressHistory(message: FakeMessage): string[] {
  return message.edits.map((m) => `${m.embeds[0]?.title ?? ''}\n${m.embeds[0]?.description ?? ''}`);
}

/** The percentages a progress history went through. */
export function percents(history: string[]): number[] {
  return history.map((text) => Number(/\] (\d+)%/.exec(text)?.[1] ?? NaN));
}

/** Asserts that every credentials file the fake terraform saw existed privately during the run and is gone now. */
export function expectCredentialFilesGone(recordEnvTo: string): void {
  const withCredentials = recordedInvocations(recordEnvTo).filter((i) => i.credentialsFile);
  expect(withCredentials.length).toBeGreaterThan(0);
  for (const { credentialsFile } of withCredentials) {
    expect(credentialsFile).toMatchObject({ exists: true, mode: 0o600, dirMode: 0o700 });
    expect(existsSync(credentialsFile!.path)).toBe(false);
  }
}
