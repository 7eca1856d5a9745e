import { z } from 'zod';
import { parseJson } from '../json.js';
import { PROVIDERS, PROVIDER_NAMES, type Provider, type Validation } from './providers.js';

/** Largest credentials document we accept; real ones are 2-3 KiB. */
export const MAX_CREDENTIALS_BYTES = 64 * 1024;

const guidField = (name: string) =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: `\`${name}\` must be a GUID` });

/** Credentials as the bot keeps them (encrypted) and hands to Terraform for one run. */
export const cloudCredentialsSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('gcp'),
    /** The original key file, passed to Terraform via GOOGLE_APPLICATION_CREDENTIALS. */
    serviceAccountJson: z.string(),
    clientEmail: z.string(),
  }),
  z.object({
    provider: z.literal('aws'),
    accessKeyId: z.string(),
    secretAccessKey: z.string(),
    sessionToken: z.string().optional(),
  }),
  z.object({
    provider: z.literal('azure'),
    clientId: z.string(),
    clientSecret: z.string(),
    tenantId: z.string(),
  }),
]);
export type CloudCredentials = z.infer<typeof cloudCredentialsSchema>;

// A GCP key file as `gcloud iam service-accounts keys create` writes it.
const gcpKeyFile = z.object({
  type: z.literal('service_account', { error: '`type` must be "service_account"' }),
  project_id: z.string().min(1),
  private_key_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY-----', { error: '`private_key` must be a PEM private key' }),
  client_email: z.string().regex(/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/, {
    error: '`client_email` must be a service-account address (…@….iam.gserviceaccount.com)',
  }),
  client_id: z.string().min(1),
  token_uri: z.url(),
});

// `aws iam create-access-key` output ({"AccessKey": {...}}), its inner object, or the credentials-file key names.
const awsKeys = z.union([
  z.object({ AccessKeyId: z.string(), SecretAccessKey: z.string(), SessionToken: z.string().optional() })
    .transform((k) => ({ id: k.AccessKeyId, secret: k.SecretAccessKey, token: k.SessionToken })),
  z.object({ aws_access_key_id: z.string(), aws_secret_access_key: z.string(), aws_session_token: z.string().optional() })
    .transform((k) => ({ id: k.aws_access_key_id, secret: k.aws_secret_access_key, token: k.aws_session_token })),
], { error: 'needs AccessKeyId and SecretAccessKey (or aws_access_key_id and aws_secret_access_key)' });

// `az ad sp create-for-rbac` output.
const azureServicePrincipal = z.object({
  appId: guidField('appId'),
  password: z.string().min(1),
  tenant: guidField('tenant'),
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
  switch (provider) {
    case 'gcp': {
      const key = gcpKeyFile.safeParse(json);
      if (!key.success) return { ok: false, error: describe(label, key.error) };
      return { ok: true, value: { provider, serviceAccountJson: text, clientEmail: key.data.client_email } };
    }
    case 'aws': {
      const wrapped = json !== null && typeof json === 'object' && 'AccessKey' in json ? json.AccessKey : json;
      const keys = awsKeys.safeParse(wrapped);
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

function describe(label: string, error: z.ZodError): string {
  const missing = error.issues.filter((i) => i.code === 'invalid_type' && i.input === undefined).map((i) => `\`${i.path.join('.')}\``);
  const other = error.issues.filter((i) => !(i.code === 'invalid_type' && i.input === undefined)).map((i) => fieldMessage(i));
  const parts = [
    ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
    ...other,
  ];
  return `The ${label} are not usable: ${parts.join('; ')}.`;
}

function fieldMessage(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? `\`${issue.path.join('.')}\`` : 'the document';
  // Our own messages already name the field; zod's defaults do not, and may describe the value.
  return issue.message.startsWith('`') || issue.message.startsWith('needs') ? issue.message : `${field} is malformed`;
}
