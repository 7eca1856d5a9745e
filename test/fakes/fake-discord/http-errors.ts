/** A JSON error body as Discord sends it: `{ message, code, errors? }`. */
export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: unknown;
}

/** Thrown by route handlers; the server turns it into the status and body Discord would answer. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody,
  ) {
    super(`${status} ${body.message}`);
    this.name = 'DiscordHttpError';
  }
}

const fail = (status: number, code: number, message: string) => new DiscordHttpError(status, { message, code });

/** The errors the fake answers with, named and coded as in Discord's JSON error codes table. */
export const errors = {
  notFound: () => fail(404, 0, '404: Not Found'),
  unauthorized: () => fail(401, 0, '401: Unauthorized'),
  unknownChannel: () => fail(404, 10003, 'Unknown Channel'),
  unknownMessage: () => fail(404, 10008, 'Unknown Message'),
  unknownWebhook: () => fail(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => fail(404, 10062, 'Unknown interaction'),
  missingAccess: () => fail(403, 50001, 'Missing Access'),
  emptyMessage: () => fail(400, 50006, 'Cannot send an empty message'),
  invalidWebhookToken: () => fail(401, 50027, 'Invalid Webhook Token'),
  alreadyAcknowledged: () => fail(400, 40060, 'Interaction has already been acknowledged.'),
  invalidJson: () => fail(400, 50109, 'The request body contains invalid JSON.'),
  oldMessageEditsExhausted: () => fail(400, 30046, 'Maximum number of edits to messages older than 1 hour reached. Try again later'),
  /** 50035 with Discord's nested `errors` object, e.g. `{ embeds: { 0: { description: { _errors: [...] } } } }`. */
  invalidFormBody: (errorTree: unknown) => new DiscordHttpError(400, { message: 'Invalid Form Body', code: 50035, errors: errorTree }),
};

/** `throw` as an expression, for `lookup() ?? raise(errors.x())`. */
export function raise(error: Error): never {
  throw error;
}
