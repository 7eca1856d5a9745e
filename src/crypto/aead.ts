import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM, the one authenticated cipher the bot uses (vault entries and recovery blobs). */
const ALGORITHM = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a sealed box does not open: wrong key, wrong associated data, or altered bytes. */
export class DecryptionError extends Error {
  constructor() {
    super('authenticated decryption failed');
    this.name = 'DecryptionError';
  }
}

/** Encrypts with a fresh random IV. Layout: iv (12) | tag (16) | ciphertext. */
export function seal(key: Buffer, plaintext: Buffer, associatedData: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData);
  const ciphertext = cipher.update(plaintext);
  cipher.final(); // GCM is a stream cipher: final() only computes the tag and returns no bytes
  // A dedicated allocation: small Buffers are slices of a shared 8 KiB pool, and a long-lived slice
  // would pin the whole slab (with whatever short-lived data shared it) for the life of the box.
  const box = Buffer.allocUnsafeSlow(IV_BYTES + TAG_BYTES + ciphertext.length);
  iv.copy(box, 0);
  cipher.getAuthTag().copy(box, IV_BYTES);
  ciphertext.copy(box, IV_BYTES + TAG_BYTES);
  return box;
}

/** Decrypts and authenticates a box made by {@link seal}; throws {@link DecryptionError} otherwise. */
export function open(key: Buffer, box: Buffer, associatedData: Buffer): Buffer {
  if (box.length < IV_BYTES + TAG_BYTES) throw new DecryptionError();
  const decipher = createDecipheriv(ALGORITHM, key, box.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(box.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}
