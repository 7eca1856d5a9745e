import type { Session } from '../vault/session.js';
import type { Deployment, DeploymentDetails, DeploymentStore } from './deployment-store.js';

/** The deployment rows as plans and applies write them, and the facts the edge adds beside Terraform. */
export class DeploymentRecords {
  constructor(private readonly deployments: DeploymentStore) {}

  /** Writes the session's deployment whole: whose it is, where, and how it stands. */
  save(session: Session, id: string, status: Deployment['status'], details: DeploymentDetails): Deployment {
    return this.deployments.save({
      id, guildId: session.guildId, projectKey: this.deployments.projectKey(session),
      sessionId: session.id, userId: session.userId, status, details,
    });
  }

  saveAs(deployment: Deployment, status: Deployment['status'], details: DeploymentDetails): Deployment {
    return this.deployments.save({ ...deployment, status, details });
  }

  /** The deployment as stored now: the edge may have added facts (the price, a moved progress message) since. */
  latest(deployment: Deployment): Deployment {
    return this.deployments.get(deployment.id) ?? deployment;
  }

  /**
   * Adds what the edge learns beside Terraform: the price the user was shown (the pending plan's, while
   * something else is deployed), where a run's progress shows.
   */
  recordDetails(deploymentId: string, facts: Pick<Partial<DeploymentDetails>, 'monthlyCostUsd' | 'billedMonthlyUsd' | 'progressMessage' | 'planReply'>): void {
    const deployment = this.deployments.get(deploymentId);
    if (!deployment) return;
    const { pending } = deployment.details;
    const { monthlyCostUsd, ...rest } = facts;
    const details = pending && monthlyCostUsd !== undefined
      ? { ...deployment.details, ...rest, pending: { ...pending, monthlyCostUsd } }
      : { ...deployment.details, ...facts };
    this.deployments.save({ ...deployment, details });
  }

  /**
   * A plan its owner called off: a deployment never applied is CANCELLED, not awaiting approval any
   * more; one with something deployed stays as it was, its pending plan dropped.
   */
  discardPlan(deploymentId: string): void {
    const deployment = this.deployments.get(deploymentId);
    if (!deployment) return;
    const { pending: _dropped, ...details } = deployment.details;
    if (deployment.status === 'PLANNED') this.deployments.save({ ...deployment, status: 'CANCELLED', details });
    else if (_dropped) this.deployments.save({ ...deployment, details });
  }
}

/** How a Terraform step runs for this deployment and session: its workspace, the session's credentials, the provider's environment. */
export function stepOptions(deployment: Deployment, session: Session) {
  return {
    workspaceId: deployment.id,
    ...(session.credentials ? { credentials: session.credentials } : {}),
    // azurerm 4.x requires the subscription; it is an ID, not a secret.
    ...(session.provider === 'azure' ? { env: { ARM_SUBSCRIPTION_ID: session.projectId } } : {}),
  };
}

/** The options of a step that only reads: as stepOptions with a session, the workspace alone without one. */
export function readOptions(deployment: Deployment, session: Session | undefined) {
  return session ? stepOptions(deployment, session) : { workspaceId: deployment.id };
}
