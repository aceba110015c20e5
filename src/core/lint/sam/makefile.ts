// `sam build` with Metadata.BuildMethod: makefile runs `make build-<LogicalId>` in the CodeUri folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const MAKEFILE_NAMES = ['Makefile', 'makefile', 'GNUmakefile'];

/**
 * The Makefile of `folder` and whether it defines `target` (by name, or by a pattern rule such as `build-%:`);
 * undefined when there is no Makefile. A Makefile that includes others or computes its targets counts as having it.
 */
export async function makefileTarget(
  folder: string,
  target: string,
): Promise<{ file: string; hasTarget: boolean } | undefined> {
  for (const name of MAKEFILE_NAMES) {
    const file = path.join(folder, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    return { file, hasTarget: definesTarget(text, target) };
  }
  return undefined;
}

function definesTarget(text: string, target: string): boolean {
  for (const line of text.split('\n')) {
    if (/^-?s?include\s/.test(line)) return true;
    // A rule line: `build-Fn:`, `build-A build-Fn: deps`, `build-%:` (not a variable assignment `X := y`).
    const rule = /^([^\s:=#][^:=#]*?)\s*::?(?!=)/.exec(line);
    if (rule === null) continue;
    for (const word of rule[1]!.split(/\s+/)) {
      if (word === target || word.includes('$(') || word.includes('${')) return true;
      if (word.includes('%') && patternMatches(word, target)) return true;
    }
  }
  return false;
}

function patternMatches(pattern: string, target: string): boolean {
  const [prefix, suffix] = [pattern.slice(0, pattern.indexOf('%')), pattern.slice(pattern.indexOf('%') + 1)];
  return target.length > prefix.length + suffix.length && target.startsWith(prefix) && target.endsWith(suffix);
}
