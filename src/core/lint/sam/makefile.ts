// `sam build` with Metadata.BuildMethod: makefile runs `make build-<LogicalId>` in the CodeUri folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const MAKEFILE_NAMES = ['Makefile', 'makefile', 'GNUmakefile'];

/** The Makefile of `folder` and whether it defines `target`; undefined when there is no Makefile. */
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
    const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A rule line: `build-Fn:` or `build-A build-Fn: deps` (not a variable assignment `X := y`).
    const rule = new RegExp(`^(?:[^\\s:=#]+\\s+)*${escaped}(?:\\s+[^\\s:=#]+)*\\s*::?(?!=)`, 'm');
    return { file, hasTarget: rule.test(text) };
  }
  return undefined;
}
