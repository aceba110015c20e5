// The runtime's path mappings (see core/path-mappings) in each debugger's own words, for its child configuration.
// Each is empty when the runtime sees local paths (in place, only a built layer's copies are mapped back to the
// layer's folder), so a configuration without a sandbox is what it always was.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { mappingPairs, toRuntime, type PathMapping } from '../path-mappings';
import { within } from '../within';

/** js-debug's one pair of roots, and the breakpoint files it leaves unmapped (they cannot bind). */
export interface JsDebugRoots {
  readonly localRoot?: string;
  readonly remoteRoot?: string;
  readonly unmapped: string[];
}

/**
 * js-debug's `localRoot`/`remoteRoot`. js-debug takes one pair, and it is what binds a breakpoint set before the
 * script loads (`sourceMapPathOverrides` would map a runtime path back, but a path outside `remoteRoot` is then
 * dropped, and breakpoints never use them). So the pair is the one that holds most of `breakpointFiles`: the task
 * root (`/var/task`, mapped to its first local folder: the workspace's for a zip's extracted code), or a layer's folder (`/opt`, or the folder a built layer's file was copied from) when the
 * breakpoints are there; the task root's on a tie or with none. Files of the other folders open as the runtime
 * shows them; `unmapped` names the breakpoint files among them.
 */
export function jsDebugRoots(
  mappings: readonly PathMapping[] | undefined,
  taskRoot: string,
  breakpointFiles: readonly string[] = [],
): JsDebugRoots {
  const all = mappings ?? [];
  // The candidates, in the order that wins a tie: the task root's pair, then no pair at all (the runtime's paths
  // are local ones: what serves the files outside every mapping), then the layers' pairs.
  interface Candidate {
    readonly roots?: { readonly localRoot: string; readonly remoteRoot: string };
    readonly files: string[];
  }
  const candidates = new Map<string, Candidate>();
  const taskMapping = all.find((candidate) => candidate.local.includes(taskRoot));
  const taskLocal = taskMapping?.local[0];
  if (taskMapping && taskLocal !== undefined) {
    const roots = { localRoot: taskLocal, remoteRoot: taskMapping.runtime };
    candidates.set(`${roots.remoteRoot}\0${roots.localRoot}`, { roots, files: [] });
  }
  const identity: Candidate = { files: [] };
  candidates.set('', identity);
  for (const file of breakpointFiles) {
    const roots = rootOf(all, file);
    if (roots === undefined) {
      // Outside every mapping, only the function's own code counts (in place, the runtime reads its task root
      // where it lies); the rest are breakpoints of other projects of the workspace, which this runtime never loads.
      if (within(taskRoot, file)) identity.files.push(file);
      continue;
    }
    const key = `${roots.remoteRoot}\0${roots.localRoot}`;
    const candidate = candidates.get(key) ?? { roots, files: [] };
    candidate.files.push(file);
    candidates.set(key, candidate);
  }
  const chosen = [...candidates.values()].reduce((best, candidate) =>
    candidate.files.length > best.files.length ? candidate : best,
  );
  const unmapped = [...candidates.values()].filter((candidate) => candidate !== chosen).flatMap((c) => c.files);
  return { ...(chosen.roots ?? {}), unmapped };
}

/**
 * The pair of roots that maps `file` the way `mappings` do: its runtime path's top folder (/var/task, /opt) and
 * the local folder that lies the same way above the file. Undefined for a file outside every mapping.
 */
function rootOf(mappings: readonly PathMapping[], file: string): { localRoot: string; remoteRoot: string } | undefined {
  const runtime = toRuntime(mappings, file);
  if (runtime === file) return undefined;
  const tops = mappings
    .map((mapping) => mapping.runtime)
    .filter((folder) => runtime.startsWith(`${folder}/`))
    .sort((a, b) => a.length - b.length);
  // In place, a built layer's file is mapped from its build's output by itself: that folder is the top.
  const top = tops[0] ?? path.posix.dirname(runtime);
  const relative = runtime.slice(top.length + 1).split('/');
  const local = file.split(path.sep);
  const tail = local.slice(-relative.length);
  if (tail.join('/') !== relative.join('/')) return { localRoot: file, remoteRoot: runtime };
  return { localRoot: local.slice(0, -relative.length).join(path.sep) || path.sep, remoteRoot: top };
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
