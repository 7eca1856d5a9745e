/** Longest line kept; the rest of a longer line is dropped so one runaway line cannot exhaust memory. */
export const MAX_LINE_CHARS = 256 * 1024;

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks), as terminals and `-no-color`-less runs emit.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/**
 * Turns text in arbitrary chunks into clean lines: chunks may split lines anywhere, CRLF becomes LF,
 * ANSI escapes are removed, and lines longer than MAX_LINE_CHARS are cut to that length.
 */
export class LineSplitter {
  #partial = '';
  #overflowing = false;

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: string): void {
    // One scan of the chunk spares a scan of each line in the common case: no CR, no escapes.
    const plain = chunk.indexOf('\r') === -1 && chunk.indexOf('\x1b') === -1 && chunk.length <= MAX_LINE_CHARS;
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, end);
      start = end + 1;
      if (this.#overflowing) {
        this.#overflowing = false;
        this.#partial = '';
        continue;
      }
      if (this.#partial === '') {
        this.onLine(plain ? piece : cleanLine(piece));
        continue;
      }
      const line = this.#partial + piece;
      this.#partial = '';
      this.onLine(cleanLine(line));
    }
    if (start < chunk.length && !this.#overflowing) this.#keep(chunk.slice(start));
  }

  /** Emits a final line that had no newline. */
  end(): void {
    if (this.#partial !== '') this.onLine(cleanLine(this.#partial));
    this.#partial = '';
    this.#overflowing = false;
  }

  #keep(rest: string): void {
    this.#partial += rest;
    if (this.#partial.length <= MAX_LINE_CHARS) return;
    this.onLine(cleanLine(this.#partial.slice(0, MAX_LINE_CHARS)));
    this.#partial = '';
    this.#overflowing = true;
  }
}

/** A line as Terraform meant it: no trailing CR, no colour codes, at most MAX_LINE_CHARS long. */
export function cleanLine(line: string): string {
  let clean = line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;
  if (clean.charCodeAt(clean.length - 1) === 13) clean = clean.slice(0, -1);
  if (clean.includes('\x1b')) clean = clean.replace(ANSI, '');
  return clean;
}
