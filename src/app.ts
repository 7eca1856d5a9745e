import { Client, Events, GatewayIntentBits } from 'discord.js';
import { tmpdir } from 'node:os';
import { AuditLog } from './audit/audit-log.js';
import { createCostAdvisor } from './advisor/cost-advisor.js';
import { systemClock } from './clock.js';
import { commands } from './commands/index.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/database.js';
import { DeploymentService } from './deploy/deployment-service.js';
import { InFlightWork } from './in-flight-work.js';
import { DeploymentStore } from './deploy/deployment-store.js';
import { sweepWorkspaces } from './deploy/workspace-retention.js';
import { PendingApprovals } from './deploy/pending-approvals.js';
import { mirrorAuditTrail } from './discord/audit-mirror.js';
import { createInteractionRouter } from './discord/interaction-router.js';
import { markProgressMessagesInterrupted, showRecordedRuns } from './discord/recorded-runs.js';
import { describeDiscordFailure } from './discord/discord-errors.js';
import { markPlanRepliesInterrupted } from './discord/planning-reply.js';
import { registerCommands } from './discord/register-commands.js';
import type { Logger } from './log.js';
import { PolicyStore } from './policy/policy-store.js';
import { RateLimiter } from './rate-limiter.js';
import { resolveRecoverySecret } from './recovery/recovery-secret.js';
import { RecoveryStore } from './recovery/recovery-store.js';
import { sweepStaleCredentialDirs } from './terraform/child-credentials.js';
import { RunSlots } from './terraform/run-slots.js';
import { RunStore } from './terraform/run-store.js';
import { stateEncryptionKeys, supportsStateEncryption } from './terraform/state-encryption.js';
import { TerraformHealth } from './terraform/terraform-health.js';
import { TerraformRunner } from './terraform/terraform-runner.js';
import { SessionVault } from './vault/session-vault.js';

const CLEANUP_INTERVAL_MS = 5 * 60_000;
/** How often workspaces past their retention are looked for (also once at every start). */
const WORKSPACE_SWEEP_INTERVAL_MS = 60 * 60_000;
/** On shutdown, how long progress messages of runs that just ended get for their final edit (applies still going are left to run). */
const FINAL_EDIT_GRACE_MS = 5_000;
/** How long interrupted applies get to stop and be recorded, within a container's usual 10 s stop timeout. */
const INTERRUPT_GRACE_MS = 4_000;
/** Planning (init and plan time out after 30 min) plus a session's wait for approval fit well within this. */
const OPEN_PLAN_REPLY_WINDOW_MS = 2 * 60 * 60_000;

export interface App {
  ctx: AppContext;
  client: Client;
  /** Connects to Discord and registers commands; resolves once the gateway is ready. */
  start(): Promise<void>;
  /**
   * Disconnects and releases everything; safe to call twice. Applies run on for the next process to
   * re-attach to, unless `interruptRuns` (Terraform would not outlive this process): then they are
   * interrupted gracefully first (see DeploymentService.interruptAll).
   */
  stop(options?: { interruptRuns?: boolean }): Promise<void>;
}

