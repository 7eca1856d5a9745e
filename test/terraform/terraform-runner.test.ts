import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sweepStaleCredentialDirs } from '../../src/terraform/child-credentials.js';
import { openDatabase } from '../../src/db/database.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { TerraformError } from '../../src/terraform/terraform-error.js';
import { TerraformRunner, type RunRequest, type TerraformRun } from '../../src/terraform/terraform-runner.js';
import { GCP_CREDENTIALS } from '../support/credentials.js';
import { FAKE_TERRAFORM, GCP_MAIN_TF, fakeTerraformEnv, recordedInvocations } from '../support/fake-terraform.js';
import { silentLog } from '../support/sessions.js';
import { readLedger } from '../support/offline-templates.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const credentials = GCP_CREDENTIALS;

function setup(scenario: Parameters<typeof fakeTerraformEnv>[0] = {}, options: { bin?: string; killGraceMs?: number; interruptGraceMs?: number } = {}) {
  const root = tempDir('tf-runner-');
  const tempRoot = tempDir('tf-creds-');
  const record = join(root, 'env.jsonl');
  // The bot's own secrets are in the environment the allowlist is taken from, as in production.
  const config = loadConfig({
    DISCORD_TOKEN: 'discord-token-SECRET', DISCORD_CLIENT_ID: '123456789012345678', OPENAI_API_KEY: 'sk-SECRET',
    RECOVERY_SECRET: 'r'.repeat(40), PATH: process.env.PATH, HOME: process.env.HOME,
    ...fakeTerraformEnv({ recordEnvTo: record, ...scenario }, root),
  });
  const runs = new RunStore({ db: openDatabase(':memory:', silentLog), secret: Buffer.alloc(32, 7) });
  const runner = new TerraformRunner({
    bin: options.bin ?? FAKE_TERRAFORM, workspaceDir: join(root, 'workspaces'), childEnv: config.terraform.childEnv, log: silentLog, tempRoot, runs,
    killGraceMs: options.killGraceMs ?? 2000, interruptGraceMs: options.interruptGraceMs ?? 5000,
  });
  runner.workspaces.writeConfig('ws1', { 'main.tf': GCP_MAIN_TF }, { name: 'api-web' });
  return { runner, record, tempRoot, workspace: runner.workspaces.dir('ws1') };
}

async function collect(run: TerraformRun): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of run.lines) lines.push(line);
  return lines;
}

async function step(runner: TerraformRunner, request: Omit<RunRequest, 'workspaceId'>) {
  const run = await runner.start({ workspaceId: 'ws1', ...request });
  const lines = await collect(run);
  return { lines, result: await run.result };
}

