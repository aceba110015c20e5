// The function a template describes, as check runs it (the same as `serve --template` runs it).
import path from 'node:path';
import type { FunctionConfig } from '../emulator';
import type { TemplateFunctionDetails } from '../project';

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
