// Lambda extracts a function's layers into /opt one after the other, a later layer's file replacing an earlier
// one's. The sandbox shows one folder at /opt, so the layers are merged into a temporary folder first: hard
// links where the file system allows (instant, no copy), copies elsewhere; links stay links.
import { copyFile, link, lstat, mkdir, mkdtemp, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Folders deeper than this are not merged: a guard against a runaway tree, not a Lambda limit. */
const MAX_DEPTH = 64;

/**
 * Merges `layers` (folders, in the template's order) into a new temporary folder and returns it; the caller
 * removes it. Rejects with a sentence naming the layer that cannot be read.
 */
export async function mergeLayers(layers: readonly string[]): Promise<string> {
  const target = await mkdtemp(path.join(tmpdir(), 'lrk-opt-'));
  try {
    for (const layer of layers) {
      await mergeFolder(layer, target, 0).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`The layer ${layer} cannot be read for /opt: ${error.code ?? error.message}`);
      });
    }
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
  return target;
}

async function mergeFolder(from: string, to: string, depth: number): Promise<void> {
  if (depth > MAX_DEPTH) return;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    const existing = await lstat(destination).catch(() => undefined);
    if (entry.isDirectory()) {
      // A folder merges with a folder of an earlier layer; it replaces a file or link of the same name.
      if (existing !== undefined && !existing.isDirectory()) await rm(destination, { force: true });
      if (existing === undefined || !existing.isDirectory()) {
        await mkdir(destination, { mode: (await lstat(source)).mode & 0o7777 });
      }
      await mergeFolder(source, destination, depth + 1);
      continue;
    }
    if (existing !== undefined) await rm(destination, { recursive: true, force: true });
    if (entry.isSymbolicLink()) await symlink(await readlink(source), destination);
    else if (entry.isFile()) await link(source, destination).catch(() => copyFile(source, destination));
  }
}
