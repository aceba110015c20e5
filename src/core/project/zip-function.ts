// Which template deploys a zip: a function whose CodeUri (or Code) is that zip file, or a layer whose ContentUri
// (or Content) is. Its runtime, CPU and layers are what the zip's checks run against; without one, the defaults hold.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readTemplateTargets } from '../package/targets';
import { isTemplateName } from './names';
import { cachedTemplate } from './target';
import { isProvidedRuntime, type TemplateFunctionDetails } from './template';

/** The zip's folder and this many parents are searched, as for bootstraps. */
const MAX_PARENT_LEVELS = 4;

/** How a template deploys a zip. */
export type ZipDeployment =
  | { readonly role: 'function'; readonly template: string; readonly fn: TemplateFunctionDetails }
  | {
      readonly role: 'layer';
      readonly template: string;
      /** The layer's logical id. */
      readonly name: string;
      /** The first provided.* function that uses the layer (its runtime and CPU), if any. */
      readonly usedBy?: TemplateFunctionDetails;
    };

/**
 * The provided.* .zip function of a nearby template (the zip's folder and a few parents, stopping at a git root)
 * whose code is the zip `file`, or undefined. Never rejects.
 */
export async function findZipFunction(file: string): Promise<TemplateFunctionDetails | undefined> {
  const found = await findZipDeployment(file);
  return found?.role === 'function' ? found.fn : undefined;
}

/**
 * How a nearby template (the zip's folder and a few parents, stopping at a git root) deploys the zip `file`: as a
 * provided.* function's code, or as a layer's content; undefined when none does. Never rejects.
 */
export async function findZipDeployment(file: string): Promise<ZipDeployment | undefined> {
  const zip = path.resolve(file);
  let folder = path.dirname(zip);
  for (let level = 0; level <= MAX_PARENT_LEVELS; level += 1) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter(isTemplateName).sort()) {
      const template = path.join(folder, name);
      const parsed = await cachedTemplate(template).catch(() => undefined);
      const fn = parsed?.functions.find((candidate) => deploysZip(candidate) && candidate.codeUri === zip);
      if (fn !== undefined) return { role: 'function', template, fn };
      const layer = (await layerZips(template)).find((candidate) => candidate.file === zip);
      if (layer !== undefined) {
        const usedBy = parsed?.functions.find(
          (candidate) =>
            isProvidedRuntime(candidate.runtime) &&
            candidate.layers.some((source) => source.kind === 'local' && source.folder === zip),
        );
        return { role: 'layer', template, name: layer.name, usedBy };
      }
    }
    const parent = path.dirname(folder);
    if (parent === folder || names.includes('.git')) break;
    folder = parent;
  }
  return undefined;
}

/**
 * The layers of the template `file` whose content is a local .zip file that exists (LayerVersion ContentUri, or
 * Content). Never rejects: a template that does not parse has none.
 */
export async function layerZips(file: string): Promise<{ readonly name: string; readonly file: string }[]> {
  const targets = await readTemplateTargets(file).catch(() => undefined);
  const zips: { name: string; file: string }[] = [];
  for (const target of targets?.targets ?? []) {
    if (target.kind !== 'layer' || !/\.zip$/i.test(target.folder)) continue;
    if ((await stat(target.folder).catch(() => undefined))?.isFile())
      zips.push({ name: target.name, file: target.folder });
  }
  return zips;
}

/** Whether `fn` is a provided.* function whose local code is a .zip file (not a folder). */
export function deploysZip(fn: TemplateFunctionDetails): boolean {
  return fn.packageType === 'Zip' && fn.localCode && isProvidedRuntime(fn.runtime) && /\.zip$/i.test(fn.codeUri);
}
