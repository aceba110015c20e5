// yauzl reads the central directory one small piece at a time (46 bytes, then the name), each an fs.read through
// the thread pool: some 50 µs apiece, seconds for a node_modules zip of 30,000 files. This reader serves those
// small reads from a window of the file read 1 MB at a time, so the central directory costs a few reads; entry
// contents are streamed in positional reads of 64 KB.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

const WINDOW_BYTES = 1024 * 1024;
const STREAM_CHUNK_BYTES = 64 * 1024;

/** A yauzl RandomAccessReader over an open file, with a read-ahead window for small reads. */
export class WindowedFileReader extends yauzl.RandomAccessReader {
  private windowStart = 0;
  private window = Buffer.alloc(0);
  private closed = false;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {
    super();
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (error: Error | null) => void,
  ): void {
    this.readAt(buffer, offset, length, position).then(
      () => (callback as (error: Error | null, bytesRead: number) => void)(null, length),
      (error: Error) => callback(error),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // Positional reads of the shared handle: an fs.ReadStream on the descriptor would close it when destroyed
    // (autoClose only governs the end of the stream), and the checks destroy each entry's stream early.
    const handle = this.handle;
    let position = start;
    return new Readable({
      highWaterMark: STREAM_CHUNK_BYTES,
      read(size) {
        const length = Math.min(size, end - position);
        if (length <= 0) return void this.push(null);
        handle.read(Buffer.alloc(length), 0, length, position).then(
          ({ bytesRead, buffer }) => {
            if (bytesRead === 0) return void this.destroy(new Error('unexpected end of file'));
            position += bytesRead;
            this.push(buffer.subarray(0, bytesRead));
          },
          (error: Error) => this.destroy(error),
        );
      },
    });
  }

  override close(callback: (error: Error | null) => void): void {
    this.dispose().then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }

  /** Closes the file once, whoever asks first (yauzl when the last stream ends, or the caller when done). */
  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private async readAt(buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
    if (length > WINDOW_BYTES / 4) {
      await this.readFully(buffer, offset, length, position);
      return;
    }
    const inWindow = position >= this.windowStart && position + length <= this.windowStart + this.window.length;
    if (!inWindow) {
      const size = Math.min(WINDOW_BYTES, this.size - position);
      if (size < length) throw new Error('unexpected end of file');
      const window = Buffer.alloc(size);
      await this.readFully(window, 0, size, position);
      this.window = window;
      this.windowStart = position;
    }
    this.window.copy(buffer, offset, position - this.windowStart, position - this.windowStart + length);
  }

  private async readFully(buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, offset + done, length - done, position + done);
      if (bytesRead === 0) throw new Error('unexpected end of file');
      done += bytesRead;
    }
  }
}
