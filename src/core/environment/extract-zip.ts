// A layer given as a zip is extracted as Lambda extracts it to /opt: files with their Unix modes, links as links,
// and no entry allowed outside the folder (`../`, an absolute name).
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** A link's target is short; a longer "link" is a damaged or hostile zip. */
const MAX_LINK_BYTES = 4096;

/** Extracts the zip `file` into the existing folder `into`. Rejects with a sentence when the zip cannot be used. */
export async function extractZip(file: string, into: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (error, opened) =>
      error ? reject(new Error(`${file} is not a zip Lambda can extract (${error.message})`)) : resolve(opened),
    ),
  );
  const root = path.resolve(into);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) => reject(new Error(`${file} is damaged (${error.message})`)));
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        extractEntry(zip, entry, root).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, root: string): Promise<void> {
  const target = path.resolve(root, entry.fileName);
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw new Error(`the zip's entry ${entry.fileName} points outside the folder it is extracted to`);
  }
  const unix = entry.versionMadeBy >> 8 === 3 || entry.versionMadeBy >> 8 === 19;
  const mode = unix ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
  if (entry.fileName.endsWith('/')) {
    await mkdir(target, { recursive: true });
    return;
  }
  await mkdir(path.dirname(target), { recursive: true });
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  if ((mode & S_IFMT) === S_IFLNK) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > MAX_LINK_BYTES) throw new Error(`the zip's link ${entry.fileName} is not a link`);
      chunks.push(chunk as Buffer);
    }
    await symlink(Buffer.concat(chunks).toString('utf8'), target);
    return;
  }
  await pipeline(stream, createWriteStream(target));
  // Without a Unix mode (a zip made on Windows), Lambda gives files 644, so a bootstrap there is not executable.
  await chmod(target, mode & 0o777 ? mode & 0o777 : 0o644);
}
