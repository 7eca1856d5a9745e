import { z } from 'zod';
import { parseJson } from '../json.js';
import { findRepeatedKey } from './json-keys.js';
import { PROVIDERS, PROVIDER_NAMES, type Provider, type Validation } from './providers.js';

/** Largest credentials document we accept; real ones are 2-3 KiB. */
export const MAX_CREDENTIALS_BYTES = 64 * 1024;

/** Where a service-account key trades its signed assertion for a token; the only one we write. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

const guidField = (name: string) =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: `\`${name}\` must be a GUID` });
// Secrets become environment variables of the child: printable ASCII only, no line breaks or NULs.
const printable = (name: string, max = 256, space = false) =>
  z.string().regex(space ? /^[\x20-\x7e]+$/ : /^[\x21-\x7e]+$/, { error: `\`${name}\` must be printable characters${space ? '' : ' without spaces'}` })
    .max(max, { error: `\`${name}\` is too long` });

/**
 * A GCP service-account key reduced to the fields the provider needs. The key file Terraform reads is
 * written from this and nothing else, so no field of the upload reaches Google's auth library as sent.
 */
export const gcpServiceAccountKeySchema = z.strictObject({
  type: z.literal('service_account'),
  project_id: z.string().min(1).max(100),
  private_key_id: z.string().regex(/^[\w-]{1,128}$/, { error: '`private_key_id` must be the key ID gcloud wrote' }),
  private_key: z.string().max(8192).includes('PRIVATE KEY-----', { error: '`private_key` must be a PEM private key' }),
  client_email: z.string().regex(/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/, {
    error: '`client_email` must be a service-account address (…@….iam.gserviceaccount.com)',
  }),
  client_id: z.string().regex(/^\d{1,40}$/, { error: '`client_id` must be the numeric ID gcloud wrote' }),
  token_uri: z.literal(GOOGLE_TOKEN_URI),
});
export type GcpServiceAccountKey = z.infer<typeof gcpServiceAccountKeySchema>;

/** Credentials as the bot keeps them (encrypted) and hands to Terraform for one run: validated fields only. */
export const cloudCredentialsSchema = z.preprocess(upgradeStoredGcpKey, z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('gcp'), key: gcpServiceAccountKeySchema }),
  z.strictObject({
    provider: z.literal('aws'),
    accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/),
    secretAccessKey: printable('secretAccessKey'),
    sessionToken: printable('sessionToken', 4096).optional(),
  }),
  z.strictObject({
    provider: z.literal('azure'),
    clientId: guidField('clientId'),
    clientSecret: printable('clientSecret', 256, true),
    tenantId: guidField('tenantId'),
  }),
]));
export type CloudCredentials = z.infer<typeof cloudCredentialsSchema>;

/** The text of the key file Terraform reads: the canonical fields, picked one by one. */
export function gcpKeyFileText(key: GcpServiceAccountKey): string {
  const { type, project_id, private_key_id, private_key, client_email, client_id, token_uri } = key;
  return JSON.stringify({ type, project_id, private_key_id, private_key, client_email, client_id, token_uri });
}

// Sessions sealed before keys were kept as fields held the uploaded text: it is validated again, as an upload.
function upgradeStoredGcpKey(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || !('serviceAccountJson' in value) || typeof value.serviceAccountJson !== 'string') return value;
  const parsed = parseFor('gcp', value.serviceAccountJson);
  return parsed.ok ? parsed.value : value;
}

// A GCP key file as `gcloud iam service-accounts keys create` writes it. The informational URLs are
// accepted and dropped; the token endpoint and universe must be Google's own.
const gcpKeyFile = gcpServiceAccountKeySchema.extend({
  type: z.literal('service_account', { error: '`type` must be "service_account" (the only kind of GCP key the bot accepts)' }),
  token_uri: z.enum([GOOGLE_TOKEN_URI, 'https://accounts.google.com/o/oauth2/token'], { error: `\`token_uri\` must be Google's token endpoint (${GOOGLE_TOKEN_URI})` }),
  auth_uri: z.string().max(500).optional(),
  auth_provider_x509_cert_url: z.string().max(500).optional(),
  client_x509_cert_url: z.string().max(500).optional(),
  universe_domain: z.literal('googleapis.com', { error: '`universe_domain` must be "googleapis.com"' }).optional(),
}).transform((k): GcpServiceAccountKey => ({
  type: 'service_account', project_id: k.project_id, private_key_id: k.private_key_id, private_key: k.private_key,
  client_email: k.client_email, client_id: k.client_id, token_uri: GOOGLE_TOKEN_URI,
}));

// `aws iam create-access-key` output's inner object (or `aws sts` credentials), or the credentials-file key names.
const awsAccessKey = z.strictObject({
  AccessKeyId: z.string(), SecretAccessKey: printable('SecretAccessKey'), SessionToken: printable('SessionToken', 4096).optional(),
  UserName: z.string().max(128).optional(), Status: z.string().max(32).optional(), CreateDate: z.string().max(64).optional(), Expiration: z.string().max(64).optional(),
}).transform((k) => ({ id: k.AccessKeyId, secret: k.SecretAccessKey, token: k.SessionToken }));
const awsFileKeys = z.strictObject({
  aws_access_key_id: z.string(), aws_secret_access_key: printable('aws_secret_access_key'), aws_session_token: printable('aws_session_token', 4096).optional(),
}).transform((k) => ({ id: k.aws_access_key_id, secret: k.aws_secret_access_key, token: k.aws_session_token }));
// `aws iam create-access-key` prints the key wrapped: {"AccessKey": {...}}.
const awsWrapped = z.strictObject({ AccessKey: awsAccessKey }).transform((w) => w.AccessKey);

