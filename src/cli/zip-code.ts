// `--zip FILE` for serve and invoke: the function's code is the deployment zip, extracted to a temporary task
// root as Lambda extracts it, and removed again however the command ends (done, failed, Ctrl+C).
import path from 'node:path';
import type { FunctionConfig } from '../core/emulator';
import { readEnvVars } from '../core/emulator/env-vars';
import { extractForRun, ownerOnlyWarning } from '../core/package/temporary-task-root';
import { bootstrapFunction, SINGLE_FUNCTION_NAME, type LoggingOptions } from './args';
import type { CliIO } from './io';

/** The one function of `--bootstrap` or `--zip`, and what cleans up after it. */
export interface CommandLineCode {
  readonly fn: FunctionConfig;
  /** With `--zip`: the zip and the folder it is extracted to (for `serve --watch`). */
  readonly zip?: { readonly file: string; readonly taskRoot: string };
  dispose(): Promise<void>;
}

interface CodeOptions {
  readonly bootstrap?: string;
  readonly zip?: string;
  readonly handler?: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly envVars?: string;
  readonly logging?: LoggingOptions;
}

/**
 * The function `--bootstrap PATH` or `--zip FILE` names. With a zip, its bootstrap is /var/task/bootstrap of the
 * extracted folder whether or not the zip has one: the emulator then answers Runtime.InvalidEntrypoint as Lambda
 * does. Rejects with a ZipExtractError for a zip that cannot be extracted safely.
 */
export async function commandLineCode(options: CodeOptions, io: CliIO): Promise<CommandLineCode> {
  if (options.zip === undefined) return { fn: await bootstrapFunction(options), dispose: async () => undefined };
  const zip = path.resolve(options.zip);
  const abort = new AbortController();
  const stop = () => abort.abort();
  // Ctrl+C while a big zip is extracted: stop, and leave no folder behind.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let extracted;
  try {
    extracted = await extractForRun(zip, { signal: abort.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  const { taskRoot } = extracted;
  io.err(`Extracted ${options.zip} (${extracted.entries} entries) to ${taskRoot}, which stands for /var/task.\n`);
  const warning = await ownerOnlyWarning(path.join(taskRoot, 'bootstrap'));
  if (warning) io.err(`${warning}\n`);
  const dispose = () => extracted.dispose();
  let environment;
  try {
    environment = options.envVars ? await readEnvVars(options.envVars, SINGLE_FUNCTION_NAME) : undefined;
  } catch (error) {
    await dispose();
    throw error;
  }
  const fn: FunctionConfig = {
    name: SINGLE_FUNCTION_NAME,
    bootstrap: path.join(taskRoot, 'bootstrap'),
    handler: options.handler,
    taskRoot,
    runtimeDir: taskRoot,
    timeoutSeconds: options.timeoutSeconds,
    memoryMb: options.memoryMb,
    environment,
    ...options.logging,
  };
  return { fn, zip: { file: zip, taskRoot }, dispose };
}
