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
