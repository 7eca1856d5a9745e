import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import { loadScenario, outputsOf, readIfExists, resourcesOf, type FakeResource } from './scenario.js';
import { TerraformUi } from './ui.js';

/**
 * A stand-in for the `terraform` binary at the process boundary: same arguments, same output formats
 * (human and -json), same exit codes, a state file so an interrupted apply resumes where it stopped,
 * the local backend's lock (whose info file a SIGKILL leaves behind without it blocking, as for real),
 * and Terraform's SIGINT handling. Only for what the real binary here cannot show: other versions,
 * OpenTofu, output without -json, CRLF line endings, and load tests of thousands of lines.
 */
const STATE = 'terraform.tfstate';
const LOCK = '.terraform.tfstate.lock.info';

interface State {
  resources: Record<string, string>;
  outputs: Record<string, string>;
}
interface Plan {
  operation: 'apply' | 'destroy';
  changes: { address: string; action: 'create' | 'delete' }[];
}

const scenario = loadScenario();
const args = process.argv.slice(2);
const command = args[0] ?? '';
const json = args.includes('-json') && supportsJson(scenario.version);
let lastOutputAt = 0;
const ui = new TerraformUi(json, scenario.version, (text) => {
  lastOutputAt = performance.timeOrigin + performance.now();
  process.stdout.write(text);
});
const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000 * scenario.delayScale));
let interrupts = 0;

// Go programs die of SIGPIPE when they write to a closed stdout/stderr: that is how terraform ends
// when the bot is killed mid-apply. The resource in flight is not saved (though its creation was
// requested: see the ledger) and the lock info file stays, blocking nothing.
// Node ignores SIGPIPE, so the fake dies of SIGKILL instead, to the same effect.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => process.kill(process.pid, 'SIGKILL'));

recordEnvironment();
process.exitCode = await main();
if (scenario.recordTimingTo) appendFileSync(scenario.recordTimingTo, JSON.stringify({ command, lastOutputAt }) + '\n');

async function main(): Promise<number> {
  switch (command) {
    case 'version':
      return version();
    case 'init':
      return init();
    case 'plan':
      return withLock('OperationTypePlan', plan);
    case 'apply':
      return withLock('OperationTypeApply', apply);
    case 'output':
      process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(readState().outputs).map(([k, v]) => [k, { sensitive: false, type: 'string', value: v }]))) + '\n');
      return 0;
    case 'state':
      if (args[1] === 'list') return stateList();
      break;
    case 'force-unlock':
      return forceUnlock(args.at(-1) ?? '');
    case 'show':
      return show(args.at(-1) ?? '');
  }
  process.stderr.write(`Terraform has no command named "${args.slice(0, 2).join(' ')}".\n`);
  return 1;
}

/** `terraform state list`: one address a line, data sources included as Terraform does. */
function stateList(): number {
  const managed = Object.keys(readState().resources);
  for (const address of managed.length > 0 ? ['data.google_compute_zones.up', ...managed] : []) process.stdout.write(`${address}\n`);
  return 0;
}

function version(): number {
  const name = scenario.product === 'opentofu' ? 'OpenTofu' : 'Terraform';
  if (args.includes('-json') && supportsJson(scenario.version)) {
    process.stdout.write(JSON.stringify({ terraform_version: scenario.version, platform: 'linux_amd64', provider_selections: {}, terraform_outdated: false }, null, 2) + '\n');
  } else {
    process.stdout.write(`${name} v${scenario.version}\non linux_amd64\n`);
  }
  return 0;
}

async function init(): Promise<number> {
  process.stdout.write('\nInitializing the backend...\n\nInitializing provider plugins...\n');
  await sleep(0.5);
  if (scenario.failInit) {
    new TerraformUi(false, scenario.version, (t) => process.stderr.write(t)).diagnostic(
      'Failed to query available provider packages',
      'Could not retrieve the list of available versions for provider hashicorp/google: could not connect to registry.terraform.io',
    );
    return 1;
  }
  mkdirSync('.terraform', { recursive: true });
  process.stdout.write('\nTerraform has been successfully initialized!\n');
  return 0;
}

