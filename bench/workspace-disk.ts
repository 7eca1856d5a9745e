import { execa } from 'execa';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { DeploymentService } from '../src/deploy/deployment-service.js';
import { DeploymentStore } from '../src/deploy/deployment-store.js';
import { RecoveryStore } from '../src/recovery/recovery-store.js';
import { RunStore } from '../src/terraform/run-store.js';
import { PLUGIN_CACHE_DIR, TerraformRunner } from '../src/terraform/terraform-runner.js';
import type { Session } from '../src/vault/session.js';
import { newSessionId } from '../src/vault/new-session.js';
import { OFFLINE_ENV, writeOfflineTemplates } from '../test/support/offline-templates.js';
import type { BenchResult } from './result.js';

const DEPLOYMENTS = 5;
const TARGET_BYTES = 1024 * 1024;

/**
 * Disk used per deployment: GCP VMs deployed through the deployment service with the real `terraform`
 * and the offline templates, then each workspace measured (blocks allocated, as `du` counts) after the
 * apply and after the teardown. Provider plugins are not in this figure: the offline templates use
 * none, and with real ones each is stored once in the shared plugin cache, which is measured apart.
 */
export async function benchWorkspaceDisk(): Promise<BenchResult> {
  const name = `Disk per deployment (GCP VM workspace, ${DEPLOYMENTS} deployments, real terraform)`;
  const terraform = await execa('terraform', ['version'], { reject: false }).catch(() => undefined);
  if (!terraform || terraform.exitCode !== 0) {
    return { name, measured: 'not measured: `terraform` is not on PATH', target: '< 1 MiB', baseline: '-', pass: false };
  }
  const dir = mkdtempSync(join(tmpdir(), 'chatops-bench-disk-'));
  // Detached applies are unref'd (the bot may exit while they run): keep this process up until they end.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const { deploy, runner } = service(dir);
    const applied: number[] = [];
    const destroyed: number[] = [];
    for (let i = 0; i < DEPLOYMENTS; i++) {
      const session = benchSession(`disk-bench-${i}`);
      const planned = await deploy.plan({ session, kind: 'vm', name: `disk-vm-${i}`, machineType: 'e2-medium' });
      const outcome = await deploy.apply(planned, session, session.userId, () => undefined);
      if (outcome.error) throw outcome.error;
      applied.push(diskUsage(runner.workspaces.dir(planned.deployment.id)));
      const teardown = await deploy.planDestroy(outcome.deployment, session);
      const gone = await deploy.apply(teardown, session, session.userId, () => undefined);
      if (gone.error) throw gone.error;
      destroyed.push(diskUsage(runner.workspaces.dir(planned.deployment.id)));
    }
    const worst = Math.max(...applied);
    const cache = diskUsage(join(runner.workspaces.root, PLUGIN_CACHE_DIR));
    return {
      name,
      measured: `${kib(median(applied))} deployed (worst ${kib(worst)}), ${kib(median(destroyed))} after teardown (kept WORKSPACE_RETENTION_DAYS, then removed)`,
      target: '< 1 MiB',
      baseline: `shared plugin cache ${kib(cache)} (the offline templates use no provider; a real provider binary, tens to hundreds of MB and not downloadable here, is stored there once instead of in each workspace)`,
      pass: worst < TARGET_BYTES,
    };
  } finally {
    clearInterval(keepAlive);
    rmSync(dir, { recursive: true, force: true });
  }
}

function service(dir: string) {
  const templatesDir = join(dir, 'offline-templates');
  writeOfflineTemplates(templatesDir);
  const config = loadConfig({
    DISCORD_TOKEN: 'bench', DISCORD_CLIENT_ID: '123456789012345678', PATH: process.env.PATH, [OFFLINE_ENV.delaySeconds]: '0', [OFFLINE_ENV.ledger]: join(dir, 'ledger'),
    ...(process.env.TF_CLI_CONFIG_FILE ? { TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE } : {}),
  });
  const log = pino({ level: 'silent' });
  const db = openDatabase(':memory:', log);
  const secret = Buffer.alloc(32, 1);
  const clock = { now: () => Date.now() };
  const runner = new TerraformRunner({
    bin: 'terraform', workspaceDir: join(dir, 'workspaces'), childEnv: config.terraform.childEnv, log, runs: new RunStore({ db, secret }), tempRoot: dir,
  });
  const deployments = new DeploymentStore({ db, secret, clock, log });
  const deploy = new DeploymentService({ runner, deployments, recovery: new RecoveryStore({ db, secret, clock, log }), log, templatesDir, allowHostCredentials: true });
  return { deploy, runner };
}

function benchSession(projectId: string): Session {
  const now = Date.now();
  return {
    id: newSessionId(), userId: '310000000000000001', guildId: '320000000000000001', provider: 'gcp', projectName: 'Disk bench', projectId,
    region: 'us-central1', createdAt: now, expiresAt: now + 30 * 60_000,
  };
}

/** Bytes allocated under `path` (512-byte blocks, as `du` counts them), directories included. */
function diskUsage(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.blocks * 512;
  return stat.blocks * 512 + readdirSync(path).reduce((sum, entry) => sum + diskUsage(join(path, entry)), 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}
