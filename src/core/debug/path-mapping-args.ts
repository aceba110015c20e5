// The runtime's path mappings (see core/path-mappings) in each debugger's own words, for its child configuration.
// Each is empty when the runtime sees local paths, so a configuration without a sandbox is what it always was.
import { mappingPairs, type PathMapping } from '../path-mappings';

/**
 * js-debug's `localRoot`/`remoteRoot`: one pair only, so the one of the handler's folder (the task root); files
 * elsewhere (a layer's under /opt) open as the runtime shows them.
 */
export function jsDebugRoots(
  mappings: readonly PathMapping[] | undefined,
  taskRoot: string,
): { localRoot?: string; remoteRoot?: string } {
  const pair = mappingPairs(mappings ?? []).find((candidate) => candidate.local === taskRoot);
  return pair ? { localRoot: pair.local, remoteRoot: pair.runtime } : {};
}

/** debugpy's `pathMappings`: the most specific first, as it takes the first that matches. */
export function debugpyPathMappings(
  mappings: readonly PathMapping[] | undefined,
): { localRoot: string; remoteRoot: string }[] {
  return mappingPairs(mappings ?? []).map((pair) => ({ localRoot: pair.local, remoteRoot: pair.runtime }));
}

/** Delve's `substitutePath`: `from` the editor's (local) path `to` the one the debugged program has. */
export function delveSubstitutePath(mappings: readonly PathMapping[] | undefined): { from: string; to: string }[] {
  return mappingPairs(mappings ?? []).map((pair) => ({ from: pair.local, to: pair.runtime }));
}

/** LLDB's `sourceMap`: [the path in the program's debug information, the local one]. */
export function lldbSourceMap(mappings: readonly PathMapping[] | undefined): [string, string][] {
  return mappingPairs(mappings ?? []).map((pair) => [pair.runtime, pair.local]);
}
