import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  REST,
  Routes,
  StringSelectMenuBuilder,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DEFAULT_GUILD, FakeDiscord, type InteractionHandle } from './fake-discord/index.js';
import { OLD_MESSAGE_EDITS } from './fake-discord/message-store.js';
import { parseMessageBody } from './fake-discord/validation.js';

const TOKEN = 'self-test-token';
const GUILD = DEFAULT_GUILD.id;
const CHANNEL = DEFAULT_GUILD.channels[0]!.id;
const [ADA, GRACE] = DEFAULT_GUILD.members;

// A short heartbeat interval, so the suite also proves that heartbeats keep the link up.
const fake = new FakeDiscord({ token: TOKEN, applicationId: '1200000000000000001', heartbeatIntervalMs: 200 });
let client: Client;

beforeAll(async () => {
  await fake.start();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  await client.application!.commands.set(
    [
      {
        name: 'deploy',
        description: 'Deploy something',
        options: [
          { name: 'target', description: 'What to deploy', type: ApplicationCommandOptionType.String, required: true },
          { name: 'credentials', description: 'A key file', type: ApplicationCommandOptionType.Attachment },
        ],
      },
      { name: 'region', description: 'Pick a region', options: [{ name: 'name', description: 'Region', type: ApplicationCommandOptionType.String, autocomplete: true }] },
    ],
    GUILD,
  );
});
afterAll(async () => {
  await client.destroy();
  await fake.stop();
});

/** Sends an interaction from the fake and returns it as the client received it. */
async function deliver<T extends Interaction>(send: () => Promise<InteractionHandle>, is: (i: Interaction) => i is T): Promise<{ handle: InteractionHandle; interaction: T }> {
  const received = once(client, Events.InteractionCreate) as Promise<[Interaction]>;
  const handle = await send();
  const [interaction] = await received;
  if (!is(interaction)) throw new Error(`unexpected interaction type ${interaction.type}`);
  return { handle, interaction };
}

const deploy = (target = 'web') =>
  deliver(() => fake.sendSlashCommand({ name: 'deploy', options: [{ name: 'target', type: ApplicationCommandOptionType.String, value: target }] }), (i) => i.isChatInputCommand());

