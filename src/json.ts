/** `JSON.parse` for untrusted text: undefined instead of an exception (whose message may quote the text). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
