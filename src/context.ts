import type { AuditLog } from './audit/audit-log.js';
import type { CostAdvisor } from './advisor/cost-advisor.js';
import type { ResourceKind } from './cloud/resource-kinds.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { InFlightWork } from './in-flight-work.js';
import type { Db } from './db/database.js';
import type { DeploymentService, PlannedRun } from './deploy/deployment-service.js';
import type { DeploymentStore } from './deploy/deployment-store.js';
import type { PendingApprovals } from './deploy/pending-approvals.js';
import type { Logger } from './log.js';
import type { PlanFacts, RecordedApproval } from './policy/approvals.js';
import type { BudgetVerdict } from './policy/budget.js';
import type { PolicyStore } from './policy/policy-store.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RecoveryStore } from './recovery/recovery-store.js';
import type { TerraformHealth } from './terraform/terraform-health.js';
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
  advisor: CostAdvisor;
  deploy: DeploymentService;
  /** Whether TERRAFORM_BIN runs; commands that need it are refused with the problem while it does not. */
  terraform: TerraformHealth;
  /** Plans (deploy or teardown) waiting for their owner's Approve; they expire with the session. */
  pendingPlans: PendingApprovals<PendingPlan, PlanAnswer>;
  /** Deploy requests waiting for their owner to pick a machine type. */
  pendingChoices: PendingApprovals<PendingChoice, ChoiceAnswer>;
  /** The append-only, hash-chained audit trail. */
  audit: AuditLog;
  /** Each server's approval policy (/cloud-policy). */
  policies: PolicyStore;
  /** Runs whose progress message must get its last edit before the process exits. */
  inFlight: InFlightWork;
}

export interface PendingPlan {
  planned: PlannedRun;
  sessionId: string;
  /** How the progress message names what is deployed. */
  subject: string;
  approval: PlanApproval;
  /** Where the plan is shown, once it is: a newer plan of the same resource marks it replaced. */
  message?: { channelId: string; id: string };
}

/** What the policy decides a plan on, and the approvals it has had so far (each checked at its press). */
export interface PlanApproval {
  facts: PlanFacts;
  approvals: RecordedApproval[];
  /** Set for deployments when the server or the project has a budget. */
  budget?: BudgetVerdict;
}

/** How a plan was answered, remembered for a press that comes after (a double click, a second approver). */
export interface PlanAnswer {
  kind: 'approved' | 'rejected' | 'superseded';
  /** Who approved (each approver) or who called it off. */
  by: string[];
  at: number;
  deploymentId: string;
  operation: 'apply' | 'destroy';
}

/** The size picked from a menu, remembered for a second pick. */
export interface ChoiceAnswer {
  machineType: string;
}

export interface PendingChoice {
  sessionId: string;
  kind: ResourceKind;
  name: string;
  nodeCount?: number;
}
