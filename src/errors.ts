import type { Validation } from './cloud/providers.js';

/**
 * An error whose message is written for the Discord user: specific, actionable, free of secrets.
 * The central interaction handler shows it as is; any other error becomes an incident id.
 */
export class UserFacingError extends Error {
  /**
   * An error (bad input, something missing or failed) is shown with ❌; a refusal (no permission, the
   * server's policy, someone else's resource, a limit reached) with 🚫: one mark per kind of answer.
   */
  readonly kind: 'error' | 'refusal';

  constructor(message: string, kind: 'error' | 'refusal' = 'error') {
    super(message);
    this.name = 'UserFacingError';
    this.kind = kind;
  }
}

/** A request the bot will not carry out for this person now; see {@link UserFacingError.kind}. */
export function refusal(message: string): UserFacingError {
  return new UserFacingError(message, 'refusal');
}

/** The value of a validation, or its error, which is written for the user, thrown to be shown as is. */
export function validOrThrow<T>(result: Validation<T>): T {
  if (!result.ok) throw new UserFacingError(result.error);
  return result.value;
}
