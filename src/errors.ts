import type { Validation } from './cloud/providers.js';

/**
 * An error whose message is written for the Discord user: specific, actionable, free of secrets.
 * The central interaction handler shows it as is; any other error becomes an incident id.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** The value of a validation, or its error, which is written for the user, thrown to be shown as is. */
export function validOrThrow<T>(result: Validation<T>): T {
  if (!result.ok) throw new UserFacingError(result.error);
  return result.value;
}
