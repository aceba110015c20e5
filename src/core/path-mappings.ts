// Paths as a runtime sees them and where those files are on this machine. A runtime in Lambda's file system reads
// its code at /var/task and its layers at /opt; a zip runs from a temporary folder: its debugger reports those
// paths, while breakpoints are set on the workspace's files. One mapping serves every debugger and both directions.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A folder as the runtime sees it (`runtime`) and the local folders whose files it shows, the first that has a
 * file winning (for /opt: the last layer first, since later layers replace earlier files).
 */
export interface PathMapping {
  readonly runtime: string;
  readonly local: readonly string[];
}

/** One runtime folder and one local folder, for debuggers that take pairs (debugpy, Delve, LLDB, js-debug). */
export interface PathPair {
  readonly runtime: string;
  readonly local: string;
}

const exists = (file: string): boolean => {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
};

/** `file` relative to `folder` when it is inside it (or is it), else undefined. */
function inside(folder: string, file: string): string | undefined {
  const relative = path.relative(folder, file);
  if (relative === '') return '';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative;
}

/** The local file of a path the runtime reports; a path outside every mapping is the same here. */
export function toLocal(mappings: readonly PathMapping[], runtimePath: string, has = exists): string {
  for (const mapping of byDepth(mappings, (m) => m.runtime)) {
    const relative = inside(mapping.runtime, runtimePath);
    if (relative === undefined) continue;
    const candidates = mapping.local.map((folder) => path.join(folder, relative));
    return candidates.find((candidate) => has(candidate)) ?? candidates[0] ?? runtimePath;
  }
  return runtimePath;
}

/** The path the runtime sees for a local file; a file outside every mapping is the same there. */
export function toRuntime(mappings: readonly PathMapping[], localPath: string): string {
  let best: { runtime: string; depth: number } | undefined;
  for (const mapping of mappings) {
    for (const folder of mapping.local) {
      const relative = inside(folder, localPath);
      if (relative === undefined) continue;
      const depth = folder.length;
      if (!best || depth > best.depth) best = { runtime: path.posix.join(mapping.runtime, relative), depth };
    }
  }
  return best?.runtime ?? localPath;
}

/** Mappings whose files are one folder each are pairs already; merged ones are split this deep at most. */
const MAX_SPLIT_DEPTH = 6;
const MAX_PAIRS = 500;

/**
 * The mappings as pairs of one folder each, most specific first. Where several local folders share a runtime
 * folder (layers merged at /opt), it is split down to the entries each provides: /opt/bin/php from one layer,
 * /opt/bootstrap from another.
 */
export function mappingPairs(mappings: readonly PathMapping[]): PathPair[] {
  const pairs: PathPair[] = [];
  const split = (runtime: string, locals: readonly string[], depth: number) => {
    const present = locals.filter((folder) => isDirectory(folder));
    if (present.length <= 1 || depth >= MAX_SPLIT_DEPTH || pairs.length >= MAX_PAIRS) {
      const local = present[0] ?? locals[0];
      if (local !== undefined) pairs.push({ runtime, local });
      return;
    }
    const names = new Set<string>();
    for (const folder of present) for (const name of list(folder)) names.add(name);
    for (const name of [...names].sort()) {
      const holders = present.map((folder) => path.join(folder, name)).filter((file) => exists(file));
      const runtimePath = path.posix.join(runtime, name);
      if (holders.length > 1 && isDirectory(holders[0])) split(runtimePath, holders, depth + 1);
      else pairs.push({ runtime: runtimePath, local: holders[0] });
    }
  };
  for (const mapping of mappings) split(mapping.runtime, mapping.local, 0);
  return byDepth(pairs, (pair) => pair.runtime);
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** Longest path first, so that the most specific mapping is the one a prefix match finds. */
function byDepth<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => key(b).length - key(a).length);
}
