import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { projectPath } from '../src/paths.js';
import { controlsOf, FakeDiscord, type FakeMessage, type FakeUser, type InteractionHandle } from '../test/fakes/fake-discord/index.js';
import { FakeOpenAI } from '../test/fakes/fake-openai.js';
import type { Scenario } from '../test/fakes/terraform/scenario.js';
import { startBot, type BotProcess } from '../test/harness/bot-process.js';

/** One message as it looked at a moment: the final state, or a live edit worth showing. */
export interface Shot {
  message: FakeMessage;
  /** E.g. "live edit 3 of 9"; undefined for the message as it ended. */
  caption?: string;
}

/** What one person did and every bot message it produced or changed. */
export interface Step {
  actor: string;
  /** "/cloud-init provider:gcp …", "pressed Approve". */
  action: string;
  shots: Shot[];
}

export interface Journey {
  title: string;
  summary: string;
  steps: Step[];
}

const ADMINS = { id: '350000000000000001', name: 'Cloud Admins', permissions: PermissionFlagsBits.ManageGuild.toString() };
export const PREVIEW_USERS: FakeUser[] = [{ id: '310000000000000001', username: 'ada', globalName: 'Ada', roles: [ADMINS.id] }];
const ADA = PREVIEW_USERS[0]!;
const GUILD = '320000000000000001';
export const PREVIEW_CHANNEL = { id: '340000000000000001', name: 'deploys' };
const PROJECT = 'payments-prod-42';
const GCP_KEY = JSON.stringify({
  type: 'service_account', project_id: PROJECT, private_key_id: 'abc123',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIE-PREVIEW-ONLY\n-----END PRIVATE KEY-----\n',
  client_email: `deployer@${PROJECT}.iam.gserviceaccount.com`, client_id: '1234567890', token_uri: 'https://oauth2.googleapis.com/token',
});
/** What a storyteller might say about each kind; the bot keeps only what matches its computed figures. */
function story(analogy: string, blast: string, optimization: string) {
  return {
    kind: 'json' as const,
    body: { coffee_cup_cost: 'About a latte a day.', real_world_analogy: analogy, blast_radius: blast, treasure_hunt: { optimization, estimated_savings: 'see figures' } },
  };
}
const VM_STORY = story(
  'Serves the landing page and sign-up API of a young shop, around 1,000 visitors a day.',
  'If it goes down, sign-ups stop until it is recreated; nothing else shares it.',
  'Run it as a Spot VM if the work survives restarts: same machine, a fraction of the price.',
);
// A model that offers a saving the bot did not compute: the message shows the template's treasure instead.
const BUCKET_STORY = story('Holds the product photos of a small shop, about 25,000 of them.', 'A deleted bucket takes every photo with it.', 'Move old photos to Coldline to save a bundle.');
const CLUSTER_STORY = story('Runs a handful of microservices with room for rolling deploys.', 'Losing a node moves its pods to the other two.', 'Run the nodes as Spot VMs for batch work that survives restarts.');

/**
 * Runs the bot's journeys through the real command handlers: the built bot as a child process, the
 * real discord.js client against the fake Discord, the fake terraform (real plan/apply output formats)
 * and a fake OpenAI. Returns what a user would have seen at each step.
 */
