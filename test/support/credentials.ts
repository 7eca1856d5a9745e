import type { CloudCredentials } from '../../src/cloud/credentials.js';

/** A well-formed (but fake) GCP service-account key file, as `gcloud iam service-accounts keys create` writes it. */
export const GCP_KEY = {
  type: 'service_account',
  project_id: 'payments-prod-42',
  private_key_id: 'abc123',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQ-TOP-SECRET\n-----END PRIVATE KEY-----\n',
  client_email: 'deployer@payments-prod-42.iam.gserviceaccount.com',
  client_id: '1234567890',
  token_uri: 'https://oauth2.googleapis.com/token',
};

/** {@link GCP_KEY} as the bot keeps it once validated. */
export const GCP_CREDENTIALS = {
  provider: 'gcp',
  key: { ...GCP_KEY, type: 'service_account', token_uri: 'https://oauth2.googleapis.com/token' },
} as const satisfies CloudCredentials;
