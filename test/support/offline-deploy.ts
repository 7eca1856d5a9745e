import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FakeDiscord, FakeMessage } from '../fakes/fake-discord/index.js';
import { startBot, type Launch } from '../harness/bot-process.js';
import { GCP_KEY } from './credentials.js';
import { press, progressHistory, progressMessage, sendDeploy } from './deploy.js';
import { installation, openSession, textOf } from './e2e.js';
import { realTerraform, realTerraformEnv, type OfflineOptions } from './real-terraform.js';

/** The offline GCP VM's five resources (the real template's seven: the three APIs are one for_each block), in creation order. */
export const APIS = 'terraform_data.project_service_apis';
export const NETWORK = 'terraform_data.compute_network';
export const SUBNETWORK = 'terraform_data.compute_subnetwork';
export const FIREWALL = 'terraform_data.compute_firewall_iap_ssh';
export const INSTANCE = 'terraform_data.compute_instance';
export const VM_RESOURCES = [APIS, NETWORK, SUBNETWORK, FIREWALL, INSTANCE];
export const VM = { resource_type: 'vm', machine_type: 'e2-medium', name: 'api' };

/** The ledger lines of creating `addresses`, in order. */
export const created = (...addresses: string[]) => addresses.map((address) => `create ${address}`);

/** A bot deploying the offline templates with the real terraform, started as `launch` says, with a GCP session open on payments-prod-42. */
export async function realDeployingBot(fake: FakeDiscord, options: OfflineOptions = {}, launch: Launch = 'node') {
  const { env, ledger } = realTerraformEnv(options);
  const install = installation(env);
  const bot = await startBot({ fake, dataDir: install.dataDir, env: install.env, launch });
  const sessionId = await openSession(fake, { service_account_json: JSON.stringify(GCP_KEY) });
  return { install, bot, sessionId, ledger, credentialDirs: () => readdirSync(join(install.dataDir, 'tmp')) };
}

/** Plans `options` on `projectId`, approves it, and returns the live progress message. */
export async function approvedDeploy(fake: FakeDiscord, projectId: string, options: Record<string, string> = VM): Promise<FakeMessage> {
  const { reply } = await sendDeploy(fake, { project_id: projectId, ...options });
  expect(textOf(reply)).toContain('📋 Deployment plan');
  const approvedAt = fake.now();
  await fake.waitForReply(await press(fake, reply, 'plan-approve'));
  return progressMessage(fake, approvedAt);
}

/** Waits until the progress message shows `address` being created (or destroyed). */
export function inFlight(fake: FakeDiscord, progress: FakeMessage, address: string, verb = 'Creating'): Promise<FakeMessage> {
  return fake.waitForChannelMessage((m) => m.id === progress.id && (m.embeds[0]?.description ?? '').includes(`${verb} ${address}`), { timeoutMs: 20_000 });
}

/** The workspace of the only deployment of an installation. */
export function onlyWorkspace(dataDir: string): string {
  const root = join(dataDir, 'workspaces');
  const workspaces = readdirSync(root).filter((name) => existsSync(join(root, name, 'terraform.tfvars.json')));
  expect(workspaces).toHaveLength(1);
  return join(root, workspaces[0]!);
}

/** What `terraform state list` (the real binary) says is in the only deployment's state. */
export async function stateList(dataDir: string): Promise<string[]> {
  const listed = await execa(realTerraform!.bin, ['state', 'list', '-no-color'], { cwd: onlyWorkspace(dataDir), reject: false });
  expect(listed.exitCode, listed.stderr).toBe(0);
  return listed.stdout.split('\n').filter(Boolean).sort();
}

/** The wrapper's exit-status files of the only deployment's detached runs (one per apply that ended). */
export function exitStatuses(dataDir: string): string[] {
  const runs = join(onlyWorkspace(dataDir), '.chatops-runs');
  return existsSync(runs) ? readdirSync(runs).filter((file) => file.endsWith('.status')) : [];
}

/** Kills the terraform process of the only running apply (not its wrapper, not the bot), as an OOM kill would. */
export function killTerraform(dataDir: string): void {
  const lock = JSON.parse(readFileSync(join(onlyWorkspace(dataDir), '.chatops-run.lock'), 'utf8')) as { terraform: { pid: number } };
  const wrapper = lock.terraform.pid;
  const [terraform] = readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, 'utf8').trim().split(/\s+/).map(Number);
  process.kill(terraform!, 'SIGKILL');
}

/** The `(done/total resources)` counts a progress message went through, as "done/total". */
export function resourceCounts(message: FakeMessage): string[] {
  return progressHistory(message).flatMap((text) => {
    const count = /\((\d+\/\d+) resources\)/.exec(text);
    return count ? [count[1]!] : [];
  });
}