export async function runJourneys(workDir: string): Promise<Journey[]> {
  const fake = new FakeDiscord({
    token: 'preview-bot-token', applicationId: '330000000000000001',
    guilds: [{ id: GUILD, name: 'Ops', channels: [PREVIEW_CHANNEL], members: PREVIEW_USERS, roles: [ADMINS] }],
  });
  const openai = new FakeOpenAI();
  await Promise.all([fake.start(), openai.start()]);
  openai.respondWith(VM_STORY);
  const scenarioFile = join(workDir, 'scenario.json');
  const scenario = (s: Partial<Scenario>) => writeFileSync(scenarioFile, JSON.stringify({ delayScale: 0.05, ...s }));
  scenario({});
  const env = {
    RECOVERY_SECRET: randomBytes(32).toString('base64'), DISCORD_GUILD_ID: GUILD, LOG_LEVEL: 'info',
    TERRAFORM_BIN: projectPath('test', 'fakes', 'terraform', 'bin', 'terraform'), TF_FAKE_SCENARIO: scenarioFile, PROGRESS_EDIT_INTERVAL_MS: '250',
    OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODEL: 'gpt-4o-mini',
  };
  let bot: BotProcess | undefined;
  try {
    bot = await startBot({ fake, dataDir: workDir, env });
    const run = new Driver(fake);
    const journeys: Journey[] = [];

    const init = run.journey('Open a session', '/cloud-init checks every value at once, then answers privately with the session and its ID.');
    await run.command(init, 'cloud-init', { provider: 'gcp', project_name: 'Payments API', project_id: 'BAD_ID!!', region: 'us-centrl1' });
    const session = await run.command(init, 'cloud-init', { provider: 'gcp', project_name: 'Payments API', project_id: PROJECT, region: 'us-central1', service_account_json: GCP_KEY }, { shownOptions: ['provider', 'project_name', 'project_id', 'region'] });
    const sessionId = /```\n(\w+)\n```/.exec(session.embeds[0]?.fields?.find((f) => f.name === 'Session ID')?.value ?? '')?.[1] ?? '';
    journeys.push(init);

    const deploy = run.journey('Deploy a VM', 'A size menu with prices, the plan with its cost story, approval, live progress and the ending.');
    const menu = await run.command(deploy, 'cloud-deploy-v2', { project_id: PROJECT, resource_type: 'vm', name: 'web' }, { until: asks });
    const plan = await run.select(deploy, menu, 'e2-medium', { until: asks });
    await run.approve(deploy, plan, 'plan-approve', 'Approve');
    journeys.push(deploy);

    const failed = run.journey('A deploy that fails', "Terraform's own diagnostic, what exists now and what to do next.");
    scenario({ failAt: 'google_compute_instance.this' });
    const failedPlan = await run.command(failed, 'cloud-deploy-v2', { project_id: PROJECT, resource_type: 'vm', machine_type: 'e2-small', name: 'api' }, { until: asks });
    await run.approve(failed, failedPlan, 'plan-approve', 'Approve');
    journeys.push(failed);

    const cancel = run.journey('Cancel', 'A plan called off before anything runs, and an apply stopped half-way.');
    scenario({ seconds: { google_container_cluster: 100, google_container_node_pool: 100 } });
    openai.respondWith(BUCKET_STORY);
    const bucketPlan = await run.command(cancel, 'cloud-deploy-v2', { project_id: PROJECT, resource_type: 'bucket', name: 'assets' }, { until: asks });
    await run.press(cancel, bucketPlan, 'plan-reject', 'Cancel');
    openai.respondWith(CLUSTER_STORY);
    const clusterPlan = await run.command(cancel, 'cloud-deploy-v2', { project_id: PROJECT, resource_type: 'k8s', machine_type: 'e2-standard-4', name: 'cluster' }, { until: asks });
    await run.approve(cancel, clusterPlan, 'plan-approve', 'Approve', { cancelWhen: (m) => /google_container_cluster/.test(m.embeds[0]?.description ?? '') });
    journeys.push(cancel);

    scenario({});
    const status = run.journey('Status', '/cloud-status: sessions, time left and every deployment with its state and cost.');
    await run.command(status, 'cloud-status', {});
    journeys.push(status);

    const destroy = run.journey('Destroy', 'What goes away and the monthly saving, an explicit Destroy press, and the same live progress.');
    const teardown = await run.command(destroy, 'cloud-destroy', { project_id: PROJECT, name: 'web' }, { until: asks });
    await run.approve(destroy, teardown, 'plan-approve', 'Destroy');
    journeys.push(destroy);

    const recover = run.journey('Recover after a restart', 'The bot restarts (its vault is empty); the owner gets the session back with its remaining time.');
    await bot.stop();
    bot = await startBot({ fake, dataDir: workDir, env });
    await run.command(recover, 'cloud-recover-session', { session_id: sessionId });
    journeys.push(recover);
    return journeys;
  } finally {
    await bot?.stop();
    await Promise.all([fake.stop(), openai.close()]);
  }
}

/** A reply that waits for the user (buttons or a menu) or ended the flow. */
function asks(message: FakeMessage): boolean {
  return message.components.length > 0 || /^(❌|✅|⚠️|🚫)/.test(message.content);
}

const STEP_TIMEOUT_MS = 30_000;

/** Sends what a user would, waits for the bot, and records what changed. */
class Driver {
  constructor(private readonly fake: FakeDiscord) {}

  journey(title: string, summary: string): Journey {
    return { title, summary, steps: [] };
  }

  async command(journey: Journey, name: string, options: Record<string, string>, { until, shownOptions }: { until?: (m: FakeMessage) => boolean; shownOptions?: string[] } = {}): Promise<FakeMessage> {
    const handle = await this.fake.sendSlashCommand({ name, user: ADA, guildId: GUILD, options: Object.entries(options).map(([option, value]) => ({ name: option, type: 3, value })) });
    const reply = await this.fake.waitForReply(handle, { ...(until ? { predicate: until } : {}), timeoutMs: STEP_TIMEOUT_MS });
    const shown = Object.entries(options).filter(([option]) => !shownOptions || shownOptions.includes(option));
    const hidden = shownOptions ? ' service_account_json:…' : '';
    journey.steps.push({ actor: ADA.username, action: [`/${name}`, ...shown.map(([k, v]) => `${k}:${v}`)].join(' ') + hidden, shots: [{ message: reply }, ...this.followUps(handle)] });
    return reply;
  }