/** Builds the one AppContext and the Discord client around it. */
export function createApp(config: Config, log: Logger): App {
  const clock = systemClock;
  const db = openDatabase(config.databasePath, log);
  const secret = resolveRecoverySecret(config.recoverySecret, config.databasePath, log);
  const previousSecret = config.recoverySecretPrevious === undefined ? undefined : Buffer.from(config.recoverySecretPrevious, 'utf8');
  const recovery = new RecoveryStore({ db, clock, log, secret, previousSecret });
  const deployments = new DeploymentStore({ db, clock, secret, previousSecret, log });
  const audit = new AuditLog({ db, secret, previousSecret, clock, log });
  const policies = new PolicyStore({ db, secret, previousSecret, clock, log });
  const vault = new SessionVault({ clock });
  const runs = new RunStore({ db, secret, previousSecret, log });
  if (previousSecret) {
    resealUnderCurrentSecret({ deployments, recovery, policies, runs }, log);
    vouchForAuditTrail(audit, log);
  }
  const runner = new TerraformRunner({
    bin: config.terraform.bin, workspaceDir: config.terraform.workspaceDir, childEnv: config.terraform.childEnv, log, runs,
    stateEncryption: stateEncryptionKeys(secret, previousSecret),
  });
  const deploy = new DeploymentService({
    runner, deployments, recovery, log, templatesDir: config.terraform.templatesDir, allowHostCredentials: config.terraform.allowHostCredentials,
    slots: new RunSlots(config.terraform.maxConcurrentRuns),
  });
  // Applies the last process started: still running, finished meanwhile, or killed. The rest was cut off.
  const { recorded, interrupted } = deploy.recordedApplies();
  if (recorded.length + interrupted.length > 0) {
    log.warn({ recorded: recorded.length, interrupted: interrupted.length }, 'deployments were under way at the last shutdown');
  }
  const terraform = new TerraformHealth({ bin: config.terraform.bin, detect: () => runner.capabilities(), now: () => clock.now() });
  const ctx: AppContext = {
    config, log, clock, db, vault, recovery, deployments, deploy, terraform,
    recoverLimiter: new RateLimiter({ limit: 5, windowMs: 60_000, clock }),
    fetch: globalThis.fetch,
    advisor: createCostAdvisor(config, log),
    pendingPlans: new PendingApprovals(clock),
    pendingChoices: new PendingApprovals(clock),
    inFlight: new InFlightWork(),
    audit,
    policies,
  };

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(config.discord.apiUrl ? { rest: { api: config.discord.apiUrl } } : {}),
  });
  mirrorAuditTrail(audit, policies, client.rest, ctx.inFlight, log);
  const route = createInteractionRouter(commands, ctx);
  // The router answers every error itself; this catches what escapes it (e.g. a failed error reply).
  client.on(Events.InteractionCreate, (interaction) => {
    route(interaction).catch((err: unknown) => log.error({ err }, 'interaction handler failed'));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ discord: message }, 'discord client warning'));

  const sweepOldWorkspaces = () => {
    try {
      sweepWorkspaces({ deployments, workspaces: runner.workspaces, clock, log, retentionMs: config.terraform.workspaceRetentionMs });
    } catch (err) {
      log.error({ err }, 'could not sweep old workspaces');
    }
  };
  let cleanup: NodeJS.Timeout | undefined;
  let workspaceSweep: NodeJS.Timeout | undefined;
  let stopped = false;

  return {
    ctx,
    client,
    async start() {
      vault.startSweeper();
      cleanup = setInterval(() => {
        const deleted = recovery.deleteExpired();
        if (deleted) log.info({ deleted }, 'expired recovery blobs deleted');
      }, CLEANUP_INTERVAL_MS).unref();
      recovery.deleteExpired();
      sweepOldWorkspaces();
      workspaceSweep = setInterval(sweepOldWorkspaces, WORKSPACE_SWEEP_INTERVAL_MS).unref();
      const swept = await sweepStaleCredentialDirs(tmpdir());
      if (swept) log.warn({ swept }, 'removed credential files left behind by a crashed run');

      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      // Beside the login, and not waited for: the commands that need Terraform wait for the answer themselves.
      checkTerraform(terraform, log).catch((err: unknown) => log.error({ err }, 'terraform check failed'));
      await client.login(config.discord.token);
      // Registration runs beside the gateway handshake; a failure is loud but not fatal,
      // since the commands registered last time still work.
      const registration = registerCommands(client.rest, config, commands, { guildIds: () => ready.then(() => [...client.guilds.cache.keys()]) })
        .then((registered) => {
          log.info({ scope: registered.scope, commands: registered.names, cleared: registered.cleared }, 'slash commands registered');
          if (registered.advice) log.warn({ advice: registered.advice }, 'slash commands may show twice');
          return registered.names;
        })
        .catch((err: unknown) => {
          log.error({ reason: describeDiscordFailure(err), err }, 'slash command registration failed; the commands registered last time stay');
          return [];
        });
      const [, names] = await Promise.all([ready, registration]);
      log.info({ event: 'ready', user: client.user?.tag, guilds: client.guilds.cache.size, commands: names }, `ready: ${names.map((n) => `/${n}`).join(' ') || 'no commands registered'}`);
      await Promise.all([showRecordedRuns(client, ctx, recorded), markProgressMessagesInterrupted(client, interrupted, ctx)]);
      await markPlanRepliesInterrupted(client, deployments.updatedSince(clock.now() - OPEN_PLAN_REPLY_WINDOW_MS), ctx);
    },
    async stop({ interruptRuns = false } = {}) {
      if (stopped) return;
      stopped = true;
      clearInterval(cleanup);
      clearInterval(workspaceSweep);
      // Applies go on without us (the next process re-attaches); runs that just ended still get their final edit.
      if (interruptRuns) await deploy.interruptAll(INTERRUPT_GRACE_MS);
      await deploy.detachAll();
      await ctx.inFlight.settle(FINAL_EDIT_GRACE_MS);
      await client.destroy();
      vault.close();
      db.close();
    },
  };
}

