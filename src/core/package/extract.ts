// A deployment zip extracted as Lambda extracts it to /var/task: each entry with the permission bits the zip
// records (so a 0644 bootstrap stays unexecutable and fails as it would there), 0644 files and 0755 folders for
// entries without Unix modes (a zip made on Windows), links recreated as links. Nothing may land outside the
// folder: entries that climb out (zip slip) and links that lead out are refused, and no entry is written through
// a link, because links are made only after every file is in place.
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, symlink } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { walkZip, type ZipEntry } from '../lint/zip/read';

/** A zip extracted to a folder of its own, and what removes it. */
export interface ExtractedTaskRoot {
  /** The folder that stands for /var/task (mode 0755, as there). */
  readonly taskRoot: string;
  /** Entries extracted (folders and links included). */
  readonly entries: number;
  /** Removes the folder and everything in it; safe to call more than once. */
  dispose(): Promise<void>;
}

export interface ExtractOptions {
  /** Where the temporary folder is made; default: the system's temporary folder. */
  readonly parent?: string;
  /** Aborting it stops the extraction; the folder is removed and the promise rejects. */
  readonly signal?: AbortSignal;
}

/** The zip cannot be run as a task root: a sentence that names the zip and the entry. */
export class ZipExtractError extends Error {
  override readonly name = 'ZipExtractError';
}

const TASK_ROOT = '/var/task';
/** Modes Lambda gives entries without Unix modes: readable by all, never executable. */
const NO_MODE_FILE = 0o644;
const FOLDER_MODE = 0o755;
/** A link's target is a path: more than this is no link. */
const MAX_LINK_BYTES = 4096;
/** Absolute link targets that exist in Lambda's environment outside the code (layers, scratch space). */
const LAMBDA_ABSOLUTE = /^\/(opt|tmp)(\/|$)/;

/**
 * Extracts the deployment zip `zipFile` to a new temporary folder that stands for /var/task, with the zip's own
 * permission bits (setuid, setgid and sticky bits dropped: an extracted file must never gain privileges here).
 * Rejects with a {@link ZipExtractError} (the folder already removed) when the file is no zip, is damaged, has an
 * entry that would land outside the folder, or a link that points outside it; the caller owns `dispose()`.
 */
export async function extractTaskRoot(zipFile: string, options: ExtractOptions = {}): Promise<ExtractedTaskRoot> {
  const root = await mkdtemp(path.join(options.parent ?? tmpdir(), 'lrk-task-'));
  await chmod(root, FOLDER_MODE);
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await removeTree(root);
  };
  try {
    const entries = await extractInto(zipFile, root, options.signal);
    return { taskRoot: root, entries, dispose };
  } catch (error) {
    await dispose();
    if (error instanceof ZipExtractError) throw error;
    throw new ZipExtractError(`${zipFile}: ${describeFailure(error as Error)}`);
  }
}

/**
 * Extracts `zipFile` again into `root`, an earlier extraction's folder, whose path stays (and with it a debugger's
 * path mappings and a sandbox's /var/task). The zip is extracted beside it first, so a bad zip changes nothing.
 * Resolves to the number of entries.
 */
export async function extractAgain(zipFile: string, root: string): Promise<number> {
  const fresh = await extractTaskRoot(zipFile, { parent: path.dirname(root) });
  try {
    for (const name of await readdir(root)) await removeTree(path.join(root, name));
    for (const name of await readdir(fresh.taskRoot)) {
      await rename(path.join(fresh.taskRoot, name), path.join(root, name));
    }
    return fresh.entries;
  } finally {
    await fresh.dispose();
  }
}

interface PendingLink {
  readonly name: string;
  readonly file: string;
  readonly target: string;
}