// `az ad sp create-for-rbac` output.
const azureServicePrincipal = z.strictObject({
  appId: guidField('appId'),
  password: printable('password', 256, true),
  tenant: guidField('tenant'),
  displayName: z.string().max(256).optional(),
  name: z.string().max(256).optional(),
});

/**
 * Parses a credentials document for `provider`. Errors name the missing or malformed fields,
 * never their values: this text is shown to users and must not echo a secret.
 */
export function parseCredentials(provider: Provider, text: string): Validation<CloudCredentials> {
  const result = parseFor(provider, text);
  if (result.ok) return result;
  // The most common mistake: a valid file for another provider.
  const actual = PROVIDERS.find((other) => other !== provider && parseFor(other, text).ok);
  return actual
    ? { ok: false, error: `These look like ${PROVIDER_NAMES[actual]} credentials, but this session is for ${PROVIDER_NAMES[provider]}.` }
    : result;
}

function parseFor(provider: Provider, text: string): Validation<CloudCredentials> {
  const label = `${PROVIDER_NAMES[provider]} credentials`;
  if (Buffer.byteLength(text, 'utf8') > MAX_CREDENTIALS_BYTES) {
    return { ok: false, error: `The ${label} are larger than ${MAX_CREDENTIALS_BYTES / 1024} KiB; that is not a key file.` };
  }
  // Never JSON.parse's own message: it quotes the input, which may hold a private key.
  const json = parseJson(text);
  if (json === undefined) return { ok: false, error: `The ${label} are not valid JSON.` };
  const repeated = findRepeatedKey(text);
  if (repeated) {
    const problem = repeated.exact ? 'appears more than once' : 'repeats a key in another letter case (keys differing only in case are refused)';
    return { ok: false, error: `The ${label} are not usable: ${keyName(repeated.key)} ${problem}.` };
  }
  switch (provider) {
    case 'gcp': {
      const key = gcpKeyFile.safeParse(json);
      if (!key.success) return { ok: false, error: describe(label, key.error) };
      return { ok: true, value: { provider, key: key.data } };
    }
    case 'aws': {
      const schema = awsSchemaFor(json);
      if (!schema) return { ok: false, error: `The ${label} are not usable: needs AccessKeyId and SecretAccessKey (or aws_access_key_id and aws_secret_access_key).` };
      const keys = schema.safeParse(json);
      if (!keys.success) return { ok: false, error: describe(label, keys.error) };
      if (!/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(keys.data.id)) {
        return { ok: false, error: `The ${label} have an access key ID that is not of the AKIA…/ASIA… form.` };
      }
      return { ok: true, value: { provider, accessKeyId: keys.data.id, secretAccessKey: keys.data.secret, ...(keys.data.token ? { sessionToken: keys.data.token } : {}) } };
    }
    case 'azure': {
      const sp = azureServicePrincipal.safeParse(json);
      if (!sp.success) return { ok: false, error: describe(label, sp.error) };
      return { ok: true, value: { provider, clientId: sp.data.appId, clientSecret: sp.data.password, tenantId: sp.data.tenant } };
    }
  }
}

/** Which of the AWS shapes a document is trying to be, so its errors are about that shape. */
function awsSchemaFor(json: unknown) {
  const has = (name: string) => json !== null && typeof json === 'object' && name in json;
  if (has('AccessKey')) return awsWrapped;
  if (has('aws_access_key_id') || has('aws_secret_access_key')) return awsFileKeys;
  if (has('AccessKeyId') || has('SecretAccessKey')) return awsAccessKey;
  return undefined;
}

function describe(label: string, error: z.ZodError): string {
  const missing = error.issues.filter((i) => i.code === 'invalid_type' && i.input === undefined).map((i) => keyName(i.path.join('.')));
  const other = error.issues.filter((i) => !(i.code === 'invalid_type' && i.input === undefined)).map((i) => fieldMessage(i));
  const parts = [
    ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
    ...other,
  ];
  return `The ${label} are not usable: ${parts.join('; ')}.`;
}

function fieldMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? ` in ${keyName(issue.path.join('.'))}` : '';
    const names = issue.keys.slice(0, 5).map(keyName).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${names}${issue.keys.length > 5 ? ', …' : ''}${where} (only the fields of a plain key file are accepted)`;
  }
  const field = issue.path.length ? keyName(issue.path.join('.')) : 'the document';
  // Our own messages already name the field; zod's defaults do not, and may describe the value.
  return issue.message.startsWith('`') ? issue.message : `${field} is malformed`;
}

/** A key as the user wrote it, quoted, bounded and unable to break out of its code span. */
function keyName(key: string): string {
  const clean = key.replace(/[`\p{Cc}]/gu, '');
  return `\`${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}\``;
}
