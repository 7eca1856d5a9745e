import type { Attachment } from 'discord.js';
import { UserFacingError } from '../errors.js';

export interface DownloadOptions {
  maxBytes: number;
  /** Only these hosts are fetched from, so an attachment URL cannot point the bot at internal services. */
  allowedHosts: readonly string[];
  fetch: typeof fetch;
  timeoutMs?: number;
}

/** Downloads a small text attachment into memory (never to disk), enforcing a size cap while streaming. */
export async function downloadTextAttachment(attachment: Attachment, options: DownloadOptions): Promise<string> {
  const { maxBytes, allowedHosts, timeoutMs = 10_000 } = options;
  if (attachment.size > maxBytes) {
    throw new UserFacingError(`\`${attachment.name}\` is ${formatKiB(attachment.size)}; credential files are at most ${formatKiB(maxBytes)}.`);
  }
  const url = new URL(attachment.url);
  if (!allowedHosts.includes(url.host)) {
    throw new UserFacingError('That attachment is not hosted by Discord, so it was not downloaded.');
  }
  let response: Response;
  try {
    response = await options.fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch {
    throw new UserFacingError(`Could not download \`${attachment.name}\` from Discord; please try again.`);
  }
  if (!response.ok || !response.body) {
    throw new UserFacingError(`Could not download \`${attachment.name}\` from Discord (HTTP ${response.status}); please try again.`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += chunk.byteLength;
    if (received > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new UserFacingError(`\`${attachment.name}\` is larger than ${formatKiB(maxBytes)}; that is not a credentials file.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function formatKiB(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`;
}