async function extractInto(zipFile: string, root: string, signal?: AbortSignal): Promise<number> {
  const folders = new Map<string, number>();
  const links: PendingLink[] = [];
  const written = new Set<string>();
  let count = 0;
  await walkZip(zipFile, async (entry, read, open) => {
    if (signal?.aborted) throw new ZipExtractError(`${zipFile}: extraction interrupted`);
    const name = entry.name.replace(/\/+$/, '');
    if (name === '' || name === '.') return;
    const file = insideRoot(root, name, zipFile);
    count += 1;
    if (entry.isDirectory) {
      await mkdir(file, { recursive: true, mode: FOLDER_MODE });
      folders.set(file, permissions(entry) ?? FOLDER_MODE);
      return;
    }
    await mkdir(path.dirname(file), { recursive: true, mode: FOLDER_MODE });
    if (entry.isSymlink) {
      const target = (await read(MAX_LINK_BYTES)).toString('utf8');
      links.push({ name, file, target: linkTarget(root, name, target, zipFile) });
      return;
    }
    // A name given twice: the later entry wins, as with unzip -o.
    if (written.has(file)) await rm(file, { force: true });
    written.add(file);
    await pipeline(await open(), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    await chmod(file, permissions(entry) ?? NO_MODE_FILE);
  });
  for (const link of links) {
    if (await exists(link.file)) {
      throw new ZipExtractError(`${zipFile}: ${link.name} is both a link and a file or folder in the zip`);
    }
    await symlink(link.target, link.file);
  }
  // Read-only folders only once their content is in, deepest first.
  for (const [folder, mode] of [...folders].sort((a, b) => b[0].length - a[0].length)) await chmod(folder, mode);
  return count;
}

/** The entry's absolute path, or a refusal when it would land outside the root or go through a link. */
function insideRoot(root: string, name: string, zipFile: string): string {
  const file = path.resolve(root, name);
  const relative = path.relative(root, file);
  if (path.isAbsolute(name) || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ZipExtractError(`${zipFile}: ${zipSlip(name)}`);
  }
  return file;
}

function zipSlip(name: string): string {
  return (
    `the entry ${name} would be written outside the folder the zip is extracted to (a "zip slip" path), so ` +
    'nothing of the zip is extracted. Make the zip from inside the code folder (`cd code && zip -r ../function.zip .`).'
  );
}

/**
 * The target to create for a link: a relative one as it is when it stays inside the zip; an absolute one into
 * /var/task made relative (it points into the task root here); /opt and /tmp kept (layers and scratch space).
 */
function linkTarget(root: string, name: string, target: string, zipFile: string): string {
  const refuse = (where: string) =>
    new ZipExtractError(
      `${zipFile}: the link ${name} points to ${target}, ${where}; it is not extracted. Zip the file itself, or ` +
        'point the link at a file inside the zip with a relative path.',
    );
  if (target === '' || target.includes('\0')) throw refuse('which is no path');
  if (target.startsWith('/')) {
    const normal = path.posix.normalize(target);
    if (LAMBDA_ABSOLUTE.test(normal)) return normal;
    if (normal !== TASK_ROOT && !normal.startsWith(`${TASK_ROOT}/`)) throw refuse('outside the zip');
    const inRoot = path.join(root, normal.slice(TASK_ROOT.length));
    return path.relative(path.dirname(path.join(root, name)), inRoot) || '.';
  }
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(name), target));
  if (joined === '..' || joined.startsWith('../')) throw refuse('outside the zip');
  return target;
}

/** The entry's permission bits, or undefined when the zip records no Unix mode for it. */
function permissions(entry: ZipEntry): number | undefined {
  return entry.mode === undefined ? undefined : entry.mode & 0o777;
}

function describeFailure(error: Error): string {
  const slip = /(invalid relative path|absolute path): (.*)\)?$/.exec(error.message);
  if (slip) return zipSlip(slip[2]!.replace(/\)$/, ''));
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return 'the disk is full; nothing was kept';
  return error.message;
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Removes `root`, first giving back write access to folders the zip made read-only (needed when not root). */
async function removeTree(root: string): Promise<void> {
  try {
    await rm(root, { recursive: true, force: true });
    return;
  } catch {
    await makeWritable(root);
  }
  await rm(root, { recursive: true, force: true });
}

async function makeWritable(folder: string): Promise<void> {
  await chmod(folder, 0o700).catch(() => undefined);
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await makeWritable(path.join(folder, entry.name));
}