  async select(journey: Journey, message: FakeMessage, value: string, { until }: { until: (m: FakeMessage) => boolean }): Promise<FakeMessage> {
    const menu = controlsOf(message).find((c) => c.type === 3);
    if (!menu?.custom_id) throw new Error(`no select menu in: ${message.content}`);
    const handle = await this.fake.sendSelect({ message, customId: menu.custom_id, values: [value], user: ADA });
    const reply = await this.fake.waitForReply(handle, { predicate: until, timeoutMs: STEP_TIMEOUT_MS });
    journey.steps.push({ actor: ADA.username, action: `chose ${value}`, shots: [{ message: reply }] });
    return reply;
  }

  async press(journey: Journey, message: FakeMessage, prefix: string, label: string): Promise<{ handle: InteractionHandle; step: Step }> {
    const handle = await this.fake.sendButton({ message, customId: this.customId(message, prefix), user: ADA });
    const reply = await this.fake.waitForReply(handle, { timeoutMs: STEP_TIMEOUT_MS });
    const step = { actor: ADA.username, action: `pressed ${label}`, shots: [{ message: reply }, ...this.followUps(handle)] };
    journey.steps.push(step);
    return { handle, step };
  }

  /** Presses Approve (or Destroy), then follows the progress message to its end, pressing its Cancel on the way if asked. */
  async approve(journey: Journey, plan: FakeMessage, prefix: string, label: string, { cancelWhen }: { cancelWhen?: (m: FakeMessage) => boolean } = {}): Promise<void> {
    const pressedAt = Date.now();
    let { step } = await this.press(journey, plan, prefix, label);
    const isProgress = (m: FakeMessage) => m.createdAt > pressedAt && /^(🚀|🧹|✅|❌|🛑)/.test(m.embeds[0]?.title ?? '');
    const progress = await this.fake.waitForChannelMessage(isProgress, { timeoutMs: STEP_TIMEOUT_MS });
    if (cancelWhen) {
      const live = await this.fake.waitForChannelMessage((m) => m.id === progress.id && cancelWhen(m), { timeoutMs: STEP_TIMEOUT_MS });
      step.shots.push({ message: live, caption: 'live progress, when Cancel is pressed' });
      ({ step } = await this.press(journey, live, 'run-cancel', 'Cancel on the progress message'));
    }
    const ended = (m: FakeMessage) => m.id === progress.id && !controlsOf(m).some((c) => c.custom_id?.startsWith('run-cancel:'));
    const final = await this.fake.waitForChannelMessage(ended, { timeoutMs: STEP_TIMEOUT_MS });
    // Give the ending a moment to post what follows it (a mention of the owner, a continuation).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const others = this.fake.channelMessages(PREVIEW_CHANNEL.id).filter((m) => m.createdAt > pressedAt && m.id !== final.id);
    step.shots.push(...(cancelWhen ? [] : liveEdits(final)), { message: this.fake.message(final.id) ?? final, caption: 'the progress message as it ended' }, ...others.map((message) => ({ message })));
  }

  private followUps(handle: InteractionHandle): Shot[] {
    return this.fake.followUps(handle).map((message) => ({ message, caption: 'follow-up' }));
  }

  private customId(message: FakeMessage, prefix: string): string {
    const id = controlsOf(message).map((c) => c.custom_id).find((c) => c?.startsWith(`${prefix}:`));
    if (!id) throw new Error(`no ${prefix} button on: ${message.content || message.embeds[0]?.title}`);
    return id;
  }
}

/** Up to three distinct live states of a progress message, spread over its edits, so the page shows it moving. */
function liveEdits(message: FakeMessage): Shot[] {
  const edits = message.edits.slice(0, -1);
  const seen = new Set<string>();
  const distinct = edits.map((edit, i) => ({ edit, i })).filter(({ edit }) => {
    const key = JSON.stringify(edit.embeds);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const picks = [...new Set([0.25, 0.5, 0.75].map((at) => Math.floor(distinct.length * at)))].filter((i) => i < distinct.length);
  return picks.map((p) => {
    const { edit, i } = distinct[p]!;
    return { message: { ...message, content: edit.content, embeds: edit.embeds, components: edit.components, edits: [] }, caption: `live edit ${i + 1} of ${message.edits.length}` };
  });
}
