import { hkdfSync } from 'node:crypto';
import { KEY_BYTES, open, seal } from '../crypto/aead.js';
import { sessionSchema, type Session } from '../vault/session.js';

/** First byte of every blob, so the format can change without guessing what old rows hold. */
const FORMAT_V1 = 0x01;
const HKDF_INFO = Buffer.from('cloud-chatops/recovery-blob/v1');

/** The columns a blob is bound to: change any of them and it no longer opens. */
export interface BlobBinding {
  sessionId: string;
  userId: string;
  guildId: string;
  expiresAt: number;
}

/**
 * A key per blob: HKDF-SHA256 of the server secret, salted with the owner and session IDs.
 * User IDs are public, so the secret is what keeps a copied database unreadable; the salt makes
 * every blob's key different, so one leaked key opens one blob.
 */
export function deriveBlobKey(secret: Buffer, userId: string, sessionId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(`${userId}:${sessionId}`), HKDF_INFO, KEY_BYTES));
}

export function sealSession(secret: Buffer, session: Session): Buffer {
  const binding = bindingOf(session);
  const box = seal(deriveBlobKey(secret, session.userId, session.id), Buffer.from(JSON.stringify(session)), associatedData(binding));
  return Buffer.concat([Buffer.from([FORMAT_V1]), box]);
}

/** Opens a blob for the row it was read from; throws if it was altered, moved, or sealed under another secret. */
export function openSession(secret: Buffer, blob: Buffer, binding: BlobBinding): Session {
  if (blob[0] !== FORMAT_V1) throw new Error(`unknown recovery blob format ${blob[0]}`);
  const plaintext = open(deriveBlobKey(secret, binding.userId, binding.sessionId), blob.subarray(1), associatedData(binding));
  const session = sessionSchema.parse(JSON.parse(plaintext.toString('utf8')));
  plaintext.fill(0);
  return session;
}

export function bindingOf(session: Session): BlobBinding {
  return { sessionId: session.id, userId: session.userId, guildId: session.guildId, expiresAt: session.expiresAt };
}

function associatedData(b: BlobBinding): Buffer {
  // NUL separators: Discord IDs and session IDs never contain one, so fields cannot run into each other.
  return Buffer.from(['recovery/v1', b.sessionId, b.userId, b.guildId, String(b.expiresAt)].join('\0'));
}