describe('FakeDiscord, driven by the real discord.js client', () => {
  it('brings the client to ready with its guild, channel and members cached', () => {
    const guild = client.guilds.cache.get(GUILD);
    expect(guild?.channels.cache.get(CHANNEL)?.name).toBe('general');
    expect(guild?.members.cache.map((m) => m.user.username)).toEqual(expect.arrayContaining(['ada', 'grace']));
    expect(client.user?.bot).toBe(true);
    expect(fake.isReady).toBe(true);
    expect(fake.registeredCommands(GUILD).map((c) => c.name)).toEqual(['deploy', 'region']);
  });

  it('refuses a wrong token: on REST (login rejects) and on IDENTIFY (close 4004)', async () => {
    const intruder = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    await expect(intruder.login('wrong-token')).rejects.toThrow(/invalid token/i);
    await intruder.destroy();

    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    await once(socket, 'message');
    socket.send(JSON.stringify({ op: 2, d: { token: 'wrong-token', intents: 1, properties: {} } }));
    const [code] = (await once(socket, 'close')) as [number];
    expect(code).toBe(4004);
  });

  it('delivers a slash command with its options and channel, and records an ephemeral reply', async () => {
    const { handle, interaction } = await deploy('api');
    expect(interaction.options.getString('target')).toBe('api');
    expect(interaction.channel?.id).toBe(CHANNEL);
    expect(interaction.user.id).toBe(ADA!.id);
    const response = await interaction.reply({ content: 'on it', flags: MessageFlags.Ephemeral, withResponse: true });

    expect(fake.replyTo(handle)).toMatchObject({ id: response.resource?.message?.id, content: 'on it', ephemeral: true, flags: MessageFlags.Ephemeral });
    expect(fake.ackLatency(handle)).toBeGreaterThan(0);
    expect(fake.channelMessages(CHANNEL).map((m) => m.id)).not.toContain(fake.replyTo(handle)?.id);
  });

  it('shows a deferred reply only once it is edited, and records follow-ups', async () => {
    const { handle, interaction } = await deploy();
    await interaction.deferReply();
    expect(fake.replyTo(handle)?.loading).toBe(true);
    const reply = fake.waitForReply(handle);
    await interaction.editReply({ embeds: [new EmbedBuilder().setTitle('Plan').setDescription('2 to add')] });
    expect((await reply).embeds[0]).toMatchObject({ title: 'Plan', description: '2 to add' });

    await interaction.followUp({ content: 'done', flags: MessageFlags.Ephemeral });
    expect(fake.followUps(handle)).toMatchObject([{ content: 'done', ephemeral: true }]);
    const edit = fake.requests.find((r) => r.route === 'PATCH /webhooks/:app/:token/messages/@original' && r.path.includes(handle.token));
    expect(edit?.headers.authorization).toBeUndefined();
  });

  it('keeps channel messages with their edit history, and retries an edit after a 429', async () => {
    const channel = client.channels.cache.get(CHANNEL) as TextChannel;
    const sending = channel.send({ content: 'step 1' });
    const sent = await fake.waitForChannelMessage((m) => m.content === 'step 1', { channelId: CHANNEL });
    const message = await sending;
    expect(message.id).toBe(sent.id);

    fake.failNext({ method: 'PATCH', pathPattern: /\/channels\/\d+\/messages\/\d+$/, status: 429, retryAfterSeconds: 0.3 });
    const editing = message.edit({ content: 'step 2' });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(message.id) && r.status === 200);
    await editing;

    const patches = fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(message.id));
    expect(patches.map((r) => r.status)).toEqual([429, 200]);
    expect(patches[1]!.at - patches[0]!.at).toBeGreaterThanOrEqual(300);
    expect(fake.rateLimitedCount).toBe(1);
    expect(fake.channelMessages(CHANNEL).find((m) => m.id === message.id)?.edits.map((e) => e.content)).toEqual(['step 2']);
  });

  it('records whom a new message pinged: content mentions as allowed_mentions lets them through, and never on an edit', async () => {
    const channel = client.channels.cache.get(CHANNEL) as TextChannel;
    const [a, b] = ['310000000000000001', '310000000000000002'];
    const all = await channel.send({ content: `<@${a}> and <@!${b}>` });
    const onlyA = await channel.send({ content: `<@${a}> and <@${b}>`, allowedMentions: { users: [a] } });
    const none = await channel.send({ content: `<@${a}>`, allowedMentions: { parse: [] } });
    const pinged = (id: string) => fake.channelMessages(CHANNEL).find((m) => m.id === id)!.pinged;
    expect([pinged(all.id), pinged(onlyA.id), pinged(none.id)]).toEqual([[a, b], [a], []]);
    await none.edit({ content: `<@${b}>`, allowedMentions: { users: [b] } });
    expect(pinged(none.id)).toEqual([]);
  });

  it('caps edits of a message older than an hour with 30046, as Discord does, and leaves younger ones alone', async () => {
    const channel = client.channels.cache.get(CHANNEL) as TextChannel;
    const old = await channel.send({ content: 'posted long ago' });
    await old.edit({ content: 'young edit' });
    fake.advanceClock(61 * 60_000);
    const young = await channel.send({ content: 'posted now' });
    for (let i = 1; i <= OLD_MESSAGE_EDITS; i++) await old.edit({ content: `old edit ${i}` });
    const refused = await old.edit({ content: 'one too many' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ status: 400, code: 30046 });
    expect(fake.message(old.id)!.content).toBe(`old edit ${OLD_MESSAGE_EDITS}`);
    for (let i = 0; i <= OLD_MESSAGE_EDITS; i++) await young.edit({ content: `young ${i}` });
    fake.advanceClock(-61 * 60_000);
  });

  it('hosts uploaded files, retries a 500 and surfaces a 403 as DiscordAPIError 50013', async () => {
    const channel = client.channels.cache.get(CHANNEL) as TextChannel;
    fake.failNext({ method: 'POST', pathPattern: /\/channels\/\d+\/messages$/, status: 500 });
    const message = await channel.send({ content: 'plan attached', files: [{ attachment: Buffer.from('+ resource'), name: 'plan.txt' }] });
    const posts = fake.requests.filter((r) => r.route === 'POST /channels/:channel/messages').slice(-2);
    expect(posts.map((r) => r.status)).toEqual([500, 200]);
    expect(posts[1]?.body).toMatchObject({ content: 'plan attached' });
    expect(await (await fetch(message.attachments.first()!.url)).text()).toBe('+ resource');

    fake.failNext({ method: 'POST', pathPattern: /\/channels\/\d+\/messages$/, status: 403 });
    await expect(channel.send('nope')).rejects.toMatchObject({ code: 50013, status: 403 });
  });

  it('delivers a button click on a reply, and applies update()', async () => {
    const { handle, interaction } = await deploy();
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('approve').setLabel('Approve').setStyle(ButtonStyle.Success));
    await interaction.reply({ content: 'Apply?', components: [row] });
    const reply = await fake.waitForReply(handle);

    const click = await deliver(() => fake.sendButton({ message: reply, customId: 'approve', user: GRACE }), (i) => i.isButton());
    expect(click.interaction.customId).toBe('approve');
    expect(click.interaction.user.id).toBe(GRACE!.id);
    await click.interaction.update({ content: 'Applied', components: [] });
    expect(fake.replyTo(click.handle)).toMatchObject({ id: reply.id, content: 'Applied', components: [] });
    await expect(fake.sendButton({ message: reply, customId: 'approve' })).rejects.toThrow(/no component/);
  });

  it('delivers a string select with the picked values', async () => {
    const { handle, interaction } = await deploy();
    const menu = new StringSelectMenuBuilder().setCustomId('region').addOptions({ label: 'EU', value: 'eu' }, { label: 'US', value: 'us' });
    await interaction.reply({ content: 'Where?', components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)] });
    const reply = await fake.waitForReply(handle);

    const pick = await deliver(() => fake.sendSelect({ message: reply, customId: 'region', values: ['eu'] }), (i) => i.isStringSelectMenu());
    expect(pick.interaction.values).toEqual(['eu']);
    await pick.interaction.deferUpdate();
    await pick.interaction.editReply({ content: 'EU it is', components: [] });
    expect(fake.message(reply.id)?.edits.map((e) => e.content)).toEqual(['EU it is']);
    await expect(fake.sendSelect({ message: reply, customId: 'region', values: ['mars'] })).rejects.toThrow(/no component/);
  });

  it('answers autocomplete with choices', async () => {
    const { handle, interaction } = await deliver(
      () => fake.sendAutocomplete({ name: 'region', options: [{ name: 'name', type: ApplicationCommandOptionType.String, value: 'us-', focused: true }] }),
      (i) => i.isAutocomplete(),
    );
    expect(interaction.options.getFocused()).toBe('us-');
    const responding = interaction.respond([{ name: 'us-east1', value: 'us-east1' }]);
    expect((await fake.waitForAck(handle)).data).toEqual({ choices: [{ name: 'us-east1', value: 'us-east1' }] });
    await responding;
  });

  it('serves an attachment option from hostFile', async () => {
    const file = fake.hostFile('key.json', '{"type":"service_account"}');
    const { interaction } = await deliver(
      () =>
        fake.sendSlashCommand({
          name: 'deploy',
          options: [
            { name: 'target', type: ApplicationCommandOptionType.String, value: 'web' },
            { name: 'credentials', type: ApplicationCommandOptionType.Attachment, value: file.id },
          ],
          attachments: [file],
        }),
      (i) => i.isChatInputCommand(),
    );
    const attachment = interaction.options.getAttachment('credentials');
    expect(attachment?.name).toBe('key.json');
    expect(await (await fetch(attachment!.url)).text()).toBe('{"type":"service_account"}');
  });

  it('refuses a second acknowledgement with 40060, like Discord', async () => {
    const { interaction } = await deploy();
    await interaction.reply('first');
    // discord.js guards against this itself; a second process or a raw call does not.
    const again = client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'again' } }, auth: false });
    await expect(again).rejects.toMatchObject({ code: 40060, status: 400 });
  });

  it('rejects what Discord rejects: an oversized embed is 50035, naming the field', async () => {
    const { handle, interaction } = await deploy();
    // A plain object: EmbedBuilder would refuse it before it reached the fake.
    const error = await interaction.reply({ embeds: [{ description: 'x'.repeat(4097) }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50035, message: expect.stringContaining('data.embeds[0].description[BASE_TYPE_MAX_LENGTH]') });
    expect(fake.acknowledgement(handle)).toBeUndefined();
  });

  it('answers expired interaction tokens with 50027', async () => {
    const { handle, interaction } = await deploy();
    await interaction.reply('working…');
    fake.expireInteraction(handle);
    await expect(interaction.editReply('done')).rejects.toMatchObject({ code: 50027, status: 401 });
  });

  it('answers unknown routes with 404 and records them', async () => {
    await expect(client.rest.get('/guilds/1/unknown-thing')).rejects.toMatchObject({ status: 404 });
    expect(fake.unhandledRequests.map((r) => r.path)).toContain('/api/v10/guilds/1/unknown-thing');
  });

  it('keeps the link up with heartbeats, and resumes after a RECONNECT without losing events', async () => {
    const before = { ...fake.gatewayStats };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(fake.gatewayStats.heartbeats - before.heartbeats).toBeGreaterThanOrEqual(3);
    expect(fake.gatewayStats).toMatchObject({ connections: before.connections, identifies: before.identifies });
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);

    const resumed = once(client, Events.ShardResume);
    fake.requestReconnect();
    // Sent while the client reconnects: on the closing socket, or replayed after RESUME.
    const { interaction } = await deploy('after-reconnect');
    expect(interaction.options.getString('target')).toBe('after-reconnect');
    await resumed;
    expect(fake.gatewayStats.resumes).toBe(1);
    expect(fake.gatewayStats.identifies).toBe(before.identifies);
  });

  it('replays what a dropped connection missed once the client resumes', async () => {
    const resumes = fake.gatewayStats.resumes;
    const created = once(client, Events.ChannelCreate) as Promise<[TextChannel]>;
    fake.dropConnections();
    // No socket is open now: the session keeps the event and replays it after RESUME.
    fake.dispatch('CHANNEL_CREATE', { id: '1100000000000000099', type: 0, guild_id: GUILD, name: 'late-news', position: 1, permission_overwrites: [] });
    const [channel] = await created;
    expect(channel.name).toBe('late-news');
    expect(fake.gatewayStats.resumes).toBe(resumes + 1);
  });
});

