import type { IncomingMessage } from 'node:http';
import { errors } from './http-errors.js';

/** A file part of a multipart request (`files[0]`, ...). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ParsedBody {
  /** Parsed JSON, the `payload_json` part of a multipart body, or `undefined` for no body. */
  body: unknown;
  files: UploadedFile[];
}

export async function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses JSON and multipart bodies as Discord does; malformed JSON is Discord's 400/50109. */
export async function parseBody(raw: Buffer, contentType = ''): Promise<ParsedBody> {
  if (raw.byteLength === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  if (contentType.startsWith('application/json')) return { body: parseJson(raw.toString('utf8')), files: [] };
  return { body: raw.toString('utf8'), files: [] };
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // The platform's own multipart parser (undici), rather than a hand-rolled one.
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const parsed: ParsedBody = { body: undefined, files: [] };
  for (const [field, value] of form) {
    if (typeof value === 'string') {
      if (field === 'payload_json') parsed.body = parseJson(value);
      continue;
    }
    parsed.files.push({ field, filename: value.name, contentType: value.type, content: Buffer.from(await value.arrayBuffer()) });
  }
  return parsed;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw errors.invalidJson();
  }
}
