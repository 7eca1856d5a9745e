import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { DeploymentStore } from './deploy/deployment-store.js';
import type { Logger } from './log.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RecoveryStore } from './recovery/recovery-store.js';
import type { SessionVault } from './vault/session-vault.js';

/** Everything a command handler may use, built once in src/app.ts and passed down explicitly. */
export interface AppContext {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Db;
  vault: SessionVault;
  recovery: RecoveryStore;
  deployments: DeploymentStore;
  /** Per-user limit on /cloud-recover-session attempts, against guessing session IDs. */
  recoverLimiter: RateLimiter;
  /** HTTP seam for attachment downloads. */
  fetch: typeof fetch;
}
