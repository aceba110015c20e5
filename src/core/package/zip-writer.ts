// Writing the entries of a walk into a zip with yazl: every entry a Unix entry with its mode set here (never
// the host's), one fixed timestamp, entries in the walk's order, file contents streamed one file at a time, so
// the same files give the same bytes and memory does not grow with the folder.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ZipEntrySpec } from './walk';

/**
 * The one timestamp of every entry: 1980-01-01 00:00, the first date a zip can hold, built from local fields
 * because the DOS date in a zip is local time; with no Info-ZIP "UT" field (forceDosTimestamp) the bytes are
 * then the same in every time zone.
 */
export const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Deflate level, as Info-ZIP's default; `compress: false` stores (for the tests and already-compressed data). */
const COMPRESSION_LEVEL = 6;

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
 * name and renamed at the end, so a failed run never leaves a half-written zip under the real name.
 */
export async function writeZip(file: string, entries: readonly ZipEntrySpec[]): Promise<ZipSummary> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const zip = new ZipFile();
  let unzippedBytes = 0;
  const common = { mtime: FIXED_MTIME, forceDosTimestamp: true } as const;
  for (const entry of entries) {
    if (entry.kind === 'directory') {
      zip.addEmptyDirectory(entry.name, { ...common, mode: entry.mode });
    } else if (entry.kind === 'symlink') {
      const target = Buffer.from(entry.target, 'utf8');
      unzippedBytes += target.length;
      zip.addBuffer(target, entry.name, { ...common, mode: entry.mode, compress: false });
    } else {
      unzippedBytes += entry.size;
      // Lazy: the file is opened only when yazl reaches it, so one file is open at a time. `size` makes yazl
      // fail the zip if the file changes size while it is read, rather than store something else.
      zip.addReadStreamLazy(
        entry.name,
        { ...common, mode: entry.mode, size: entry.size, compressionLevel: COMPRESSION_LEVEL },
        (callback) => callback(null, createReadStream(entry.source)),
      );
    }
  }
  zip.end();
  const written = createWriteStream(partial);
  try {
    await new Promise<void>((resolve, reject) => {
      // yazl reports a failed read (or a size mismatch) on the ZipFile, not on its output stream.
      zip.on('error', reject);
      pipeline(zip.outputStream, written).then(resolve, reject);
    });
    await rename(partial, file);
  } catch (error) {
    written.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { file, entries: entries.length, zippedBytes: written.bytesWritten, unzippedBytes };
}
