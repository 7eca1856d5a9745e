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
