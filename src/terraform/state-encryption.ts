import { serverSubkey } from '../crypto/subkeys.js';
import { atLeast, type TerraformCapabilities } from './version.js';

/** Keys for OpenTofu's state and plan encryption, derived from the server secret (and the previous one, during a rotation). */
export interface StateEncryptionKeys {
  key: Buffer;
  previousKey?: Buffer | undefined;
}

export function stateEncryptionKeys(secret: Buffer, previousSecret?: Buffer): StateEncryptionKeys {
  return { key: serverSubkey(secret, 'state-encryption/v1'), ...(previousSecret ? { previousKey: serverSubkey(previousSecret, 'state-encryption/v1') } : {}) };
}

/** OpenTofu encrypts state and plan files from 1.7 on; Terraform does not at all. */
export function supportsStateEncryption(capabilities: TerraformCapabilities): boolean {
  return capabilities.product === 'opentofu' && atLeast(capabilities.version, [1, 7, 0]);
}

/**
 * The TF_ENCRYPTION value: state and plans sealed with AES-GCM under a PBKDF2 key from our derived key.
 * What a run still reads the old way comes through the fallback: state written before encryption was on
 * (unencrypted), or, during a secret rotation, state sealed under the previous key (OpenTofu takes one
 * fallback: once every workspace has been written under the new key, drop RECOVERY_SECRET_PREVIOUS).
 */
export function stateEncryptionConfig({ key, previousKey }: StateEncryptionKeys): string {
  const provider = (name: string, k: Buffer) => `key_provider "pbkdf2" "${name}" {\n  passphrase = "${k.toString('base64url')}"\n}\nmethod "aes_gcm" "${name}" {\n  keys = key_provider.pbkdf2.${name}\n}\n`;
  const fallback = previousKey ? 'method.aes_gcm.previous' : 'method.unencrypted.migrate';
  const target = (block: string) => `${block} {\n  method = method.aes_gcm.current\n  fallback {\n    method = ${fallback}\n  }\n}\n`;
  return [
    provider('current', key),
    previousKey ? provider('previous', previousKey) : 'method "unencrypted" "migrate" {}\n',
    target('state'),
    target('plan'),
  ].join('');
}
