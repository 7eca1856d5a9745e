import type { APIEmbed, MessageEditOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ProgressMessage, progressMessageBody, type ProgressMessageOptions } from '../../src/discord/progress-message.js';
import { ProgressTracker } from '../../src/terraform/progress/index.js';
import { silentLog } from '../support/sessions.js';

const OPTIONS: ProgressMessageOptions = {
  operation: 'apply', subject: 'Virtual machine `web` in `shop-prod` (us-central1)', ownerId: '310000000000000001',
  cancelCustomId: 'run-cancel:dep1', intervalMs: 20, log: silentLog,
};

function tracker(lines: string[]): ProgressTracker {
  const t = new ProgressTracker();
  for (const line of lines) t.writeLine(line);
  return t;
}

const PLAN = ['Plan: 2 to add, 0 to change, 0 to destroy.'];
const embedOf = (body: MessageEditOptions) => (body.embeds![0] as { toJSON(): APIEmbed }).toJSON();
const buttonsOf = (body: MessageEditOptions) => JSON.stringify(body.components ?? []);

describe('progressMessageBody', () => {
  it('shows the bar, the counts, the current step and a Cancel button while running', () => {
    const state = tracker([...PLAN, 'google_compute_network.this: Creating...', 'google_compute_network.this: Creation complete after 2s [id=n]', 'google_compute_instance.this: Creating...']).state();
    const body = progressMessageBody(state, 'running', OPTIONS);
    const embed = embedOf(body);
    expect(embed.title).toBe('🚀 Deploying');
    expect(embed.description).toContain('[▓▓▓▓▓░░░░░] 50% (1/2 resources)');
    expect(embed.description).toContain('Creating google_compute_instance.this…');
    expect(embed.description).toContain('Started by <@310000000000000001>');
    expect(buttonsOf(body)).toContain('run-cancel:dep1');
  });

  it('shows Terraform’s warnings on one line, never as what failed', () => {
    const warning = ['There are some problems with the CLI configuration:', '╷', '│ Warning: Unable to open CLI configuration file', '│', '│ The CLI configuration file at "/root/.terraformrc" does not exist.', '╵'];
    const state = tracker([...warning, ...PLAN, 'a_b.c: Creation complete after 1s', 'a_b.d: Creation complete after 1s', 'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.']).state();
    const embed = embedOf(progressMessageBody(state, 'succeeded', OPTIONS));
    expect(embed.title).toBe('✅ Deployment Complete! (2/2 resources)');
    expect(embed.description).toContain('\n⚠️ Terraform warned: Unable to open CLI configuration file');
    expect(embed.fields ?? []).toEqual([]);
  });

  it('ends with the counts and outputs, without the Cancel button', () => {
    const state = tracker([...PLAN, 'a_b.c: Creating...', 'a_b.c: Creation complete after 1s', 'a_b.d: Creating...', 'a_b.d: Creation complete after 1s', 'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.']).state();
    const body = progressMessageBody(state, 'succeeded', OPTIONS, { outputs: { public_ip: '34.1.2.3', note: 'has `ticks`' } });
    const embed = embedOf(body);
    expect(embed.title).toBe('✅ Deployment Complete! (2/2 resources)');
    expect(embed.fields).toEqual([{ name: 'Outputs', value: "**public_ip**: `34.1.2.3`\n**note**: `has 'ticks'`" }]);
    expect(body.components).toEqual([]);
  });

  it("keeps a long Terraform error within Discord's field limit", () => {
    const body = progressMessageBody(tracker(PLAN).state(), 'failed', OPTIONS, { error: 'x'.repeat(5000) });
    const said = embedOf(body).fields!.find((f) => f.name === 'Terraform said')!;
    expect(said.value).toHaveLength(1024);
    expect(said.value.endsWith('…')).toBe(true);
  });
});

describe('ProgressMessage', () => {
  it('makes few edits for a flood of states and always ends on the final one', async () => {
    const edits: MessageEditOptions[] = [];
    const message = new ProgressMessage({ id: '1', channelId: '2', edit: async (body) => void edits.push(body) }, OPTIONS);
    const t = tracker(['Plan: 200 to add, 0 to change, 0 to destroy.']);
    for (let i = 0; i < 200; i++) {
      t.writeLine(`null_resource.item[${i}]: Creating...`);
      t.writeLine(`null_resource.item[${i}]: Creation complete after 0s [id=${i}]`);
      message.update(() => t.state());
    }
    t.writeLine('Apply complete! Resources: 200 added, 0 changed, 0 destroyed.');
    await message.finish(t.state(), 'succeeded');
    expect(edits.length).toBeLessThanOrEqual(3);
    expect(message.edits).toBe(edits.length);
    expect(embedOf(edits.at(-1)!).title).toBe('✅ Deployment Complete! (200/200 resources)');
  });

  it('goes on editing at the interval while Terraform prints nothing, the time on the resource moving, and never sends an edit that changes nothing', async () => {
    let now = 0;
    const t = new ProgressTracker({ now: () => now });
    for (const line of ['Plan: 1 to add, 0 to change, 0 to destroy.', 'google_container_cluster.this: Creating...']) t.writeLine(line);
    const edits: MessageEditOptions[] = [];
    const message = new ProgressMessage({ id: '1', channelId: '2', edit: async (body) => void edits.push(body) }, OPTIONS);
    message.update(() => t.state());
    for (let second = 1; second <= 4; second++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      now = second * 1000;
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
    const steps = edits.map((body) => /Creating .*$/m.exec(embedOf(body).description ?? '')?.[0]);
    expect(steps).toEqual([0, 1, 2, 3, 4].map((s) => `Creating google_container_cluster.this… (may take 5-10 min, ${s}s so far)`));
    expect(edits.map((body) => embedOf(body).footer?.text)).toEqual(['Elapsed 0s', 'Elapsed 1s', 'Elapsed 2s', 'Elapsed 3s', 'Elapsed 4s']);
    expect(message.edits).toBe(5);
    t.writeLine('google_container_cluster.this: Creation complete after 4s [id=c]');
    await message.finish(t.state(), 'succeeded');
    const count = edits.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(edits).toHaveLength(count); // no tick after the end
  });
});
