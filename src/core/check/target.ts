// The function a template describes, as check runs it (the same as `serve --template` runs it).
import path from 'node:path';
import type { FunctionConfig } from '../emulator';
import { extractForRun } from '../package/temporary-task-root';
import type { TemplateFunctionDetails } from '../project';
import { deploysZip } from '../project/zip-function';

/**
 * The emulator's configuration of a template function, or undefined for an image function whose Dockerfile
 * copies no bootstrap from the build context (nothing here can run it).
 */
export function functionConfigOf(fn: TemplateFunctionDetails): FunctionConfig | undefined {
  if (fn.packageType === 'Image' && fn.bootstrap === undefined) return undefined;
  const bootstrap = fn.bootstrap ?? path.join(fn.codeUri, 'bootstrap');
  return {
    name: fn.name,
    bootstrap,
    handler: fn.handler,
    taskRoot: fn.codeUri,
    runtimeDir: path.dirname(bootstrap),
    timeoutSeconds: fn.timeoutSeconds,
    memoryMb: fn.memoryMb,
    architecture: fn.architecture,
    environment: { ...fn.environment },
    ...fn.logging,
    ...(fn.maxConcurrency !== undefined ? { maxConcurrency: fn.maxConcurrency } : {}),
    tenantIsolation: fn.tenantIsolation,
  };
}

/** A template function ready for check, and what removes what was made for it. */
export interface PreparedCheckFunction {
  readonly config: FunctionConfig;
  dispose(): Promise<void>;
}

/**
 * {@link functionConfigOf}, with a CodeUri that is a .zip extracted to a temporary task root with the zip's modes,
 * as `serve --template` runs it; `dispose` removes it. Rejects with a ZipExtractError (a sentence naming the zip)
 * when the zip cannot be used; undefined where functionConfigOf gives nothing.
 */
export async function prepareCheckFunction(fn: TemplateFunctionDetails): Promise<PreparedCheckFunction | undefined> {
  if (!deploysZip(fn)) {
    const config = functionConfigOf(fn);
    return config && { config, dispose: async () => undefined };
  }
  const extracted = await extractForRun(fn.codeUri);
  const config = functionConfigOf({ ...fn, codeUri: extracted.taskRoot })!;
  return { config, dispose: () => extracted.dispose() };
}
