// Which template function deploys a zip: the one whose CodeUri (or Code) is that zip file. Its runtime, CPU and
// layers are what the zip's checks run against; without one, the defaults hold.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isTemplateName } from './names';
import { cachedTemplate } from './target';
import { isProvidedRuntime, type TemplateFunctionDetails } from './template';

/** The zip's folder and this many parents are searched, as for bootstraps. */
const MAX_PARENT_LEVELS = 4;

/**
 * The provided.* .zip function of a nearby template (the zip's folder and a few parents, stopping at a git root)
 * whose code is the zip `file`, or undefined. Never rejects.
 */
export async function findZipFunction(file: string): Promise<TemplateFunctionDetails | undefined> {
  const zip = path.resolve(file);
  let folder = path.dirname(zip);
  for (let level = 0; level <= MAX_PARENT_LEVELS; level += 1) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter(isTemplateName).sort()) {
      const parsed = await cachedTemplate(path.join(folder, name)).catch(() => undefined);
      const fn = parsed?.functions.find((candidate) => deploysZip(candidate) && candidate.codeUri === zip);
      if (fn !== undefined) return fn;
    }
    const parent = path.dirname(folder);
    if (parent === folder || names.includes('.git')) break;
    folder = parent;
  }
  return undefined;
}

/** Whether `fn` is a provided.* function whose local code is a .zip file (not a folder). */
export function deploysZip(fn: TemplateFunctionDetails): boolean {
  return fn.packageType === 'Zip' && fn.localCode && isProvidedRuntime(fn.runtime) && /\.zip$/i.test(fn.codeUri);
}
