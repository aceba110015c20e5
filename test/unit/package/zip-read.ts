/** Reading a built zip back, with yauzl and with Info-ZIP's zipinfo, for the packaging tests. */
import { execFileSync } from 'node:child_process';
import { which } from '../../../src/core/executables';
import yauzl from 'yauzl';

/** One entry as a zip reader sees it. */
export interface ReadEntry {
  readonly name: string;
  /** Unix mode from the external attributes (type and permissions). */
  readonly mode: number;
  /** The "version made by" host: 3 is Unix. */
  readonly madeBy: number;
  readonly content: Buffer;
}

/** Every entry of `file`, in the zip's order, with its content. */
export function readZip(file: string): Promise<ReadEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: ReadEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({
              name: entry.fileName,
              mode: entry.externalFileAttributes >>> 16,
              madeBy: entry.versionMadeBy >> 8,
              content: Buffer.concat(chunks),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Why a zipinfo check is skipped, or undefined when zipinfo is installed. */
export const noZipinfo = which('zipinfo') === undefined ? 'zipinfo is not installed (Debian: unzip)' : undefined;

/** zipinfo's one line per entry: `-rwxr-xr-x  6.3 unx  18 bl defN 80-Jan-01 00:00 bootstrap`, by name. */
export function zipinfoLines(file: string): Map<string, string> {
  const text = execFileSync('zipinfo', [file], { encoding: 'utf8' });
  const lines = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([-dl][-rwxsStT]{9})\s.*\s(\S+)$/.exec(line);
    if (match) lines.set(match[2]!, line);
  }
  return lines;
}
