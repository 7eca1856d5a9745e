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
import { PendingApprovals } from './deploy/pending-approvals.js';
import { createInteractionRouter } from './discord/interaction-router.js';
import { markProgressMessagesInterrupted } from './discord/interrupted-runs.js';
import { registerCommands } from './discord/register-commands.js';
import type { Logger } from './log.js';
import { RateLimiter } from './rate-limiter.js';
import { resolveRecoverySecret } from './recovery/recovery-secret.js';
import { RecoveryStore } from './recovery/recovery-store.js';
import { sweepStaleCredentialDirs } from './terraform/child-credentials.js';
import { TerraformRunner } from './terraform/terraform-runner.js';
import { SessionVault } from './vault/session-vault.js';

const CLEANUP_INTERVAL_MS = 5 * 60_000;
/** On shutdown, how long interrupted Terraform runs get to save their state before we exit anyway. */
const SHUTDOWN_GRACE_MS = 60_000;
/** Then how long their progress messages get for the final edit (edits are spaced, and may meet a 429). */
const FINAL_EDIT_GRACE_MS = 10_000;

export interface App {
  ctx: AppContext;
  client: Client;
  /** Connects to Discord and registers commands; resolves once the gateway is ready. */
  start(): Promise<void>;
  /** Disconnects and releases everything; safe to call twice. */
  stop(): Promise<void>;
}

/** Builds the one AppContext and the Discord client around it. */
export function createApp(config: Config, log: Logger): App {
  const clock = systemClock;
  const db = openDatabase(config.databasePath, log);
  const secret = resolveRecoverySecret(config.recoverySecret, config.databasePath, log);
  const recovery = new RecoveryStore({ db, clock, log, secret });
  const deployments = new DeploymentStore({ db, clock, secret });
  // Whatever was still running belonged to a process that is gone.
  const interrupted = deployments.markActiveInterrupted();
  const interruptedSessions = recovery.markActiveDeploymentsInterrupted();
  if (interrupted.length + interruptedSessions > 0) {
    log.warn({ deployments: interrupted.length, sessions: interruptedSessions }, 'deployments were cut off by the last shutdown; their owners can resume them');
  }

  const audit = new AuditLog({ db, secret, clock, log });
  const vault = new SessionVault({ clock });
  const runner = new TerraformRunner({ bin: config.terraform.bin, workspaceDir: config.terraform.workspaceDir, childEnv: config.terraform.childEnv, log });
  const deploy = new DeploymentService({ runner, deployments, recovery, clock, log });
  const ctx: AppContext = {
    config, log, clock, db, vault, recovery, deployments, deploy,
    recoverLimiter: new RateLimiter({ limit: 5, windowMs: 60_000, clock }),
    fetch: globalThis.fetch,
    advisor: createCostAdvisor(config, log),
    pendingPlans: new PendingApprovals(clock),
    pendingChoices: new PendingApprovals(clock),
    inFlight: new InFlightWork(),
    audit,
  };

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(config.discord.apiUrl ? { rest: { api: config.discord.apiUrl } } : {}),
  });
  const route = createInteractionRouter(commands, ctx);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ discord: message }, 'discord client warning'));

  let cleanup: NodeJS.Timeout | undefined;
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
      const swept = await sweepStaleCredentialDirs(tmpdir());
      if (swept) log.warn({ swept }, 'removed credential files left behind by a crashed run');

      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.discord.token);
      // Registration runs beside the gateway handshake; a failure is loud but not fatal,
      // since the commands registered last time still work.
      const registration = registerCommands(client.rest, config, commands)
        .then(({ scope, count }) => log.info({ scope, count }, 'slash commands registered'))
        .catch((err: unknown) => log.error({ err }, 'slash command registration failed'));
      await Promise.all([ready, registration]);
      log.info({ event: 'ready', user: client.user?.tag, guilds: client.guilds.cache.size }, 'ready');
      await markProgressMessagesInterrupted(client.rest, interrupted, log);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(cleanup);
      // Before the client goes: the runs' progress messages still get their final edit.
      await deploy.stopAll(SHUTDOWN_GRACE_MS);
      await ctx.inFlight.settle(FINAL_EDIT_GRACE_MS);
      await client.destroy();
      vault.close();
      db.close();
    },
  };
}