describe('the limits the fake enforces, as Discord does (400, code 50035)', () => {
  const row = (customId = 'ok') => ({ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: customId }] });
  it.each([
    ['content over 2000 characters', { content: 'x'.repeat(2001) }, 'content'],
    ['an embed description over 4096', { embeds: [{ description: 'x'.repeat(4097) }] }, 'embeds.0.description'],
    ['26 embed fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, 'embeds.0.fields'],
    ['a field value over 1024', { embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] }, 'embeds.0.fields.0.value'],
    ['embeds over 6000 characters in all', { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] }, 'embeds'],
    ['6 action rows', { components: Array.from({ length: 6 }, () => row()) }, 'components'],
    ['a custom_id over 100', { components: [row('x'.repeat(101))] }, 'components.0.components.0.custom_id'],
  ])('refuses %s', (_label, body, path) => {
    let thrown: unknown;
    try {
      parseMessageBody(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 400, body: { code: 50035 } });
    const errors = (thrown as { body: { errors: Record<string, unknown> } }).body.errors;
    const node = path.split('.').reduce<Record<string, unknown>>((at, key) => at[key] as Record<string, unknown>, errors);
    expect(node._errors).toEqual([expect.objectContaining({ code: expect.any(String) })]);
  });
});

describe('opt-in rate limits, like the per-route buckets of Discord', () => {
  it('answers an edit beyond the limit of its window with a 429 (retry_after in header and body); discord.js waits instead', async () => {
    const limited = new FakeDiscord({ token: TOKEN, applicationId: '1200000000000000001', rateLimits: { channelMessageEdits: { limit: 5, windowMs: 1000 } } });
    await limited.start();
    try {
      const api = `${limited.apiUrl}/v10`;
      const call = (method: string, path: string, body: unknown) =>
        fetch(`${api}${path}`, { method, headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const { id } = (await (await call('POST', `/channels/${CHANNEL}/messages`, { content: 'step 0' })).json()) as { id: string };
      const answers = [];
      for (let i = 1; i <= 6; i++) answers.push(await call('PATCH', `/channels/${CHANNEL}/messages/${id}`, { content: `step ${i}` }));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(answers[4]!.headers.get('x-ratelimit-remaining')).toBe('0');
      const refused = answers[5]!;
      const body = (await refused.json()) as { retry_after: number; global: boolean };
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body.retry_after).toBe(Number(refused.headers.get('retry-after')));
      expect(body).toMatchObject({ global: false, retry_after: expect.any(Number) });
      expect(body.retry_after).toBeLessThanOrEqual(1);
      expect(limited.rateLimitedCount).toBe(1);
      expect(limited.message(id)?.edits.map((e) => e.content)).toEqual(['step 1', 'step 2', 'step 3', 'step 4', 'step 5']);

      // The real client reads the X-RateLimit-* headers and holds the request until the bucket resets.
      await new Promise((resolve) => setTimeout(resolve, body.retry_after * 1000));
      const rest = new REST({ api: limited.apiUrl }).setToken(TOKEN);
      for (let i = 7; i <= 12; i++) await rest.patch(Routes.channelMessage(CHANNEL, id), { body: { content: `step ${i}` } });
      const edits = limited.message(id)!.edits.slice(5);
      expect(edits.map((e) => e.content)).toEqual(['step 7', 'step 8', 'step 9', 'step 10', 'step 11', 'step 12']);
      expect(edits[5]!.at - edits[0]!.at).toBeGreaterThanOrEqual(950);
      expect(limited.rateLimitedCount).toBe(1);
    } finally {
      await limited.stop();
    }
  });

  it('limits nothing unless asked', async () => {
    const channel = client.channels.cache.get(CHANNEL) as TextChannel;
    const message = await channel.send({ content: 'edit 0' });
    const before = fake.rateLimitedCount;
    for (let i = 1; i <= 8; i++) await message.edit({ content: `edit ${i}` });
    expect(fake.rateLimitedCount).toBe(before);
    expect(fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(message.id)).every((r) => r.status === 200)).toBe(true);
  });
});
