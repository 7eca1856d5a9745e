import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { readExitStatus } from '../../src/terraform/detached-process.js';
import { sweepStaleCredentialDirs } from '../../src/terraform/child-credentials.js';
import { LogTail } from '../../src/terraform/log-tail.js';
import { RunStore } from '../../src/terraform/run-store.js';
import { TerraformRunner, type TerraformRun } from '../../src/terraform/terraform-runner.js';
import { GCP_CREDENTIALS } from '../support/credentials.js';
import { silentLog } from '../support/sessions.js';
import { describeWithTerraform } from '../support/real-terraform.js';
import { tempDir } from '../support/temp-dir.js';

/** Two resources made one after the other, each appending its address to a ledger outside the workspace. */
const CONFIG = `variable "ledger" { type = string }
variable "seconds" { type = number }
resource "terraform_data" "first" {
  provisioner "local-exec" { command = "sleep \${var.seconds}; echo terraform_data.first >> \${var.ledger}" }
}
resource "terraform_data" "second" {
  depends_on = [terraform_data.first]
  provisioner "local-exec" { command = "sleep \${var.seconds}; echo terraform_data.second >> \${var.ledger}" }
}
output "first_id" { value = terraform_data.first.id }
`;

const secret = Buffer.alloc(32, 9);
const credentials = GCP_CREDENTIALS;

/** A runner over the real binary, as a bot process has one; `again()` is the next process, same database and directories. */
function setup(seconds = 1) {
  const root = tempDir('tf-detached-');
  const tempRoot = join(root, 'tmp');
  mkdirSync(tempRoot);
  const db = openDatabase(join(root, 'bot.db'), silentLog);
  const make = () => new TerraformRunner({
    bin: 'terraform', workspaceDir: join(root, 'workspaces'), childEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root },
    log: silentLog, runs: new RunStore({ db, secret }), tempRoot, pollMs: 100, killGraceMs: 2000,
  });
  const runner = make();
  const ledger = join(root, 'ledger');
  runner.workspaces.writeConfig('ws1', { 'main.tf': CONFIG }, { ledger, seconds });
  return { runner, again: make, ledger, tempRoot, workspace: runner.workspaces.dir('ws1') };
}

async function collect(run: Pick<TerraformRun, 'lines'>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of run.lines) lines.push(line);
  return lines;
}

async function planned(runner: TerraformRunner): Promise<void> {
  for (const step of ['init', 'plan'] as const) {
    const run = await runner.start({ workspaceId: 'ws1', step });
    await collect(run);
    expect((await run.result).ok).toBe(true);
  }
}

const ledgerOf = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : []);

function terraformChildOf(wrapperPid: number): number {
  return Number(readFileSync(`/proc/${wrapperPid}/task/${wrapperPid}/children`, 'utf8').trim().split(/\s+/)[0]);
}