describe('TerraformRunner with the fake terraform', () => {
  it('runs init, plan and apply with -json, streaming lines, and removes the key file afterwards', async () => {
    const { runner, record, tempRoot } = setup();
    expect(await runner.capabilities()).toEqual({ product: 'terraform', version: '1.9.8', json: true });
    expect((await step(runner, { step: 'init', credentials })).result.ok).toBe(true);
    expect((await step(runner, { step: 'plan', credentials })).lines.some((l) => l.includes('"type":"planned_change"'))).toBe(true);
    const apply = await step(runner, { step: 'apply', credentials });
    expect(apply.result).toEqual({ step: 'apply', exitCode: 0, ok: true, cancelled: false, timedOut: false, killed: false, detached: false });
    expect(apply.lines.some((l) => l.includes('Apply complete! Resources: 2 added'))).toBe(true);

    const invocations = recordedInvocations(record).filter((i) => i.command !== 'version');
    expect(invocations.map((i) => i.command)).toEqual(['init', 'plan', 'apply']);
    for (const { credentialsFile } of invocations) {
      expect(credentialsFile).toMatchObject({ exists: true, mode: 0o600, dirMode: 0o700 });
      expect(existsSync(credentialsFile!.path)).toBe(false);
    }
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("gives terraform only the allowlist and the guild's credentials, never the bot's secrets", async () => {
    const { runner, record } = setup();
    await step(runner, { step: 'init', credentials: { provider: 'aws', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' } });
    const names = recordedInvocations(record).at(-1)!.names;
    expect(names).toEqual(expect.arrayContaining(['PATH', 'HOME', 'TF_FAKE_SCENARIO', 'TF_IN_AUTOMATION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']));
    for (const secret of ['DISCORD_TOKEN', 'OPENAI_API_KEY', 'RECOVERY_SECRET', 'GOOGLE_APPLICATION_CREDENTIALS']) expect(names).not.toContain(secret);
  });

  it('reports a failed apply with its exit code and Terraform diagnostic, and still removes the key file', async () => {
    const { runner, tempRoot } = setup({ failAt: 'google_compute_instance.vm' });
    await step(runner, { step: 'plan', credentials });
    const apply = await step(runner, { step: 'apply', credentials });
    expect(apply.result).toMatchObject({ ok: false, exitCode: 1, cancelled: false });
    expect(apply.lines.some((l) => l.includes('"type":"diagnostic"') && l.includes('google_compute_instance.vm'))).toBe(true);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('cancels with SIGINT: Terraform finishes the resource in flight, saves state and exits', async () => {
    const { runner, tempRoot, workspace } = setup({ delayScale: 0.05, seconds: { google_compute_network: 20 } });
    await step(runner, { step: 'plan', credentials });
    const run = await runner.start({ workspaceId: 'ws1', step: 'apply', credentials });
    const lines: string[] = [];
    for await (const line of run.lines) {
      lines.push(line);
      if (line.includes('Creating...')) run.cancel();
    }
    expect(await run.result).toMatchObject({ ok: false, cancelled: true, timedOut: false, exitCode: 1 });
    expect(lines.join('\n')).toMatch(/Gracefully shutting down[\s\S]*google_compute_network.main: Creation complete[\s\S]*execution halted/);
    expect(lines.join('\n')).not.toContain('google_compute_instance.vm: Creating');
    expect(JSON.parse(readFileSync(join(workspace, 'terraform.tfstate'), 'utf8')).resources).toHaveProperty(['google_compute_network.main']);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('stops at once on a second cancel', async () => {
    const { runner } = setup({ delayScale: 1, seconds: { google_compute_network: 60 } });
    await step(runner, { step: 'plan' });
    const run = await runner.start({ workspaceId: 'ws1', step: 'apply' });
    const started = Date.now();
    for await (const line of run.lines) {
      if (line.includes('Creating...')) {
        run.cancel();
        setTimeout(() => run.cancel(), 200);
      }
    }
    expect(await run.result).toMatchObject({ cancelled: true, ok: false });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('interrupts a run that exceeds its timeout and removes the key file', async () => {
    const { runner, tempRoot } = setup({ delayScale: 1, seconds: { google_compute_network: 60 } }, { interruptGraceMs: 300, killGraceMs: 300 });
    await step(runner, { step: 'plan', credentials });
    const apply = await step(runner, { step: 'apply', credentials, timeoutMs: 500 });
    expect(apply.result).toMatchObject({ ok: false, cancelled: true, timedOut: true });
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('refuses a second run on the same workspace while one is running', async () => {
    const { runner } = setup({ delayScale: 0.05, seconds: { google_compute_network: 20 } });
    await step(runner, { step: 'plan' });
    const first = await runner.start({ workspaceId: 'ws1', step: 'apply' });
    await expect(runner.start({ workspaceId: 'ws1', step: 'plan' })).rejects.toThrow(/Another Terraform run \(apply\) is already working on this deployment/);
    first.cancel();
    await collect(first);
    await first.result;
    expect((await step(runner, { step: 'plan' })).result.ok).toBe(true);
  });

  it('takes over a run lock left by a process that died', async () => {
    const { runner, workspace } = setup();
    writeFileSync(join(workspace, '.chatops-run.lock'), JSON.stringify({ bot: { pid: 2 ** 22 + 12345 }, label: 'apply', at: 0 }));
    expect((await step(runner, { step: 'init' })).result.ok).toBe(true);
  });

  it('waits for a terraform that outlived a killed bot, but not for a process that merely reused its PID', async () => {
    const { runner, workspace } = setup();
    const orphan = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const dead = { pid: 2 ** 22 + 12345 };
      const startTime = readFileSync(`/proc/${orphan.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
      const lock = (terraform: object) => writeFileSync(join(workspace, '.chatops-run.lock'), JSON.stringify({ bot: dead, terraform, label: 'apply', at: 0 }));
      lock({ pid: orphan.pid, startTime });
      await expect(runner.start({ workspaceId: 'ws1', step: 'init' })).rejects.toThrow(`Terraform from before the bot restarted (PID ${orphan.pid}) is still finishing on this deployment`);
      lock({ pid: orphan.pid, startTime: '1' });
      expect((await step(runner, { step: 'init' })).result.ok).toBe(true);
    } finally {
      orphan.kill();
    }
  });

  it('says clearly when the terraform binary is missing', async () => {
    const { runner } = setup({}, { bin: 'terraform-not-installed-here' });
    const error = await runner.start({ workspaceId: 'ws1', step: 'init' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerraformError);
    expect((error as TerraformError).failure).toBe('missing-binary');
    expect((error as Error).message).toContain('`terraform-not-installed-here` is not installed or not on PATH');
  });

  it('says the binary is missing when it vanishes while its version is asked', async () => {
    // Removed (an upgrade, an uninstall) between the `version -json` and the `version` it asks next.
    const bin = join(tempDir('tf-bin-'), 'terraform');
    writeFileSync(bin, '#!/bin/sh\nrm -- "$0"\nexit 1\n', { mode: 0o755 });
    const { runner } = setup({}, { bin });
    const error = await runner.capabilities().catch((e: unknown) => e);
    expect((error as TerraformError).failure).toBe('missing-binary');
    expect((error as Error).message).toContain('is not installed or not on PATH');
  });

  it.each([
    ['Terraform 0.14 without -json', 'terraform', { version: '0.14.11' }, { product: 'terraform', version: '0.14.11', json: false }],
    ['OpenTofu as `tofu`', 'tofu', { version: '1.8.3' }, { product: 'opentofu', version: '1.8.3', json: true }],
  ])('detects %s and uses the matching output format', async (_label, binName, scenario, expected) => {
    const bin = join(tempDir('tf-bin-'), binName);
    symlinkSync(FAKE_TERRAFORM, bin);
    const { runner } = setup(scenario, { bin });
    expect(await runner.capabilities()).toEqual(expected);
    const plan = await step(runner, { step: 'plan' });
    expect(plan.lines.some((l) => l.startsWith('{'))).toBe(expected.json);
    expect(plan.lines.some((l) => l.includes('Plan: 2 to add'))).toBe(true);
  });

  it('after a SIGKILL mid-apply, as the real binary: only an inert lock info file, and the resource in flight not in state', async () => {
    const ledger = join(tempDir('tf-ledger-'), 'ledger');
    const { runner, workspace } = setup({ delayScale: 0.05, seconds: { google_compute_instance: 20 }, ledgerTo: ledger });
    await step(runner, { step: 'plan' });
    const apply = await runner.start({ workspaceId: 'ws1', step: 'apply' });
    for await (const line of apply.lines) {
      if (!line.includes('google_compute_instance.vm: Creating...')) continue;
      // Killed once the cloud call went out: the instance may exist, but the state will not say so.
      await until(() => readLedger(ledger).includes('create google_compute_instance.vm'), 'the instance to be asked for');
      process.kill(-apply.pid!, 'SIGKILL');
    }
    await apply.result;
    expect(existsSync(join(workspace, '.terraform.tfstate.lock.info'))).toBe(true);
    expect(readFileSync(ledger, 'utf8')).toBe('create google_compute_network.main\ncreate google_compute_instance.vm\n');
    expect((await step(runner, { step: 'state-list' })).lines).not.toContain('google_compute_instance.vm');
    const replan = await step(runner, { step: 'plan' });
    expect(replan.result.ok, replan.lines.join('\n')).toBe(true);
    expect(replan.lines.join('\n')).toContain('Plan: 1 to add');
  });

  it('sweeps credential directories a crashed run left behind, but not those of a bot still running', async () => {
    const root = tempDir('tf-sweep-');
    const running = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      mkdirSync(join(root, 'chatops-cred-abc123'));
      mkdirSync(join(root, `chatops-cred-${2 ** 22 + 12345}-abc123`));
      mkdirSync(join(root, `chatops-cred-${running.pid}-def456`));
      mkdirSync(join(root, 'unrelated'));
      expect(await sweepStaleCredentialDirs(root)).toBe(2);
      expect(readdirSync(root).sort()).toEqual([`chatops-cred-${running.pid}-def456`, 'unrelated']);
    } finally {
      running.kill();
    }
  });
});