/**
 * After a rotation (RECOVERY_SECRET_PREVIOUS set): every row still sealed under the old secret is re-sealed
 * under the new one, before anything reads them. The audit trail is append-only and keeps its old rows
 * as written; they are read and verified with the previous secret's keys (see vouchForAuditTrail).
 */
function resealUnderCurrentSecret(
  stores: Record<string, { resealUnderCurrentSecret(): { resealed: number; unreadable: number } }>, log: Logger,
): void {
  for (const [name, store] of Object.entries(stores)) {
    const counts = store.resealUnderCurrentSecret();
    if (counts.resealed + counts.unreadable > 0) log.warn({ store: name, ...counts }, 'rows sealed under RECOVERY_SECRET_PREVIOUS re-sealed under RECOVERY_SECRET');
  }
  log.info('secret rotation: rows re-sealed; RECOVERY_SECRET_PREVIOUS can be removed once every bot process runs on the new secret (keep the old secret to read and check audit rows from before the rotation)');
}

/** The audit trail keeps its old rows under the old secret (see AuditLog); only its head moves to the new one. */
function vouchForAuditTrail(audit: AuditLog, log: Logger): void {
  const outcome = audit.vouchUnderCurrentSecret();
  if (outcome === 'vouched') log.warn('the audit trail, intact under RECOVERY_SECRET_PREVIOUS, is now vouched for under RECOVERY_SECRET; its older rows stay sealed and chained under the old secret: keep it to read them and to check them with `npm run audit:verify`');
  if (outcome === 'broken') log.error('the audit trail does not check out under RECOVERY_SECRET_PREVIOUS: left as it is; run `npm run audit:verify` with both secrets to see which rows');
}

/** Asks TERRAFORM_BIN what it is; a problem is logged, not fatal: only deploy and destroy need Terraform. */
async function checkTerraform(terraform: TerraformHealth, log: Logger): Promise<void> {
  const status = await terraform.check();
  if (!status.usable) {
    log.error({ event: 'terraform-unusable', problem: status.problem }, 'Terraform is not usable: /cloud-deploy-v2 and /cloud-destroy will refuse until it is fixed; every other command works');
    return;
  }
  const { product, version } = status.capabilities;
  if (status.warning) log.warn({ version }, status.warning);
  log.info({ event: 'terraform-found', product, version, stateEncryption: supportsStateEncryption(status.capabilities) }, 'terraform found');
  if (!supportsStateEncryption(status.capabilities)) {
    log.info('state files are kept 0600 in 0700 directories but not encrypted (only OpenTofu 1.7+ encrypts state): protect WORKSPACE_DIR');
  }
}