describeWithTerraform('detached applies', () => {
  it('streams the apply from its log file, records its exit status, and keeps a run record until forgotten', async () => {
    const { runner, ledger, tempRoot } = setup();
    await planned(runner);
    const run = await runner.start({ workspaceId: 'ws1', step: 'apply', credentials, context: { who: 'ada' } });
    const record = runner.recordedRuns()[0]!;
    expect(record).toMatchObject({ workspaceId: 'ws1', step: 'apply', context: { who: 'ada' }, process: { pid: run.pid } });
    expect(record.process.startTime).toMatch(/^\d+$/);
    const lines = await collect(run);
    expect(await run.result).toMatchObject({ ok: true, exitCode: 0, killed: false, detached: false });
    expect(lines.some((l) => l.includes('"type":"apply_complete"') && l.includes('terraform_data.second'))).toBe(true);
    expect(lines.at(-1)).toContain('"type":"outputs"');
    expect(readExitStatus(record.statusPath)).toEqual({ exitCode: 0 });
    expect(ledgerOf(ledger)).toEqual(['terraform_data.first', 'terraform_data.second']);
    // The wrapper removed the key file as Terraform exited.
    expect(readdirSync(tempRoot)).toEqual([]);
    run.forget?.();
    expect(runner.recordedRuns()).toEqual([]);
    expect(existsSync(record.logPath)).toBe(false);
  });

  it('lets Terraform finish while no process follows it, and a later process reads the true outcome', async () => {
    const { runner, again, ledger } = setup(1);
    await planned(runner);
    const run = await runner.start({ workspaceId: 'ws1', step: 'apply', credentials });
    await runner.detachAll();
    expect(await run.result).toMatchObject({ detached: true });
    await waitFor(() => ledgerOf(ledger).length === 2, 20_000);

    const [record] = again().recordedRuns();
    const reattached = again().attach(record!);
    const lines = await collect(reattached);
    expect(await reattached.result).toMatchObject({ ok: true, exitCode: 0 });
    expect(lines.filter((l) => l.includes('"type":"apply_start"'))).toHaveLength(2); // from the first byte
    expect(ledgerOf(ledger)).toEqual(['terraform_data.first', 'terraform_data.second']);
  });

  it('re-attaches to a run still going: the log from the beginning, then live to the end, and Cancel works', async () => {
    const { runner, again, ledger } = setup(3);
    await planned(runner);
    await runner.start({ workspaceId: 'ws1', step: 'apply', credentials });
    await runner.detachAll();

    const next = again();
    const run = next.attach(next.recordedRuns()[0]!);
    const lines: string[] = [];
    for await (const line of run.lines) {
      lines.push(line);
      if (line.includes('"type":"apply_start"')) run.cancel();
    }
    const result = await run.result;
    expect(result).toMatchObject({ ok: false, cancelled: true, killed: false, exitCode: 1 });
    expect(lines.some((l) => l.includes('Interrupt received'))).toBe(true);
    expect(ledgerOf(ledger)).toEqual([]);
  });

  it('says Terraform was killed when it dies of a signal, and its wrapper still removes the key file', async () => {
    const { runner, tempRoot } = setup(5);
    await planned(runner);
    const run = await runner.start({ workspaceId: 'ws1', step: 'apply', credentials });
    for await (const line of run.lines) if (line.includes('"type":"apply_start"')) process.kill(terraformChildOf(run.pid!), 'SIGKILL');
    expect(await run.result).toMatchObject({ ok: false, killed: true, exitCode: undefined, cancelled: false });
    expect(readExitStatus(run.record!.statusPath)).toEqual({ signal: 9 });
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("keeps a detached run's credential directory through the startup sweep", async () => {
    const { runner, tempRoot } = setup(3);
    await planned(runner);
    const run = await runner.start({ workspaceId: 'ws1', step: 'apply', credentials });
    await runner.detachAll();
    // The sweep of the next process: the dir is named after the dead bot, but its run is alive.
    const [dir] = readdirSync(tempRoot);
    expect(await sweepStaleCredentialDirs(tempRoot)).toBe(0);
    expect(readdirSync(tempRoot)).toEqual([dir]);
    await waitFor(() => readExitStatus(run.record!.statusPath) !== undefined, 20_000);
    expect(readExitStatus(run.record!.statusPath)).toEqual({ exitCode: 0 });
    expect(readdirSync(tempRoot)).toEqual([]);
  });
});

describe('LogTail', () => {
  it('hands on text by byte offset as it is written, across split lines and split UTF-8 characters', async () => {
    const path = join(tempDir('log-tail-'), 'run.log');
    writeFileSync(path, '');
    const seen: string[] = [];
    const tail = new LogTail(path, (text) => seen.push(text), 20).start();
    const bytes = Buffer.from('first line\nsecond ✅ li');
    appendFileSync(path, bytes.subarray(0, bytes.length - 5)); // cuts the ✅ in two
    await waitFor(() => seen.join('').length > 0, 2000);
    appendFileSync(path, Buffer.concat([bytes.subarray(bytes.length - 5), Buffer.from('ne\nlast, no newline')]));
    await waitFor(() => seen.join('').includes('last'), 2000);
    await tail.drain();
    expect(seen.join('')).toBe('first line\nsecond ✅ line\nlast, no newline');
    expect(tail.offset).toBe(Buffer.byteLength(seen.join('')));
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
