import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 64 * 1024;

/**
 * Follows a growing log file from its first byte, handing on text as it is written: woken by fs.watch
 * and, since watch events can be missed or coalesced (network file systems, some containers), by a
 * poll every `intervalMs` as well. It reads by byte offset and decodes UTF-8 across chunk boundaries;
 * partial last lines are the reader's to keep (LineQueue does). Reads never overlap.
 */
export class LogTail {
  readonly #decoder = new StringDecoder('utf8');
  #file: Promise<FileHandle> | undefined;
  #offset = 0;
  #reading: Promise<void> | undefined;
  #again = false;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly path: string,
    private readonly onText: (text: string) => void,
    private readonly intervalMs = 150,
  ) {}

  /** Starts following; the file must exist. */
  start(): this {
    this.#file = open(this.path, 'r');
    try {
      this.#watcher = watch(this.path, { persistent: false }, () => this.#wake());
      this.#watcher.on('error', () => undefined); // the poll still runs
    } catch {
      // No watch support here: the poll alone.
    }
    this.#timer = setInterval(() => this.#wake(), this.intervalMs).unref();
    this.#wake();
    return this;
  }

  /** Bytes handed on so far. */
  get offset(): number {
    return this.#offset;
  }

  /** Reads whatever is left (the writer has exited), then stops. */
  async drain(): Promise<void> {
    this.#halt();
    await this.#reading;
    await this.#readToEnd().catch(() => undefined);
    const rest = this.#decoder.end();
    if (rest) this.onText(rest);
    await this.#close();
  }

  /** Stops following, without reading further. */
  async stop(): Promise<void> {
    this.#halt();
    await this.#reading;
    await this.#close();
  }

  #halt(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#watcher?.close();
  }

  async #close(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    await file?.then((handle) => handle.close(), () => undefined);
  }

  #wake(): void {
    if (this.#stopped) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.#readToEnd()
      .catch(() => undefined) // a failed read is retried at the next wake
      .finally(() => {
        this.#reading = undefined;
        if (this.#again) {
          this.#again = false;
          this.#wake();
        }
      });
  }

  async #readToEnd(): Promise<void> {
    const file = await this.#file;
    if (!file) return;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, this.#offset);
      if (bytesRead === 0) return;
      this.#offset += bytesRead;
      const text = this.#decoder.write(buffer.subarray(0, bytesRead));
      if (text) this.onText(text);
    }
  }
}
