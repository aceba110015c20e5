// The functions of a template for serve and invoke: each with its layers at /opt and Lambda's file system where
// the sandbox runs, the template's problems printed as warnings, the notice of running in place said once.
import path from 'node:path';
import type { FunctionConfig } from '../core/emulator';
import { readEnvVars } from '../core/emulator/env-vars';
import {
  decideExecution,
  LayerError,
  localLayerSources,
  prepareTemplateFunction,
  SandboxUnavailableError,
  type TemplateRun,
} from '../core/environment';
import { PackageError, ZipExtractError } from '../core/package';
import { readTemplateFunctions } from '../core/project';
import { deploysZip } from '../core/project/zip-function';
import type { TemplateFunctionDetails } from '../core/project/template';
import { UsageError, type LoggingOptions } from './args';
import type { EnvironmentOptions } from './environment-args';
import type { CliIO } from './io';

/** A setup failure that is no usage mistake (a layer build failed, the sandbox asked for is missing): exit 1. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

export interface TemplateRunRequest extends EnvironmentOptions {
  readonly template: string;
  /** Only this function (invoke --function); every runnable one otherwise. */
  readonly functionName?: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly envVars?: string;
  /** `--log-format`, `--log-level`, `--max-concurrency`: over the template's LoggingConfig and capacity provider. */
  readonly logging?: LoggingOptions;
  /** The command that runs the functions, for its messages; serve without a function name, invoke with one. */
  readonly command?: 'serve' | 'invoke' | 'check';
}

export interface TemplateFunctionsRun {
  readonly functions: FunctionConfig[];
  /** Each function's local layer content (folders and zips, mapped ones too), for --watch. */
  readonly layerSources: ReadonlyMap<string, readonly string[]>;
  /** The deployment zip of each function whose CodeUri is one (it runs from an extracted copy), for --watch. */
  readonly codeZips: ReadonlyMap<string, string>;
  /**
   * Prepares the function `name` again (its layers rebuilt, extracted, merged): the configuration to reload it
   * with, and what removes the previous layers' content once nothing runs them. Rejects as templateRun does.
   */
  rebuild(name: string): Promise<{ config: FunctionConfig; release(): Promise<void> }>;
  /** Removes the layers' extracted and built content. */
  dispose(): Promise<void>;
}

/**
 * The template's runnable functions (or the one named), prepared to run. Throws a {@link UsageError} for an
 * unreadable template or an unknown function, a {@link SetupError} when a layer or the sandbox cannot be had.
 */
export async function templateRun(request: TemplateRunRequest, io: CliIO): Promise<TemplateFunctionsRun> {
  const template = path.resolve(request.template);
  let found;
  try {
    found = await readTemplateFunctions(template);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\.$/, ''));
  }
  for (const problem of found.problems) {
    if (
      request.functionName !== undefined &&
      problem.functionName !== undefined &&
      problem.functionName !== request.functionName
    )
      continue;
    io.err(`${request.template}:${problem.range.start.line + 1}: ${problem.severity}: ${problem.message}\n`);
  }
  let candidates = found.functions;
  if (request.functionName !== undefined) {
    candidates = candidates.filter((fn) => fn.name === request.functionName);
    if (candidates.length === 0) {
      const names = found.functions.map((fn) => fn.name);
      throw new UsageError(
        `${request.template} has no custom-runtime function ${request.functionName}` +
          (names.length > 0 ? ` (it has ${names.join(', ')})` : ''),
      );
    }
  }
  const runs = new Map<string, TemplateRun>();
  const functions: FunctionConfig[] = [];
  const layerSources = new Map<string, string[]>();
  const codeZips = new Map<string, string>();
  const dispose = async () => {
    const all = [...runs.values()];
    runs.clear();
    await Promise.all(all.map((run) => run.dispose()));
  };
  const prepare = async (fn: TemplateFunctionDetails): Promise<{ run: TemplateRun; config: FunctionConfig }> => {
    const environment = request.envVars ? await readEnvVars(request.envVars, fn.name) : {};
    const run = await prepareTemplateFunction(fn, {
      sandbox: request.sandbox ?? 'auto',
      layerOverrides: request.layerOverrides,
      output: (text) => io.err(text),
      overrides: {
        ...(request.timeoutSeconds !== undefined ? { timeoutSeconds: request.timeoutSeconds } : {}),
        ...(request.memoryMb !== undefined ? { memoryMb: request.memoryMb } : {}),
      },
      environment,
    });
    const config: FunctionConfig = {
      ...run.config,
      ...fn.logging,
      ...(fn.maxConcurrency !== undefined ? { maxConcurrency: fn.maxConcurrency } : {}),
      tenantIsolation: fn.tenantIsolation,
      ...request.logging,
    };
    return { run, config };
  };
  const prepared = new Map<string, TemplateFunctionDetails>();
  try {
    for (const fn of candidates) {
      if (fn.packageType === 'Image' && fn.bootstrap === undefined) {
        io.err(`${fn.name}: skipped: its Dockerfile copies no bootstrap from the build context to run here.\n`);
        continue;
      }
      let ready: { run: TemplateRun; config: FunctionConfig };
      try {
        ready = await prepare(fn);
      } catch (error) {
        // Serving the whole template: a function whose CodeUri zip cannot be used is left out, the others serve.
        if (error instanceof ZipExtractError && request.functionName === undefined) {
          io.err(`${fn.name}: skipped: ${error.message}\n`);
          continue;
        }
        rethrowSetup(error);
      }
      const { run, config } = ready;
      runs.set(fn.name, run);
      prepared.set(fn.name, fn);
      functions.push(config);
      if (fn.packageType !== 'Image') layerSources.set(fn.name, localLayerSources(fn.layers, request.layerOverrides));
      if (deploysZip(fn)) codeZips.set(fn.name, fn.codeUri);
      if (run.notice) io.err(`${run.notice}\n`);
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  const rebuild = async (name: string) => {
    const fn = prepared.get(name);
    if (fn === undefined) throw new Error(`No function ${name} was prepared.`);
    const { run, config } = await prepare(fn).catch(rethrowSetup);
    const previous = runs.get(name);
    runs.set(name, run);
    return { config, release: async () => previous?.dispose() };
  };
  if (runs.size === 0) {
    throw new UsageError(
      `${request.template} has no custom-runtime (provided.*) function to ${request.command ?? (request.functionName === undefined ? 'serve' : 'invoke')}`,
    );
  }
  return { functions, layerSources, codeZips, rebuild, dispose };
}

/** `--bootstrap` under `--sandbox on|auto`: the same environment for a bare bootstrap (off unless asked). */
export async function bootstrapRun(
  config: FunctionConfig,
  options: EnvironmentOptions,
  io: CliIO,
): Promise<FunctionConfig> {
  if (options.sandbox === undefined || options.sandbox === 'off') return config;
  const execution = await decideExecution(config, options.sandbox).catch(rethrowSetup);
  if (execution.notice) io.err(`${execution.notice}\n`);
  return execution.config;
}

function rethrowSetup(error: unknown): never {
  if (error instanceof LayerError || error instanceof SandboxUnavailableError || error instanceof PackageError) {
    throw new SetupError(error.message);
  }
  throw error;
}
