// Walking a function's folder into the list of zip entries, in a fixed order, with the modes Lambda needs.
// Symbolic links: one whose target is inside the folder (and packaged) is stored as a link, relative, so it
// resolves in /var/task as it does here; one that points outside is followed and its content stored, as `sam
// build` and `zip -r` do, since the target will not exist in Lambda; one that points nowhere is refused.
import { lstat, open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { PackageError } from './errors';
import type { ExclusionTest } from './exclusions';

/** One entry of a zip to write. Names use `/`; modes are the full Unix mode (type and permission bits). */
export type ZipEntrySpec =
  | {
      readonly kind: 'file';
      readonly name: string;
      readonly mode: number;
      readonly source: string;
      readonly size: number;
    }
  | { readonly kind: 'directory'; readonly name: string; readonly mode: number }
  | { readonly kind: 'symlink'; readonly name: string; readonly mode: number; readonly target: string };

/** Unix file types and the permissions written into the zip, whatever the host OS gives. */
export const MODE = {
  executable: 0o100755,
  file: 0o100644,
  directory: 0o040755,
  symlink: 0o120777,
} as const;

/** The file Lambda runs: always written 0755 at the root, whatever its mode on disk. */
export const BOOTSTRAP = 'bootstrap';

/** How {@link walkFolder} decides modes. */
export interface WalkOptions {
  /**
   * Take a file as executable when it starts with `#!` or is an ELF binary, whatever its mode on disk. The default
   * on Windows, whose file system has no executable bit: there every mode would otherwise be 0644.
   */
  readonly sniffExecutables?: boolean;
}

/** What {@link walkFolder} found. */
export interface FolderListing {
  readonly entries: ZipEntrySpec[];
  /** Things left out with a reason the user should see (sockets, devices). */
  readonly notes: string[];
}

/**
 * Lists what goes into the zip of `root`: folders, files and links that `excluded` keeps, each folder's entries
 * sorted by name (code units, not locale) so the same files always give the same order. Rejects with a
 * {@link PackageError} on a dangling link, a link loop, or a folder that cannot be read.
 */
export async function walkFolder(
  root: string,
  excluded: ExclusionTest,
  options: WalkOptions = {},
): Promise<FolderListing> {
  const sniff = options.sniffExecutables ?? process.platform === 'win32';
  const realRoot = await realpath(root).catch((error: NodeJS.ErrnoException) => {
    throw new PackageError(`Cannot read the folder ${root}: ${error.code ?? error.message}.`);
  });
  const entries: ZipEntrySpec[] = [];
  const notes: string[] = [];

  const visit = async (folder: string, relativeFolder: string, ancestors: readonly string[]): Promise<number> => {
    let names: string[];
    try {
      names = (await readdir(folder)).sort(byCodeUnits);
    } catch (error) {
      throw new PackageError(`Cannot read the folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? error}.`);
    }
    let added = 0;
    for (const name of names) {
      const relative = relativeFolder === '' ? name : `${relativeFolder}/${name}`;
      const file = path.join(folder, name);
      let info = await lstat(file);
      let source = file;
      if (info.isSymbolicLink()) {
        const link = await readlink(file);
        const resolved = await realpath(file).catch(() => undefined);
        if (resolved === undefined) {
          throw new PackageError(
            `${relative} is a symbolic link to ${link}, which does not exist (or loops): Lambda could not open it. ` +
              `Remove the link, or leave it out with a line '${relative}' in .lambdaignore.`,
          );
        }
        info = await stat(resolved);
        if (excluded(relative, info.isDirectory())) continue;
        const inside = path.relative(realRoot, resolved).split(path.sep).join('/');
        const isInside = inside !== '' && !inside.startsWith('../') && inside !== '..' && !path.isAbsolute(inside);
        if (isInside && !excludedWithParents(excluded, inside, info.isDirectory())) {
          const target = path.posix.relative(path.posix.dirname(`/${relative}`), `/${inside}`) || '.';
          entries.push({ kind: 'symlink', name: relative, mode: MODE.symlink, target });
          added += 1;
          continue;
        }
        source = resolved;
      } else if (excluded(relative, info.isDirectory())) {
        continue;
      }
      if (info.isDirectory()) {
        const real = await realpath(source);
        if (ancestors.includes(real)) {
          throw new PackageError(
            `${relative} leads back to a folder that contains it (a link loop): leave it out in .lambdaignore.`,
          );
        }
        const index = entries.length;
        entries.push({ kind: 'directory', name: relative, mode: MODE.directory });
        const inner = await visit(source, relative, [...ancestors, real]);
        // A folder emptied by the exclusions is dropped; a folder that was empty on disk is kept.
        if (inner === 0 && (await readdir(source)).length > 0) entries.splice(index, 1);
        else added += 1;
      } else if (info.isFile()) {
        const executable =
          relative === BOOTSTRAP || (info.mode & 0o111) !== 0 || (sniff && (await looksExecutable(source)));
        entries.push({
          kind: 'file',
          name: relative,
          mode: executable ? MODE.executable : MODE.file,
          source,
          size: info.size,
        });
        added += 1;
      } else {
        notes.push(`${relative} was left out: it is not a file, a folder or a link (a socket, pipe or device).`);
      }
    }
    return added;
  };

  await visit(realRoot, '', [realRoot]);
  return { entries, notes };
}

// A path inside the folder is left out when it or any folder above it is (a link may point deep into one).
function excludedWithParents(excluded: ExclusionTest, relative: string, directory: boolean): boolean {
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i += 1) if (excluded(parts.slice(0, i).join('/'), true)) return true;
  return excluded(relative, directory);
}

/** Whether `file` starts like a program: a `#!` script or an ELF binary. */
async function looksExecutable(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return (bytesRead >= 2 && head[0] === 0x23 && head[1] === 0x21) || (bytesRead === 4 && head.equals(ELF_MAGIC));
  } finally {
    await handle.close();
  }
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** Orders names by UTF-16 code units, the same on every machine and locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
