import { LineSplitter } from './progress/line-splitter.js';

/**
 * Lines of a child's output as an async iterable that never blocks the child: lines are buffered
 * until read (terraform output is finite), and iteration ends when the child's output closes. Lines
 * come out clean (see LineSplitter), so readers need not split or clean them again.
 */
export class LineQueue implements AsyncIterable<string> {
  readonly #lines: string[] = [];
  readonly #splitter = new LineSplitter((line) => this.#lines.push(line));
  #closed = false;
  #wake: (() => void) | undefined;

  /** Accepts raw text in any chunking. */
  push(chunk: string): void {
    this.#splitter.write(chunk);
    this.#notify();
  }

  close(): void {
    this.#splitter.end();
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
