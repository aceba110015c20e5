// A layer built by make (BuildMethod makefile, or a Makefile) runs from its build's output, a copy in a temporary
// folder; the files that build copied unchanged from the layer's own folder (a runtime's bootstrap, its modules) are
// the ones a user opens and sets breakpoints on. Each such file gets its own mapping to the original, so the
// debuggers open and bind the layer's files, not the copies. Only copies are mapped: a file the build made or
// changed keeps its mapping to the output, where its lines are.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PathMapping } from '../path-mappings';

/** The runtime folder layers are merged at. */
const OPT = '/opt';
/** Files larger than this are no source anyone steps through (an interpreter, a library): not compared. */
const MAX_COMPARED_BYTES = 1024 * 1024;
/** A layer's output is searched this deep and this wide at most. */
const MAX_DEPTH = 8;
const MAX_FILES = 2000;

export interface BuiltLayer {
  /** The layer's own folder (its ContentUri). */
  readonly source: string;
  /** The build's output, what /opt holds. */
  readonly output: string;
}

/**
 * Mappings to the layer folders that built files were copied from, for `layers` in the template's order: in a
 * sandbox from /opt (a later layer's file replaces an earlier one's there, and its mapping with it), in place from
 * the build's output, where the runtime reads them. `built` says which layers were built, and from where.
 */
export function builtLayerMappings(
  layers: readonly string[],
  built: readonly BuiltLayer[],
  sandboxed: boolean,
): PathMapping[] {
  if (built.length === 0) return [];
  const byRuntime = new Map<string, string | undefined>();
  for (const folder of layers) {
    const layer = built.find((candidate) => candidate.output === folder);
    if (layer === undefined && !sandboxed) continue;
    for (const relative of filesUnder(folder)) {
      const original = layer === undefined ? undefined : path.join(layer.source, relative);
      const runtime = sandboxed ? path.posix.join(OPT, ...relative.split(path.sep)) : path.join(folder, relative);
      const copied = original !== undefined && sameContent(path.join(folder, relative), original);
      byRuntime.set(runtime, copied ? original : undefined);
    }
  }
  const mappings: PathMapping[] = [];
  for (const [runtime, original] of byRuntime)
    if (original !== undefined) mappings.push({ runtime, local: [original] });
  return mappings;
}

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (relative: string, depth: number) => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
    let names: string[];
    try {
      names = readdirSync(path.join(folder, relative));
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const child = path.join(relative, name);
      let info;
      try {
        info = statSync(path.join(folder, child));
      } catch {
        continue;
      }
      if (info.isDirectory()) walk(child, depth + 1);
      else if (info.isFile() && found.length < MAX_FILES) found.push(child);
    }
  };
  walk('', 0);
  return found;
}

function sameContent(copy: string, original: string): boolean {
  try {
    const a = statSync(copy);
    const b = statSync(original);
    if (!b.isFile() || a.size !== b.size || a.size > MAX_COMPARED_BYTES) return false;
    return readFileSync(copy).equals(readFileSync(original));
  } catch {
    return false;
  }
}
