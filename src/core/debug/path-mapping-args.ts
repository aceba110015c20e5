// The runtime's path mappings (see core/path-mappings) in each debugger's own words, for its child configuration.
// Each is empty when the runtime sees local paths, so a configuration without a sandbox is what it always was.
import { closeSync, openSync, readSync } from 'node:fs';
import { mappingPairs, type PathMapping } from '../path-mappings';

/**
 * js-debug's `localRoot`/`remoteRoot`: one pair only, so the one of the handler's folder (the task root, mapped to
 * its first local folder: the workspace's for a zip's extracted code); files elsewhere (a layer's under /opt)
 * open as the runtime shows them.
 */
export function jsDebugRoots(
  mappings: readonly PathMapping[] | undefined,
  taskRoot: string,
): { localRoot?: string; remoteRoot?: string } {
  const mapping = (mappings ?? []).find((candidate) => candidate.local.includes(taskRoot));
  const localRoot = mapping?.local[0];
  return mapping && localRoot !== undefined ? { localRoot, remoteRoot: mapping.runtime } : {};
}

/** debugpy's `pathMappings`: the most specific first, as it takes the first that matches. */
export function debugpyPathMappings(
  mappings: readonly PathMapping[] | undefined,
): { localRoot: string; remoteRoot: string }[] {
  return mappingPairs(mappings ?? []).map((pair) => ({ localRoot: pair.local, remoteRoot: pair.runtime }));
}

/** Bytes of a binary read to look for source paths; debug information of a larger one is not searched further. */
const MAX_SCAN_BYTES = 256 * 1024 * 1024;

/**
 * The mappings a compiled program's debug information needs: its source paths are where it was built, not where it
 * runs, so only a runtime folder its file names (a build made in /var/task) is mapped; a local build needs none.
 */
export function mappingsNamedIn(binary: string, mappings: readonly PathMapping[] | undefined): PathMapping[] {
  const wanted = (mappings ?? []).map((mapping) => ({ mapping, bytes: Buffer.from(`${mapping.runtime}/`) }));
  if (wanted.length === 0) return [];
  const found = new Set<PathMapping>();
  let fd: number;
  try {
    fd = openSync(binary, 'r');
  } catch {
    return [];
  }
  try {
    const chunk = Buffer.alloc(4 * 1024 * 1024);
    const overlap = Math.max(...wanted.map((item) => item.bytes.length));
    let carry = Buffer.alloc(0);
    for (let offset = 0; offset < MAX_SCAN_BYTES && found.size < wanted.length;) {
      const read = readSync(fd, chunk, 0, chunk.length, offset);
      if (read <= 0) break;
      const window = Buffer.concat([carry, chunk.subarray(0, read)]);
      for (const item of wanted) if (window.includes(item.bytes)) found.add(item.mapping);
      carry = window.subarray(Math.max(0, window.length - overlap));
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return wanted.filter((item) => found.has(item.mapping)).map((item) => item.mapping);
}

/** Delve's `substitutePath`: `from` the editor's (local) path `to` the one the debugged program has. */
export function delveSubstitutePath(mappings: readonly PathMapping[] | undefined): { from: string; to: string }[] {
  return mappingPairs(mappings ?? []).map((pair) => ({ from: pair.local, to: pair.runtime }));
}

/** LLDB's `sourceMap`: [the path in the program's debug information, the local one]. */
export function lldbSourceMap(mappings: readonly PathMapping[] | undefined): [string, string][] {
  return mappingPairs(mappings ?? []).map((pair) => [pair.runtime, pair.local]);
}