async function plan(): Promise<number> {
  const out = args.find((a) => a.startsWith('-out='))?.slice(5);
  const destroy = args.includes('-destroy');
  ui.versionBanner();
  const state = readState();
  const all = resourcesOf(scenario, readIfExists('main.tf'));
  const targets = destroy ? all.filter((r) => state.resources[r.address]).reverse() : all.filter((r) => !state.resources[r.address]);
  await sleep(scenario.planSeconds);
  if (scenario.failPlan) {
    ui.diagnostic(
      'Attempted to load application default credentials since neither `credentials` nor `access_token` was set in the provider block.',
      'No credentials loaded. To use your gcloud credentials, run \'gcloud auth application-default login\'\n\nwith provider["registry.terraform.io/hashicorp/google"],\non provider.tf line 1, in provider "google":\n   1: provider "google" {',
    );
    return 1;
  }
  const action = destroy ? 'delete' : 'create';
  for (const r of targets) ui.plannedChange(r, action);
  if (targets.length === 0) ui.noChanges();
  else {
    ui.planHuman(targets, action);
    ui.planSummary(destroy ? 0 : targets.length, destroy ? targets.length : 0);
  }
  if (out) {
    writeFileSync(out, JSON.stringify({ operation: destroy ? 'destroy' : 'apply', changes: targets.map((r) => ({ address: r.address, action })) } satisfies Plan));
    if (!json) process.stdout.write(`\nSaved the plan to: ${out}\n\nTo perform exactly these actions, run the following command to apply:\n    terraform apply "${out}"\n`);
  }
  return 0;
}

/** `terraform show -no-color <planfile>`: the saved plan in Terraform's human format (show has no progress stream). */
function show(planFile: string): number {
  if (!existsSync(planFile)) {
    new TerraformUi(false, scenario.version, (t) => process.stderr.write(t)).diagnostic('Failed to read the given file as a state or plan file', `open ${planFile}: no such file or directory`);
    return 1;
  }
  const saved = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
  const byAddress = new Map(resourcesOf(scenario, readIfExists('main.tf')).map((r) => [r.address, r]));
  const resources = saved.changes.map((c) => byAddress.get(c.address) ?? { address: c.address, type: c.address.split('.')[0]!, name: c.address.split('.')[1] ?? '', seconds: 1 });
  const human = new TerraformUi(false, scenario.version, (t) => process.stdout.write(t));
  const destroying = saved.operation === 'destroy';
  if (resources.length === 0) human.noChanges();
  else {
    human.planHuman(resources, destroying ? 'delete' : 'create');
    human.planSummary(destroying ? 0 : resources.length, destroying ? resources.length : 0);
  }
  return 0;
}

async function apply(): Promise<number> {
  const planFile = args.at(-1) ?? '';
  if (!existsSync(planFile)) {
    ui.diagnostic('Failed to load "' + planFile + '" as a plan file', 'The specified path is a directory or does not exist.');
    return 1;
  }
  const saved = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
  const byAddress = new Map(resourcesOf(scenario, readIfExists('main.tf')).map((r) => [r.address, r]));
  const state = readState();
  ui.versionBanner();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  let done = 0;
  for (const change of saved.changes) {
    if (interrupts > 0) break;
    const r = byAddress.get(change.address) ?? { address: change.address, type: change.address.split('.')[0]!, name: '', seconds: 1 };
    const failed = await applyOne(r, change.action, state);
    if (failed) return 1;
    done++;
  }
  // Real Terraform 1.11, interrupted after its last change, still saves state and outputs and exits 0.
  if (interrupts > 0 && done < saved.changes.length) {
    ui.diagnostic('execution halted', '');
    return 1;
  }
  const destroyed = saved.operation === 'destroy';
  state.outputs = destroyed ? {} : outputsOf((readIfExists('main.tf') ?? '') + (readIfExists('outputs.tf') ?? ''));
  writeState(state);
  ui.planSummary(destroyed ? 0 : done, destroyed ? done : 0, destroyed ? 'destroy' : 'apply');
  ui.outputs(state.outputs);
  return 0;
}

/** One resource, with Still-creating lines every 10 s of (scaled) time; returns true if it failed. */
async function applyOne(r: FakeResource, action: 'create' | 'delete', state: State): Promise<boolean> {
  const id = state.resources[r.address] ?? `${r.name || 'item'}-${randomUUID().slice(0, 8)}`;
  ui.start(r, action, action === 'delete' ? id : undefined);
  // The cloud call goes out at the start: from here the resource may exist whether or not the state says so.
  if (scenario.ledgerTo) appendFileSync(scenario.ledgerTo, `${action === 'create' ? 'create' : 'destroy'} ${r.address}\n`);
  const ticks = r.progressLines ?? Math.floor(r.seconds / 10);
  for (let tick = 1; tick <= ticks; tick++) {
    await sleep(r.progressLines === undefined ? 10 : r.seconds / (ticks + 1));
    ui.progress(r, action, tick * 10);
  }
  await sleep(r.progressLines === undefined ? r.seconds % 10 || 0.2 : r.seconds / (ticks + 1));
  if (scenario.failAt === r.address) {
    ui.errored(r, action, r.seconds);
    ui.diagnostic(scenario.failSummary, 'The caller does not have permission, or the API is not enabled for the project.', r.address);
    return true;
  }
  if (action === 'create') state.resources[r.address] = id;
  else delete state.resources[r.address];
  writeState(state);
  ui.complete(r, action, Math.round(r.seconds), id);
  return false;
}

