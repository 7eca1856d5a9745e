import type { APIAttachment } from 'discord-api-types/v10';
import { errors } from './http-errors.js';
import { route, type Route } from './router.js';
import { nextSnowflake } from './snowflake.js';

interface HostedFile {
  attachment: APIAttachment;
  content: Buffer;
}

/**
 * Serves bytes the way Discord's CDN serves attachments, from the fake's own HTTP server: files a test
 * attaches to an interaction, and files the bot uploads with its messages.
 */
export class FileHost {
  private readonly files = new Map<string, HostedFile>();

  constructor(private readonly baseUrl: () => string) {}

  host(filename: string, content: string | Uint8Array, contentType = guessContentType(filename)): APIAttachment {
    const id = nextSnowflake();
    const bytes = Buffer.from(content);
    const url = `${this.baseUrl()}/attachments/${id}/${encodeURIComponent(filename)}`;
    const attachment: APIAttachment = { id, filename, size: bytes.byteLength, url, proxy_url: url, content_type: contentType };
    this.files.set(id, { attachment, content: bytes });
    return attachment;
  }

  get(id: string): HostedFile | undefined {
    return this.files.get(id);
  }
}

/** `GET /attachments/:id/:filename`, outside the API and without auth, like cdn.discordapp.com. */
export function fileRoutes(host: FileHost): Route[] {
  return [
    route('GET', '/attachments/:id/:filename', 'none', ({ params }) => {
      const file = host.get(params.id ?? '');
      if (!file || file.attachment.filename !== params.filename) throw errors.notFound();
      return { status: 200, body: file.content, headers: { 'content-type': file.attachment.content_type ?? 'application/octet-stream' } };
    }),
  ];
}

function guessContentType(filename: string): string {
  if (filename.endsWith('.json')) return 'application/json; charset=utf-8';
  if (/\.(txt|log|tf|md)$/.test(filename)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}
