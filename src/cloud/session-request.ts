import { parseCredentials, type CloudCredentials } from './credentials.js';
import { isProvider, validateProjectId, validateProjectName, validateRegion, type Provider, type Validation } from './providers.js';

/** What /cloud-init was given, as raw text. */
export interface SessionRequestInput {
  provider: string;
  projectName: string;
  projectId: string;
  region: string;
  /** The credentials document, from the string option or the attachment. */
  credentialsText?: string | undefined;
}

/** A /cloud-init request whose every value was checked against its provider's rules. */
export interface SessionRequest {
  provider: Provider;
  projectName: string;
  projectId: string;
  region: string;
  credentials?: CloudCredentials;
}

/** Validates everything at once, so the user sees every problem in one reply. */
export function validateSessionRequest(input: SessionRequestInput): Validation<SessionRequest> {
  if (!isProvider(input.provider)) return { ok: false, error: 'The provider must be one of gcp, aws or azure.' };
  const provider = input.provider;
  const name = validateProjectName(input.projectName);
  const projectId = validateProjectId(provider, input.projectId);
  const region = validateRegion(provider, input.region);
  const credentials = input.credentialsText === undefined ? undefined : parseCredentials(provider, input.credentialsText);

  if (!name.ok || !projectId.ok || !region.ok || (credentials && !credentials.ok)) {
    const errors = [name, projectId, region, credentials].flatMap((check) => (check && !check.ok ? [check.error] : []));
    return { ok: false, error: errors.length === 1 ? errors[0]! : `Please fix these:\n${errors.map((e) => `• ${e}`).join('\n')}` };
  }
  return {
    ok: true,
    value: {
      provider,
      projectName: name.value,
      projectId: projectId.value,
      region: region.value,
      ...(credentials ? { credentials: credentials.value } : {}),
    },
  };
}