function onInterrupt(): void {
  interrupts++;
  if (interrupts === 1) {
    ui.interrupt();
    return;
  }
  process.stdout.write('\nTwo interrupts received. Exiting immediately. Note that data loss may have occurred.\n');
  process.exit(1);
}

/**
 * The local backend's lock, as Terraform 1.11 keeps it: an OS lock on the state for the length of the
 * run, plus `.terraform.tfstate.lock.info` describing it. A run that dies (SIGKILL, SIGPIPE) takes the OS
 * lock with it and leaves only the info file, which blocks nothing. The fake has no OS lock, so it keeps
 * the holder's PID in the info file and treats a dead holder's file as no lock.
 */
async function withLock(operation: string, body: () => Promise<number>): Promise<number> {
  const held = liveLock();
  if (held) {
    const detail = `Error message: resource temporarily unavailable\nLock Info:\n  ID:        ${held.ID}\n  Path:      ${STATE}\n  Operation: ${held.Operation}\n  Who:       ${held.Who}\n  Version:   ${scenario.version}\n  Created:   ${held.Created}\n  Info:      \n\n\nTerraform acquires a state lock to protect the state from being written\nby multiple users at the same time. Please resolve the issue above and try\nagain. For most commands, you can disable locking with the "-lock=false"\nflag, but this is not recommended.`;
    ui.diagnostic('Error acquiring the state lock', detail);
    return 1;
  }
  writeFileSync(LOCK, JSON.stringify({ ID: randomUUID(), Operation: operation, Info: '', Who: `${userInfo().username}@${hostname()}`, Version: scenario.version, Created: new Date().toISOString(), Path: STATE, pid: process.pid }));
  try {
    return await body();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function forceUnlock(id: string): number {
  const held = liveLock();
  if (!held) {
    process.stderr.write('Failed to unlock state: LocalState not locked\n');
    return 1;
  }
  if (held.ID !== id) {
    new TerraformUi(false, scenario.version, (t) => process.stderr.write(t)).diagnostic('Failed to unlock state', `Lock ID "${id}" does not match existing lock`);
    return 1;
  }
  rmSync(LOCK);
  process.stdout.write('Terraform state has been successfully unlocked!\n');
  return 0;
}

/** The lock info, if a live process holds the lock. */
function liveLock(): { ID: string; Operation: string; Who: string; Created: string } | undefined {
  if (!existsSync(LOCK)) return undefined;
  const info = JSON.parse(readFileSync(LOCK, 'utf8')) as { ID: string; Operation: string; Who: string; Created: string; pid?: number };
  return info.pid === undefined || isRunning(info.pid) ? info : undefined; // a dead holder's lock went with it
}

/** Whether `pid` runs: a zombie (killed, not yet reaped by a parent that died too) holds no lock either. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true; // no /proc: trust the signal check
  }
}

function readState(): State {
  return existsSync(STATE) ? (JSON.parse(readFileSync(STATE, 'utf8')) as State) : { resources: {}, outputs: {} };
}

function writeState(state: State): void {
  writeFileSync(STATE, JSON.stringify(state));
}

function supportsJson(v: string): boolean {
  const [major = 0, minor = 0, patch = 0] = v.split('.').map(Number);
  return major > 0 || minor > 15 || (minor === 15 && patch >= 3);
}

/** Names only, never values: tests check which variables reached terraform, and the credentials file. */
function recordEnvironment(): void {
  if (!scenario.recordEnvTo) return;
  const path = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  const file = path && existsSync(path) ? statSync(path) : undefined;
  const dir = path && existsSync(path) ? statSync(path.slice(0, path.lastIndexOf('/'))) : undefined;
  appendFileSync(scenario.recordEnvTo, JSON.stringify({
    command, cwd: process.cwd(), names: Object.keys(process.env).sort(),
    credentialsFile: path ? { path, exists: Boolean(file), mode: file && file.mode & 0o777, dirMode: dir && dir.mode & 0o777 } : null,
  }) + '\n');
}
