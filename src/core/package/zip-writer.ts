// Writing the entries of a walk into a zip with yazl: every entry a Unix entry with its mode set here (never
// the host's), one fixed timestamp, entries in the walk's order, so the same files give the same bytes.
//
// Memory stays flat: every file is a stream that yazl asks for when it reaches it, one entry at a time; the next
// few small files are read whole meanwhile (fewer round trips than a stream each), big ones are streamed in
// 1 MB reads. Not addBuffer: yazl keeps an added buffer until the zip ends. Data that is already compressed
// (judged by its bytes, not its name) is stored rather than deflated again, as Info-ZIP does.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { PackageError } from './errors';
import type { ZipEntrySpec } from './walk';

/**
 * The one timestamp of every entry: 1980-01-01 00:00, the first date a zip can hold, built from local fields
 * because the DOS date in a zip is local time; with no Info-ZIP "UT" field (forceDosTimestamp) the bytes are
 * then the same in every time zone.
 */
export const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Deflate level, Info-ZIP's default. */
const COMPRESSION_LEVEL = 6;
/** Files up to this size are read whole and deflated as buffers. */
const SMALL_FILE = 256 * 1024;
/** Small files read at the same time. */
const READ_AHEAD = 16;
/** How much of a big file is looked at to tell whether it is compressed already. */
const SAMPLE_BYTES = 16 * 1024;
/** Below this a sample says little, and deflating it costs little: always deflated. */
const MIN_SAMPLE = 1024;
/**
 * Bits per byte (order-0 entropy) above which data is taken as compressed or random: zip, gzip, PNG, JPEG and
 * random bytes measure 7.9 and more; text, code and executables well under 7.
 */
const COMPRESSED_ENTROPY = 7.8;
/** Read buffer of streamed files: bigger than the default 64 KB, fewer round trips through the thread pool. */
const STREAM_CHUNK = 1024 * 1024;

/** What went into a written zip. */
export interface ZipSummary {
  readonly file: string;
  readonly entries: number;
  /** Size of the zip file. */
  readonly zippedBytes: number;
  /** Sum of the files' (and links') sizes, as Lambda counts the unzipped size. */
  readonly unzippedBytes: number;
}

/**
 * Writes `entries` into the zip `file` (its folder is created). The zip is written beside it under a temporary
 * name and renamed at the end, so a failed run never leaves a half-written zip under the real name. Rejects
 * when a file cannot be read or changes size while it is packaged.
 */
export async function writeZip(file: string, entries: readonly ZipEntrySpec[]): Promise<ZipSummary> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const zip = new ZipFile();
  const written = createWriteStream(partial);
  const done = pipeline(zip.outputStream, written);
  done.catch(() => undefined);
  const guard = new Guard();
  // yazl reports a failed read (or a size mismatch) on the ZipFile, not on its output stream.
  zip.on('error', (error: Error) => {
    guard.fail(error);
    written.destroy();
  });
  let unzippedBytes = 0;
  try {
    unzippedBytes = await addEntries(zip, entries, guard);
    zip.end();
    await guard.wait(done);
    await rename(partial, file);
  } catch (error) {
    written.destroy();
    await rm(partial, { force: true });
    // A file that cannot be read (EACCES), a full disk: a sentence for the user, not a crash.
    throw error instanceof PackageError
      ? error
      : new PackageError(`Cannot write ${file}: ${(error as Error).message}.`);
  }
  return { file, entries: entries.length, zippedBytes: written.bytesWritten, unzippedBytes };
}

/**
 * Waits on one promise at a time, or fails at once when yazl reports an error. Not Promise.race against one
 * long-lived promise: every race leaves a reaction on it that keeps its result (a whole file) alive.
 */
class Guard {
  private failure: Error | undefined;
  private abort: ((error: Error) => void) | undefined;

  fail(error: Error): void {
    this.failure ??= error;
    this.abort?.(error);
  }

  wait<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.abort = reject;
      promise.then(resolve, reject);
    });
  }
}

async function addEntries(zip: ZipFile, entries: readonly ZipEntrySpec[], guard: Guard): Promise<number> {
  const common = { mtime: FIXED_MTIME, forceDosTimestamp: true } as const;
  const reads = new Map<number, Promise<Buffer>>();
  let unzippedBytes = 0;
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    // Read the next small files while yazl deflates this one.
    for (let ahead = index; ahead < Math.min(entries.length, index + READ_AHEAD); ahead += 1) {
      const next = entries[ahead]!;
      if (next.kind === 'file' && next.size <= SMALL_FILE && !reads.has(ahead)) {
        const read = readWhole(next.source, next.name, next.size);
        read.catch(() => undefined);
        reads.set(ahead, read);
      }
    }
    if (entry.kind === 'directory') {
      zip.addEmptyDirectory(entry.name, { ...common, mode: entry.mode });
      continue;
    }
    if (entry.kind === 'symlink') {
      const target = Buffer.from(entry.target, 'utf8');
      unzippedBytes += target.length;
      zip.addBuffer(target, entry.name, { ...common, mode: entry.mode, compress: false });
      continue;
    }
    unzippedBytes += entry.size;
    const read = reads.get(index);
    reads.delete(index);
    // Held only until yazl takes it: yazl keeps every entry (and what its stream function holds) to the end.
    let data = read === undefined ? undefined : await guard.wait(read);
    const level = data !== undefined ? levelFor(data) : await sampleLevel(entry.source);
    // yazl asks for an entry's stream once everything before it is written: waiting for that keeps what is
    // held in memory to the files read ahead.
    const reached = new Promise<void>((resolve) =>
      zip.addReadStreamLazy(
        entry.name,
        { ...common, mode: entry.mode, size: entry.size, compressionLevel: level },
        (callback) => {
          resolve();
          const held = data;
          data = undefined;
          callback(
            null,
            held !== undefined ? onceStream(held) : createReadStream(entry.source, { highWaterMark: STREAM_CHUNK }),
          );
        },
      ),
    );
    await guard.wait(reached);
  }
  return unzippedBytes;
}

/** A stream of one buffer that lets go of it once read (Readable.from keeps its source array to the end). */
function onceStream(data: Buffer): Readable {
  let pending: Buffer | undefined = data;
  return new Readable({
    read() {
      const chunk = pending;
      pending = undefined;
      this.push(chunk ?? null);
    },
  });
}

async function readWhole(file: string, name: string, size: number): Promise<Buffer> {
  const buffer = await readFile(file);
  if (buffer.length !== size) {
    throw new PackageError(
      `${name} changed while it was packaged (${size} bytes, then ${buffer.length}); package again.`,
    );
  }
  return buffer;
}

/** Stored (0) when the first bytes of `file` look compressed already, else deflated. */
async function sampleLevel(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const sample = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(sample, 0, SAMPLE_BYTES, 0);
    return levelFor(sample.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function levelFor(data: Buffer): number {
  return data.length >= MIN_SAMPLE && entropy(data.subarray(0, SAMPLE_BYTES)) >= COMPRESSED_ENTROPY
    ? 0
    : COMPRESSION_LEVEL;
}

/** Order-0 entropy of `data`, in bits per byte (0 to 8). */
function entropy(data: Buffer): number {
  const counts = new Uint32Array(256);
  for (let index = 0; index < data.length; index += 1) counts[data[index]!]! += 1;
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / data.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
