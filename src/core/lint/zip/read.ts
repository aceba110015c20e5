// Reads a zip the way the checks need it: entry by entry from the central directory (yauzl, lazyEntries), so a
// zip of any size or entry count is never held in memory, and an entry's content only when a check asks, and then
// only its first bytes or one range of them (a zip bomb is never inflated further than that).
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { WindowedFileReader } from './file-reader';

/** The host systems whose "made by" byte means the high 16 bits of the external attributes are a Unix mode. */
const UNIX_HOSTS = new Set([3 /* Unix */, 19 /* OS X */]);
const HOST_NAMES: Readonly<Record<number, string>> = { 0: 'MS-DOS/FAT', 10: 'Windows NTFS', 11: 'MVS', 14: 'VFAT' };

export const S_IFMT = 0o170000;
export const S_IFLNK = 0o120000;
export const S_IFDIR = 0o040000;

/** One entry of the central directory, with its Unix mode decoded. */
export interface ZipEntry {
  /** The path inside the zip, `/`-separated; folders end with `/`. */
  readonly name: string;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
  /** The Unix mode (type and permission bits) when the entry has one; undefined for DOS/Windows entries. */
  readonly mode?: number;
  /** The system that wrote the entry, in words (`Unix`, `MS-DOS/FAT`...). */
  readonly madeBy: string;
  readonly compressedSize: number;
  /** As the central directory declares it (Lambda counts the same). */
  readonly uncompressedSize: number;
  readonly encrypted: boolean;
}

/** Reads the content of the entry being visited: `length` bytes from `offset` at most (fewer when it is shorter). */
export type ReadEntry = (length: number, offset?: number) => Promise<Buffer>;

/** The whole content of the entry being visited, inflated as it is read (extraction streams it to a file). */
export type OpenEntry = () => Promise<Readable>;

/** What the zip as a whole is: its size on disk and how many entries it declares. */
export interface ZipSummary {
  readonly fileSize: number;
  readonly entryCount: number;
}

/**
 * Calls `visit` for each entry of the zip `file`, in central-directory order, one at a time; `visit` may read the
 * entry's content through its second argument while it runs. Rejects with a sentence when the file is no zip
 * or is damaged.
 */
export async function walkZip(
  file: string,
  visit: (entry: ZipEntry, read: ReadEntry, open: OpenEntry) => Promise<void>,
): Promise<ZipSummary> {
  let reader: WindowedFileReader;
  try {
    const handle = await open(file, 'r');
    reader = new WindowedFileReader(handle, (await handle.stat()).size);
  } catch (error) {
    throw new Error(`it cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let zip: yauzl.ZipFile;
  try {
    const options = { lazyEntries: true, autoClose: false, decodeStrings: true };
    zip = await yauzl.fromRandomAccessReaderPromise(reader, reader.size, options);
  } catch (error) {
    await reader.dispose();
    throw new Error(`it is not a zip file Lambda can extract (${(error as Error).message})`);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) => reject(new Error(`the zip is damaged (${error.message})`)));
      zip.on('end', () => resolve());
      zip.on('entry', (raw: yauzl.Entry) => {
        const read: ReadEntry = (length, offset = 0) => readRange(zip, raw, offset, length);
        visit(describeEntry(raw), read, () => openEntry(zip, raw)).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
    return { fileSize: zip.fileSize, entryCount: zip.entryCount };
  } finally {
    zip.close();
    await reader.dispose();
  }
}

function describeEntry(raw: yauzl.Entry): ZipEntry {
  const host = raw.versionMadeBy >>> 8;
  const high = raw.externalFileAttributes >>> 16;
  // Some Unix tools leave the mode out (0); such an entry has no mode, as a DOS one.
  const mode = UNIX_HOSTS.has(host) && high !== 0 ? high : undefined;
  const dosDirectory = (raw.externalFileAttributes & 0x10) !== 0;
  const isDirectory = raw.fileName.endsWith('/') || (mode !== undefined ? (mode & S_IFMT) === S_IFDIR : dosDirectory);
  return {
    // `./bootstrap` (some tools write the leading `./`) extracts to the same place as `bootstrap`.
    name: raw.fileName.replace(/^(\.\/)+/, ''),
    isDirectory,
    isSymlink: mode !== undefined && (mode & S_IFMT) === S_IFLNK,
    mode,
    madeBy: UNIX_HOSTS.has(host) ? (host === 3 ? 'Unix' : 'OS X') : (HOST_NAMES[host] ?? `host system ${host}`),
    compressedSize: raw.compressedSize,
    uncompressedSize: raw.uncompressedSize,
    encrypted: raw.isEncrypted(),
  };
}

async function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  if (entry.isEncrypted())
    throw new Error(`${entry.fileName} is encrypted, and Lambda cannot extract encrypted entries`);
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw new Error(`the zip is damaged: ${entry.fileName} cannot be read (${(error as Error).message})`);
  }
}

/** Inflates the entry up to `offset + length` and keeps only the bytes from `offset`, then stops the stream. */
async function readRange(zip: yauzl.ZipFile, entry: yauzl.Entry, offset: number, length: number): Promise<Buffer> {
  if (entry.isEncrypted() || length <= 0 || offset >= entry.uncompressedSize) return Buffer.alloc(0);
  try {
    return await inflateRange(zip, entry, offset, length);
  } catch (error) {
    // yauzl checks the inflated size against the declared one: a lying entry ends here.
    throw new Error(`the zip is damaged: ${entry.fileName} cannot be read (${(error as Error).message})`);
  }
}

async function inflateRange(zip: yauzl.ZipFile, entry: yauzl.Entry, offset: number, length: number): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const wanted = Math.min(length, entry.uncompressedSize - offset);
  const kept = Buffer.alloc(wanted);
  let position = 0;
  let filled = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const start = Math.max(0, offset - position);
      const end = Math.min(chunk.length, offset + wanted - position);
      if (start < end) filled += chunk.copy(kept, filled, start, end);
      position += chunk.length;
      if (filled >= wanted) break;
    }
  } finally {
    stream.destroy();
  }
  return kept.subarray(0, filled);
}
