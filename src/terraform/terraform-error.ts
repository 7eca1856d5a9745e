import { UserFacingError } from '../errors.js';

export type TerraformFailure = 'missing-binary' | 'busy' | 'failed' | 'cancelled' | 'timed-out' | 'killed' | 'detached';

/**
 * A Terraform run that did not succeed, with a message written for the user: which step, why, and
 * Terraform's own diagnostic. Never a stack trace, never credentials.
 */
export class TerraformError extends UserFacingError {
  constructor(
    readonly failure: TerraformFailure,
    message: string,
    /** byShutdown: cancelled because the bot itself stopped, not by anyone's Cancel. */
    readonly details: { step?: string; exitCode?: number; byShutdown?: boolean } = {},
  ) {
    // Another run holding the project is a refusal to start a second one, not a failure.
    super(message, failure === 'busy' ? 'refusal' : 'error');
    this.name = 'TerraformError';
  }
}
