import type { FakeDiscord, InteractionHandle } from '../test/fakes/fake-discord/index.js';
import { GUILD, startBenchBot, users, withBenchEnvironment } from './bot-bench.js';
import type { BenchResult } from './result.js';
import { summarize } from './stats.js';

const CONCURRENT = 200;
const TARGET_P99_MS = 250;

const INIT_OPTIONS = [
  { name: 'provider', type: 3, value: 'gcp' },
  { name: 'project_name', type: 3, value: 'Bench' },
  { name: 'project_id', type: 3, value: 'bench-project-1' },
  { name: 'region', type: 3, value: 'us-central1' },
];

/**
 * 200 interactions at once against one bot: half /cloud-init, half /cloud-recover-session of sessions
 * opened before a restart (so recovery reads the database). Latency is dispatch → interaction callback.
 */
export async function benchInteractionAck(): Promise<BenchResult> {
  const members = users(CONCURRENT / 2);
  return withBenchEnvironment(members.length, async (fake, dir) => {
    const first = await startBenchBot(fake, dir);
    const sessionIds: string[] = [];
    for (const user of members) sessionIds.push(await openSession(fake, user));
    await first.kill('SIGKILL');
    await startBenchBot(fake, dir);

    const handles = await Promise.all(
      members.flatMap((user, i) => [
        fake.sendSlashCommand({ name: 'cloud-init', user, guildId: GUILD, options: INIT_OPTIONS }),
        fake.sendSlashCommand({ name: 'cloud-recover-session', user, guildId: GUILD, options: [{ name: 'session_id', type: 3, value: sessionIds[i]! }] }),
      ]),
    );
    await Promise.all(handles.map((h) => fake.waitForReply(h, { timeoutMs: 20_000 })));
    const recovered = handles.filter((h, i) => i % 2 === 1 && JSON.stringify(fake.replyTo(h)).includes('Session recovered')).length;
    if (recovered !== members.length) throw new Error(`only ${recovered}/${members.length} sessions recovered in the benchmark`);
    const { p50, p99, max } = summarize(handles.map((h) => fake.ackLatency(h)!));
    return {
      name: `Interaction ack (${CONCURRENT} concurrent)`,
      measured: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (max ${max.toFixed(1)})`,
      target: `p99 < ${TARGET_P99_MS} ms`,
      baseline: 'Discord allows 3000 ms',
      pass: p99 < TARGET_P99_MS,
    };
  });
}

async function openSession(fake: FakeDiscord, user: { id: string; username: string }): Promise<string> {
  const handle: InteractionHandle = await fake.sendSlashCommand({ name: 'cloud-init', user, guildId: GUILD, options: INIT_OPTIONS });
  const reply = await fake.waitForReply(handle);
  const id = /[A-Za-z0-9_-]{22}/.exec(reply.embeds[0]?.fields?.find((f) => f.name === 'Session ID')?.value ?? '')?.[0];
  if (!id) throw new Error('no session ID in the /cloud-init reply');
  return id;
}
