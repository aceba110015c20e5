// A template function's layers as local folders, ready for /opt: a LayerVersion of the template (its folder, built
// first when it has a Makefile or `BuildMethod: makefile`; a zip extracted), or a layer given by ARN that the user
// mapped to local content (`--layer ARN=PATH`, the setting lambdaRuntime.emulator.layers).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findMakefile, runBuild, type BuildOutput } from '../package/build';
import type { LayerSource } from '../project/template';
import { extractTaskRoot } from '../package/extract';
import type { BuiltLayer } from './built-layer-mappings';
import type { KeptLayerFolders } from './kept-layer-folders';

/** A layer that cannot be used here; the message says which and what to do. */
export class LayerError extends Error {
  override readonly name = 'LayerError';

  /**
   * Where the fix lies: `mapping` for a layer with no local content or a mapped path that cannot be used (`--layer`,
   * the setting lambdaRuntime.emulator.layers), `layer` for the layer's own content, Makefile or build.
   */
  constructor(
    message: string,
    readonly fixIn: 'layer' | 'mapping' = 'layer',
  ) {
    super(message);
  }
}

export interface LayerOptions {
  /** Local content for layers the template names by ARN (or parameter): a folder or a layer zip. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Receives the output of the layers' builds. */
  readonly output?: BuildOutput;
  /** A session's folders for built and extracted layers, kept across rebuilds; without it, each build has new ones. */
  readonly keep?: KeptLayerFolders;
}

export interface ResolvedLayers {
  /** The layers' folders in the template's order. */
  readonly folders: string[];
  /** The layers built into a folder of their own (BuildMethod makefile): where from, for the debuggers' mappings. */
  readonly built: BuiltLayer[];
  /** Removes what was made for them (extracted zips, build output). */
  dispose(): Promise<void>;
}

/**
 * Resolves the layers of the function `functionName` to local folders, building and extracting as needed.
 * Rejects with a {@link LayerError} naming the layer when one cannot be had, after removing what it made.
 */
export async function resolveLayers(
  functionName: string,
  layers: readonly LayerSource[],
  options: LayerOptions = {},
): Promise<ResolvedLayers> {
  const made: string[] = [];
  const dispose = async () => {
    await Promise.all(made.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  };
  const folders: string[] = [];
  const keys: string[] = [];
  let built: BuiltLayer[] = [];
  try {
    for (const [index, layer] of layers.entries()) {
      const folder = await resolveLayer(functionName, layer, index, options, made);
      if (folder === undefined) continue;
      folders.push(folder);
      keys.push(`${index}:${layer.kind === 'local' ? layer.folder : layer.reference}`);
      if (layer.kind === 'local' && folder !== layer.folder && made.includes(folder) && layer.buildMethod !== undefined)
        built.push({ source: layer.folder, output: folder });
    }
    // Only now that every layer is ready: a rebuild that failed has left the kept folders as they were.
    for (const [index, fresh] of folders.entries()) {
      if (!options.keep || !made.includes(fresh)) continue;
      made.splice(made.indexOf(fresh), 1);
      const kept = await options.keep.keep(keys[index], fresh);
      folders[index] = kept;
      built = built.map((layer) => (layer.output === fresh ? { ...layer, output: kept } : layer));
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { folders, built, dispose };
}

async function resolveLayer(
  functionName: string,
  layer: LayerSource,
  index: number,
  options: LayerOptions,
  made: string[],
): Promise<string | undefined> {
  const output = options.output ?? (() => undefined);
  if (layer.kind === 'unknown') {
    const reference = layer.reference;
    const mapped = reference === undefined ? undefined : options.overrides?.[reference];
    // A parameter's layers (the scaffolds' interpreter layers) are chosen at deploy time and may be none: run
    // without them, as a function whose interpreter is this machine's, and say so.
    if (mapped === undefined && layer.parameter !== undefined) {
      output(
        `${functionName}: its layers come from the parameter ${layer.parameter}, given only when the stack is ` +
          `deployed: it runs here without them (with what this machine has on PATH). To run with one, map ` +
          `"${reference}" to a local folder or layer zip: --layer "${reference}=PATH", or the setting ` +
          `lambdaRuntime.emulator.layers.\n`,
      );
      return undefined;
    }
    if (mapped === undefined) throw unknownLayer(functionName, reference, index);
    return localContent(path.resolve(mapped), `the layer ${reference}`, made).catch((error: unknown) => {
      throw error instanceof LayerError ? new LayerError(error.message, 'mapping') : error;
    });
  }
  const what = `the layer ${layer.name ?? layer.folder}`;
  const method = layer.buildMethod?.toLowerCase();
  if (method === 'makefile') {
    if ((await findMakefile(layer.folder)) === undefined) {
      throw new LayerError(
        `${functionName}: ${what} has BuildMethod makefile but ${layer.folder} has no Makefile with a build-${layer.name} target.`,
      );
    }
    // A fresh ARTIFACTS_DIR, as sam build gives: the layer's content is exactly what its target put there.
    const artifacts = await mkdtemp(path.join(tmpdir(), 'lrk-layer-'));
    made.push(artifacts);
    await runBuild({ folder: layer.folder, target: `build-${layer.name}`, artifactsDir: artifacts }, output).catch(
      (error: Error) => {
        throw new LayerError(`${functionName}: ${what}: ${error.message}`);
      },
    );
    return artifacts;
  }
  if (method !== undefined) {
    throw new LayerError(
      `${functionName}: ${what} has BuildMethod ${layer.buildMethod}, a build only sam build runs; run 'sam build' ` +
        `and map the layer to its output, or build it with a Makefile (BuildMethod: makefile).`,
    );
  }
  const content = await localContent(layer.folder, what, made);
  if (content === layer.folder && (await findMakefile(layer.folder)) !== undefined) {
    await runBuild({ folder: layer.folder }, output).catch((error: Error) => {
      throw new LayerError(`${functionName}: ${what}: ${error.message}`);
    });
  }
  return content;
}

/** A folder as it is, or a zip extracted into a temporary folder. */
async function localContent(file: string, what: string, made: string[]): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) throw new LayerError(`The content of ${what}, ${file}, does not exist.`);
  if (info.isDirectory()) return file;
  // Extracted as a function's zip is: the same modes, and nothing allowed outside the folder.
  const extracted = await extractTaskRoot(file).catch((error: Error) => {
    throw new LayerError(`The content of ${what}, ${file}, cannot be used: ${error.message}.`);
  });
  made.push(extracted.taskRoot);
  return extracted.taskRoot;
}

function unknownLayer(functionName: string, reference: string | undefined, index: number): LayerError {
  const named = reference ?? `number ${index + 1} (a value known only once deployed)`;
  const key = reference !== undefined && !reference.startsWith('!') ? reference : 'ARN';
  return new LayerError(
    `${functionName}: its layer ${named} is not in this template, so its content is not on this machine. ` +
      `Map it to a local folder or layer zip: --layer ${key}=PATH on the command line, or in the editor the ` +
      `setting lambdaRuntime.emulator.layers ({ "${key}": "PATH" }).`,
    'mapping',
  );
}
