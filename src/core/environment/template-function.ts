// A template function as the emulator runs it: its code, its layers for /opt (built, extracted, mapped from an
// ARN), the bootstrap Lambda would start (the code's, else the last layer's /opt/bootstrap) and where it runs.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { FunctionConfig } from '../emulator/types';
import type { SandboxMode } from '../emulator/sandbox/probe';
import type { BuildOutput } from '../package/build';
import type { TemplateFunctionDetails } from '../project/template';
import { decideExecution, type Execution } from './execution';
import { resolveLayers } from './layers';

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
 * place: their file system is the image's, which no layer makes.
 */
export async function prepareTemplateFunction(
  fn: TemplateFunctionDetails,
  options: TemplateRunOptions,
): Promise<TemplateRun> {
  const image = fn.packageType === 'Image';
  const layers = image
    ? { folders: [], dispose: async () => undefined }
    : await resolveLayers(fn.name, fn.layers, {
        ...(options.layerOverrides ? { overrides: options.layerOverrides } : {}),
        ...(options.output ? { output: options.output } : {}),
      });
  const bootstrap = chooseBootstrap(fn.codeUri, layers.folders, fn.bootstrap);
  const config: FunctionConfig = {
    name: fn.name,
    bootstrap,
    handler: options.overrides?.handler ?? fn.handler,
    taskRoot: fn.codeUri,
    runtimeDir: path.dirname(bootstrap),
    timeoutSeconds: options.overrides?.timeoutSeconds ?? fn.timeoutSeconds,
    memoryMb: options.overrides?.memoryMb ?? fn.memoryMb,
    architecture: fn.architecture,
    environment: { ...fn.environment, ...(options.environment ?? {}) },
    ...(layers.folders.length > 0 ? { layers: layers.folders } : {}),
  };
  try {
    const execution = image
      ? { config, pathMappings: [] }
      : await decideExecution(config, options.sandbox, fn.ephemeralStorageMb);
    return { ...execution, dispose: layers.dispose };
  } catch (error) {
    await layers.dispose();
    throw error;
  }
}
