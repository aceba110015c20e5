// A template function as the emulator runs it: its code, its layers for /opt (built, extracted, mapped from an
// ARN), the bootstrap Lambda would start (the code's, else the last layer's /opt/bootstrap) and where it runs.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { FunctionConfig } from '../emulator/types';
import type { SandboxMode } from '../emulator/sandbox/probe';
import type { BuildOutput } from '../package/build';
import { extractForRun, ownerOnlyWarning } from '../package/temporary-task-root';
import type { LayerSource, TemplateFunctionDetails } from '../project/template';
import { deploysZip } from '../project/zip-function';
import { decideExecution, type Execution } from './execution';
import { builtLayerMappings } from './built-layer-mappings';
import { resolveLayers } from './layers';
import type { KeptLayerFolders } from './kept-layer-folders';

export interface TemplateRunOptions {
  readonly sandbox: SandboxMode;
  /** Local content (folder or zip) for layers given by ARN. */
  readonly layerOverrides?: Readonly<Record<string, string>>;
  /** Receives the layers' build output. */
  readonly output?: BuildOutput;
  /** Settings that replace the template's (--timeout, --memory, the launch configuration's). */
  readonly overrides?: Partial<Pick<FunctionConfig, 'timeoutSeconds' | 'memoryMb' | 'handler'>>;
  /** Variables over the template's (--env-vars, envFile, the launch configuration's). */
  readonly environment?: Readonly<Record<string, string>>;
}

export interface TemplateRun extends Execution {
  /** Removes the layers' extracted and built content. */
  dispose(): Promise<void>;
}

/** Whether `file` is a file (a bootstrap may be a link to one). */
function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The bootstrap Lambda starts: the code's own, else /opt/bootstrap from the last layer that has one; with neither,
 * the code's (missing) bootstrap, which the emulator reports as Lambda does.
 */
export function chooseBootstrap(codeUri: string, layers: readonly string[], own?: string): string {
  if (own !== undefined) return own;
  const inCode = path.join(codeUri, 'bootstrap');
  if (isFile(inCode)) return inCode;
  const layer = [...layers].reverse().find((folder) => isFile(path.join(folder, 'bootstrap')));
  return layer !== undefined ? path.join(layer, 'bootstrap') : inCode;
}

/**
 * Prepares `fn` to run: resolves its layers (rejecting with a LayerError), picks the bootstrap, decides the
 * sandbox (rejecting with a SandboxUnavailableError under `on` where it cannot run). Image functions run in
 * place: their file system is the image's, which no layer makes. A CodeUri that is a .zip is extracted to a
 * temporary task root with the zip's modes, as Lambda runs it (a ZipExtractError when it cannot be); `dispose`
 * removes it.
 */
export async function prepareTemplateFunction(
  fn: TemplateFunctionDetails,
  options: TemplateRunOptions,
): Promise<TemplateRun> {
  if (deploysZip(fn)) return prepareZipFunction(fn, options);
  const config: FunctionConfig = {
    name: fn.name,
    bootstrap: fn.bootstrap ?? path.join(fn.codeUri, 'bootstrap'),
    handler: options.overrides?.handler ?? fn.handler,
    taskRoot: fn.codeUri,
    timeoutSeconds: options.overrides?.timeoutSeconds ?? fn.timeoutSeconds,
    memoryMb: options.overrides?.memoryMb ?? fn.memoryMb,
    architecture: fn.architecture,
    environment: { ...fn.environment, ...(options.environment ?? {}) },
  };
  if (fn.packageType === 'Image') {
    return {
      config: { ...config, runtimeDir: path.dirname(config.bootstrap) },
      pathMappings: [],
      dispose: async () => undefined,
    };
  }
  return prepareFunction(config, fn.layers, { ...options, tmpSizeMb: fn.ephemeralStorageMb });
}

/**
 * Prepares a function of `config` with the template layers `layers`: resolves them, takes /opt/bootstrap from them
 * unless `explicitBootstrap` or the code has its own, and decides the sandbox. What the editor's F5 and the
 * command line share.
 */
export async function prepareFunction(
  config: FunctionConfig,
  layers: readonly LayerSource[],
  options: TemplateRunOptions & {
    readonly tmpSizeMb?: number;
    readonly explicitBootstrap?: boolean;
    /** Where built and extracted layers go, kept across a session's rebuilds (see KeptLayerFolders). */
    readonly keptLayers?: KeptLayerFolders;
  },
): Promise<TemplateRun> {
  const taskRoot = config.taskRoot ?? path.dirname(config.bootstrap);
  const resolved = await resolveLayers(config.name, layers, {
    ...(options.layerOverrides ? { overrides: options.layerOverrides } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(options.keptLayers ? { keep: options.keptLayers } : {}),
  });
  const bootstrap = options.explicitBootstrap ? config.bootstrap : chooseBootstrap(taskRoot, resolved.folders);
  const withLayers: FunctionConfig = {
    ...config,
    bootstrap,
    taskRoot,
    runtimeDir: config.runtimeDir ?? path.dirname(bootstrap),
    ...(resolved.folders.length > 0 ? { layers: resolved.folders } : {}),
  };
  try {
    const execution = await decideExecution(withLayers, options.sandbox, options.tmpSizeMb);
    const sandboxed = execution.config.sandbox !== undefined;
    // Built layers run from a copy: their debuggers open the layer's own files, where breakpoints are set.
    const copies = builtLayerMappings(resolved.folders, resolved.built, sandboxed);
    return { ...execution, pathMappings: [...execution.pathMappings, ...copies], dispose: resolved.dispose };
  } catch (error) {
    await resolved.dispose();
    throw error;
  }
}

/** A template function whose code is a .zip: run from its extracted copy, removed with the run. */
async function prepareZipFunction(fn: TemplateFunctionDetails, options: TemplateRunOptions): Promise<TemplateRun> {
  const extracted = await extractForRun(fn.codeUri);
  const { taskRoot } = extracted;
  options.output?.(
    `${fn.name}: extracted ${fn.codeUri} (${extracted.entries} entries) to ${taskRoot}, which stands for /var/task.\n`,
  );
  const warning = await ownerOnlyWarning(path.join(taskRoot, 'bootstrap'));
  if (warning) options.output?.(`${fn.name}: ${warning}\n`);
  try {
    const run = await prepareTemplateFunction({ ...fn, codeUri: taskRoot }, options);
    return {
      ...run,
      dispose: async () => {
        await run.dispose();
        await extracted.dispose();
      },
    };
  } catch (error) {
    await extracted.dispose();
    throw error;
  }
}
