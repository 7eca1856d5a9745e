/**
 * Lines of a child's output as an async iterable that never blocks the child: lines are buffered
 * until read (terraform output is finite), and iteration ends when the child's output closes.
 */
export class LineQueue implements AsyncIterable<string> {
  readonly #lines: string[] = [];
  #partial = '';
  #closed = false;
  #wake: (() => void) | undefined;

  /** Accepts raw text in any chunking; CRLF becomes LF. */
  push(chunk: string): void {
    const text = this.#partial + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.#lines.push(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    this.#partial = text.slice(start);
    this.#notify();
  }

  close(): void {
    if (this.#partial) this.#lines.push(this.#partial);
    this.#partial = '';
    this.#closed = true;
    this.#notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    let next = 0;
    for (;;) {
      while (next < this.#lines.length) yield this.#lines[next++]!;
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
