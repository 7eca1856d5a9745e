import { hkdfSync } from 'node:crypto';
import { KEY_BYTES } from './aead.js';

/**
 * A key for one purpose, derived from the server secret with HKDF-SHA256 (`cloud-chatops/<purpose>`):
 * each store seals or MACs under its own key, so one purpose's key never opens another's data.
 */
export function serverSubkey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), Buffer.from(`cloud-chatops/${purpose}`), KEY_BYTES));
}
