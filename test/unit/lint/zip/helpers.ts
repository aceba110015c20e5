// Zips made for the zip rules' tests: written with yazl (which always writes Unix entries with the modes given),
// then, where a test needs what other tools write, patched in the central directory.
import { spawnSync } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

export interface TestEntry {
  readonly name: string;
  /** Content; a link's content is its target. Absent for a folder (name ending in `/`). */
  readonly data?: string | Buffer;
  /** Unix mode with its type bits (0o100755, 0o120777 for a link); default 0o100644 / 0o40755. */
  readonly mode?: number;
  /** A stream of this many zero bytes instead of `data`, stored uncompressed (for a zip of that size). */
  readonly zeros?: number;
  /** Store `data` without compression (deflating thousands of tiny entries takes yazl a while). */
  readonly stored?: boolean;
}

/** Writes the zip `file` with `entries`, in order. */
export async function makeZip(file: string, entries: readonly TestEntry[]): Promise<string> {
  const zip = new ZipFile();
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const entry of entries) {
    if (entry.name.endsWith('/')) {
      zip.addEmptyDirectory(entry.name, { mode: entry.mode ?? 0o40755, mtime });
    } else if (entry.zeros !== undefined) {
      zip.addReadStream(zeroStream(entry.zeros), entry.name, {
        mode: entry.mode ?? 0o100644,
        mtime,
        compress: false,
        size: entry.zeros,
      });
    } else {
      zip.addBuffer(Buffer.from(entry.data ?? ''), entry.name, {
        mode: entry.mode ?? 0o100644,
        mtime,
        compress: entry.stored !== true,
      });
    }
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

function zeroStream(size: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const length = Math.min(left, chunk.length);
      left -= length;
      this.push(chunk.subarray(0, length));
    },
  });
}

/** Each central directory header of the zip `bytes`: its offset and the entry's name. */
function centralHeaders(bytes: Buffer): { offset: number; name: string }[] {
  // No archive comment in our zips: the end-of-central-directory record is the last 22 bytes.
  const end = bytes.length - 22;
  if (bytes.readUInt32LE(end) !== 0x06054b50) throw new Error('unexpected zip layout');
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const headers = [];
  for (let i = 0; i < count; i += 1) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central header');
    const nameLength = bytes.readUInt16LE(offset + 28);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    headers.push({ offset, name });
    offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return headers;
}

/**
 * Rewrites the zip `file` as Windows tools write it (Compress-Archive, Explorer, .NET's ZipFile): each central
 * directory header gets "version made by" 0x0014 (high byte 0 = MS-DOS/FAT, spec 2.0) and external attributes that
 * are DOS attribute bits only (0x20 archive for files, 0x10 for folders), so no Unix mode is left. yazl always
 * writes host 3 (Unix), hence the patch; nothing else in the file refers to these fields.
 */
export async function withoutUnixModes(file: string): Promise<void> {
  const bytes = await readFile(file);
  for (const { offset, name } of centralHeaders(bytes)) {
    bytes.writeUInt16LE(0x0014, offset + 4);
    bytes.writeUInt32LE(name.endsWith('/') ? 0x10 : 0x20, offset + 38);
  }
  await writeFile(file, bytes);
}

/**
 * Sets the uncompressed size the central directory declares for `name` (and its local header, so the zip stays
 * consistent for a reader that compares them). The rules take sizes from the central directory without inflating
 * anything, as Lambda's limit is on declared sizes; this is how a test has a 300 MB entry without writing one.
 */
export async function declareSize(file: string, name: string, size: number): Promise<void> {
  const bytes = await readFile(file);
  const header = centralHeaders(bytes).find((candidate) => candidate.name === name);
  if (header === undefined) throw new Error(`${name} is not in ${file}`);
  bytes.writeUInt32LE(size, header.offset + 24);
  bytes.writeUInt32LE(size, bytes.readUInt32LE(header.offset + 42) + 22);
  await writeFile(file, bytes);
}

/** Whether `command` runs here (`zip`, `gcc`...). */
export function hasTool(command: string, args: readonly string[] = ['--version']): boolean {
  return spawnSync(command, [...args], { stdio: 'ignore' }).status === 0;
}

/** Compiles `source` (C) with gcc into `output`; returns false when gcc is absent or the build fails. */
export function compileC(source: string, output: string, flags: readonly string[] = []): boolean {
  const file = path.join(path.dirname(output), `${path.basename(output)}.c`);
  writeFileSync(file, source);
  return spawnSync('gcc', ['-O0', ...flags, '-o', output, file], { stdio: 'ignore' }).status === 0;
}

/** A script bootstrap that is fine as it is (LF endings). */
export const SCRIPT_BOOTSTRAP = '#!/bin/sh\nset -eu\nwhile true; do\n  sleep 1\ndone\n';

/**
 * Renames the entry `from` to `to` (same length) in both its local and central headers: how a test gets a name
 * yazl refuses to write, such as a "zip slip" `../` path.
 */
export async function renameEntry(file: string, from: string, to: string): Promise<void> {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('renameEntry keeps the name length');
  const bytes = await readFile(file);
  const header = centralHeaders(bytes).find((candidate) => candidate.name === from);
  if (header === undefined) throw new Error(`${from} is not in ${file}`);
  bytes.write(to, header.offset + 46, 'utf8');
  bytes.write(to, bytes.readUInt32LE(header.offset + 42) + 30, 'utf8');
  await writeFile(file, bytes);
}
