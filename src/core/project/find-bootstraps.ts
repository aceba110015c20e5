// The bootstraps of a workspace, found quickly when the editor opens: the extension prepares their debuggers
// before the first F5 (src/debug/prepare-debuggers.ts). The editor's own file search starts a search process and
// took 400 ms just after the window opened (`npm run bench:debug`), as long as a person takes to press F5; a few
// readdir calls over the top folders take milliseconds. The walk is bounded: in a large tree it stops and says
// so, and the caller searches the rest the slow way.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { BOOTSTRAP_NAME, SKIPPED_FOLDERS } from './names';

export interface BootstrapSearch {
  /** Absolute paths of the files named `bootstrap`, nearest to a root first. */
  readonly bootstraps: string[];
  /** False when a bound stopped the walk: the tree may hold bootstraps it did not reach. */
  readonly complete: boolean;
}

export interface BootstrapSearchLimits {
  /** Folder levels below each root that are read (0: the root only). Default 4. */
  readonly maxDepth?: number;
  /** Folders read in all. Default 400. */
  readonly maxFolders?: number;
  /** Bootstraps to find before stopping. Default 20. */
  readonly maxBootstraps?: number;
}

/**
 * The files named `bootstrap` under `roots`, breadth first, skipping the folders a project search skips
 * (node_modules, .git, build output) and hidden ones; symbolic links to folders are not followed.
 */
export async function findBootstraps(
  roots: readonly string[],
  limits: BootstrapSearchLimits = {},
): Promise<BootstrapSearch> {
  const maxDepth = limits.maxDepth ?? 4;
  const maxFolders = limits.maxFolders ?? 400;
  const maxBootstraps = limits.maxBootstraps ?? 20;
  const bootstraps: string[] = [];
  let level = roots.map((root) => path.resolve(root));
  let read = 0;
  for (let depth = 0; level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (read >= maxFolders || bootstraps.length >= maxBootstraps) return { bootstraps, complete: false };
      read++;
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) next.push(path.join(folder, entry.name));
        } else if (entry.name === BOOTSTRAP_NAME && (entry.isFile() || entry.isSymbolicLink())) {
          bootstraps.push(path.join(folder, entry.name));
        }
      }
    }
    if (next.length > 0 && depth >= maxDepth) return { bootstraps, complete: false };
    level = next;
  }
  return { bootstraps: bootstraps.slice(0, maxBootstraps), complete: bootstraps.length <= maxBootstraps };
}
