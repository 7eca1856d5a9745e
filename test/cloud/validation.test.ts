import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../../src/cloud/credentials.js';
import { validateProjectId, validateRegion } from '../../src/cloud/providers.js';
import { validateSessionRequest } from '../../src/cloud/session-request.js';
import { GCP_CREDENTIALS, GCP_KEY } from '../support/credentials.js';


describe('validateProjectId', () => {
  it.each([
    ['gcp', 'payments-prod-42', true, ''],
    ['gcp', 'abc', false, '6 to 30 characters'],
    ['gcp', '1payments', false, 'start with a lowercase letter'],
    ['gcp', 'Payments-Prod', false, 'start with a lowercase letter'],
    ['gcp', 'payments_prod', false, 'only lowercase letters, digits and hyphens'],
    ['gcp', 'payments-prod-', false, 'cannot end with a hyphen'],
    ['aws', '123456789012', true, ''],
    ['aws', '12345', false, 'exactly 12 digits'],
    ['azure', '0b1f6471-1bf0-4dda-aec3-cb9272f09590', true, ''],
    ['azure', 'not-a-guid', false, 'GUID'],
    ['azure', '{0B1F6471-1BF0-4DDA-AEC3-CB9272F09590}', false, 'Try `0b1f6471-1bf0-4dda-aec3-cb9272f09590`.'],
    ['aws', '1234-5678-9012', false, 'this one has 12 and `-`. Try `123456789012`.'],
  ] as const)('%s %s → ok=%s', (provider, id, ok, message) => {
    const result = validateProjectId(provider, id);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('every problem of a project ID at once', () => {
  it('tells BAD_ID!! about its first letter and about its characters, not only the first problem', () => {
    expect(validateProjectId('gcp', 'BAD_ID!!')).toEqual({
      ok: false,
      error: '`BAD_ID!!` is not a valid GCP project ID: it must start with a lowercase letter (not `B`); it may contain only lowercase letters, digits and hyphens (not uppercase letters, `_`, `!`).',
    });
  });

  it('names length, first letter and last hyphen together, and offers the fix that keeps the ID', () => {
    const result = validateProjectId('gcp', '9_A-');
    expect(!result.ok && result.error).toBe('`9_A-` is not a valid GCP project ID: a GCP project ID is 6 to 30 characters long, and this one has 4; it must start with a lowercase letter (not `9`); it may contain only lowercase letters, digits and hyphens (not `_`, uppercase letters); it cannot end with a hyphen.');
    expect(validateProjectId('gcp', 'My_Payments_Prod')).toEqual({ ok: false, error: expect.stringMatching(/ Try `my-payments-prod`\.$/) });
  });
});

describe('validateRegion', () => {
  it('accepts a real region case-insensitively', () => {
    expect(validateRegion('aws', 'EU-West-1')).toEqual({ ok: true, value: 'eu-west-1' });
  });

  it.each([
    ['gcp', 'us-central-1', 'Did you mean `us-central1`?'],
    ['aws', 'us-central1', '`us-central1` is a Google Cloud region, not an AWS one. AWS regions look like `us-east-1`'],
    ['gcp', 'us-east-1', '`us-east-1` is an AWS region, not a Google Cloud one. Did you mean `us-east1`?'],
    ['gcp', 'europe-wset1', 'Did you mean `europe-west1`?'],
    ['azure', 'mars-north', '`mars-north` is not an Azure region. Azure regions look like `eastus`'],
    ['azure', 'east-us', 'Did you mean `eastus`?'],
  ] as const)('refuses %s region %s with a hint', (provider, region, message) => {
    const result = validateRegion(provider, region);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });
});

describe('parseCredentials', () => {
  it('accepts a GCP service-account key and keeps its validated fields', () => {
    const text = JSON.stringify(GCP_KEY);
    expect(parseCredentials('gcp', text)).toEqual({ ok: true, value: GCP_CREDENTIALS });
  });

  it.each([
    ['not JSON', 'gcp', '{"private_key": "-----BEGIN PRIVATE KEY-----TOP-SECRET', 'not valid JSON'],
    ['missing fields', 'gcp', JSON.stringify({ type: 'service_account', private_key: 'TOP-SECRET' }), 'missing `project_id`'],
    ['a user credential', 'gcp', JSON.stringify({ ...GCP_KEY, type: 'authorized_user' }), '`type` must be "service_account"'],
    ['a bad key', 'gcp', JSON.stringify({ ...GCP_KEY, private_key: 'TOP-SECRET' }), '`private_key` must be a PEM private key'],
    ['AWS without a secret', 'aws', JSON.stringify({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }), 'missing `SecretAccessKey`'],
    ['not AWS keys at all', 'aws', JSON.stringify({ user: 'x' }), 'needs AccessKeyId and SecretAccessKey'],
    ['AWS with a malformed key ID', 'aws', JSON.stringify({ AccessKeyId: 'TOP-SECRET', SecretAccessKey: 'x' }), 'AKIA'],
    ['Azure with a bad tenant', 'azure', JSON.stringify({ appId: '0b1f6471-1bf0-4dda-aec3-cb9272f09590', password: 'TOP-SECRET', tenant: 'x' }), '`tenant` must be a GUID'],
  ] as const)('refuses %s, naming the problem and never echoing a value', (_label, provider, text, message) => {
    const result = parseCredentials(provider, text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(message);
    expect(result.error).not.toContain('TOP-SECRET');
  });

  it('recognises credentials meant for another provider', () => {
    expect(parseCredentials('azure', JSON.stringify(GCP_KEY))).toEqual({ ok: false, error: 'These look like Google Cloud credentials, but this session is for Azure.' });
  });

  it('accepts the output of `aws iam create-access-key` and of `az ad sp create-for-rbac`', () => {
    const aws = parseCredentials('aws', JSON.stringify({ AccessKey: { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'wJalr', UserName: 'ci' } }));
    expect(aws).toEqual({ ok: true, value: { provider: 'aws', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalr' } });
    const azure = parseCredentials('azure', JSON.stringify({ appId: '0b1f6471-1bf0-4dda-aec3-cb9272f09590', displayName: 'ci', password: 'pw', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' }));
    expect(azure).toMatchObject({ ok: true, value: { provider: 'azure', clientSecret: 'pw' } });
  });
});

describe('validateSessionRequest', () => {
  it('lists every problem at once', () => {
    const result = validateSessionRequest({ provider: 'gcp', projectName: 'ok', projectId: 'X', region: 'mars-1', credentialsText: '{' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.split('\n')).toHaveLength(4);
    expect(result.error).toMatch(/6 to 30 characters[\s\S]*not a Google Cloud region[\s\S]*not valid JSON/);
  });

  it('normalises a good request', () => {
    expect(validateSessionRequest({ provider: 'aws', projectName: '  Shop   API ', projectId: '123456789012', region: 'EU-WEST-1' })).toEqual({
      ok: true,
      value: { provider: 'aws', projectName: 'Shop API', projectId: '123456789012', region: 'eu-west-1' },
    });
  });
});
