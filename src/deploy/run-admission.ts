import { UserFacingError } from '../errors.js';
import { TerraformError } from '../terraform/terraform-error.js';
import type { Session } from '../vault/session.js';
import type { DeploymentStore } from './deployment-store.js';

/**
 * Whether a Terraform run may start on a session's project now: the session must bring credentials (or
 * the operator allowed the host's identity), and the project must be free, as one run per project runs
 * at a time. A run holds its project from its check to its end; a refused one is told who holds it.
 */
export class RunAdmission {
  /** Projects with a plan or an apply under way, and who started it: one run per project at a time. */
  readonly #busyProjects = new Map<string, { userId: string; what: string }>();

  constructor(
    private readonly deps: {
      deployments: DeploymentStore;
      /** ALLOW_HOST_CREDENTIALS: a session without credentials may run on the host's own identity. */
      allowHostCredentials?: boolean;
    },
  ) {}

  /** Throws unless the session brings its own credentials (or the operator allowed the host's identity). */
  assertCredentials(session: Session): void {
    if (session.credentials || this.deps.allowHostCredentials) return;
    throw new UserFacingError(
      `Your session for \`${session.projectId}\` has no cloud credentials, and this bot never deploys with its host's own identity. ` +
        'Attach the project\'s credentials with `/cloud-upload-credentials`, then try again.',
    );
  }

  /** Throws, naming who and what, while a plan or an apply runs on this session's project. */
  assertProjectFree(session: Session): void {
    const holder = this.#busyProjects.get(this.deps.deployments.projectKey(session));
    if (holder) {
      throw new TerraformError('busy', `<@${holder.userId}> is already ${holder.what} on project \`${session.projectId}\`; wait for it to finish (or cancel it) and try again.`);
    }
  }

  /** Admits the session's own work (a plan, reading one) and holds its project until the work settles. */
  async whileBusy<T>(session: Session, what: string, work: () => Promise<T>): Promise<T> {
    this.assertCredentials(session);
    this.assertProjectFree(session);
    const release = this.#hold(this.deps.deployments.projectKey(session), session.userId, what);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Holds a project for an apply or a teardown (admitted already, or running since before a restart); returns its release. */
  holdForApply(projectKey: string, startedBy: string, operation: 'apply' | 'destroy' | undefined): () => void {
    return this.#hold(projectKey, startedBy, `running ${operation === 'destroy' ? 'a teardown' : 'a deployment'}`);
  }

  #hold(projectKey: string, userId: string, what: string): () => void {
    this.#busyProjects.set(projectKey, { userId, what });
    return () => this.#busyProjects.delete(projectKey);
  }
}
