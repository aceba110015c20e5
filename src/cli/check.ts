// `lambda-runtime-kit check`: runs a runtime through the conformance scenarios and reports what it gets wrong.
import path from 'node:path';
import type { FunctionConfig } from '../core/emulator';
import {
  formatJson,
  formatJunit,
  formatResultText,
  runCheck,
  selectScenarios,
  summary,
  type ScenarioResult,
} from '../core/check';
import { bootstrapFunction, memory, nonEmpty, parse, reportSetupError, timeout, UsageError } from './args';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes';
import { EXIT_INTERRUPTED } from './invoke';
import type { CliIO } from './io';
import { readTemplateFunctions } from '../core/project';
import { templateRun } from './template-run';

const FORMATS = ['text', 'json', 'junit'] as const;
type CheckFormat = (typeof FORMATS)[number];

interface CheckOptions {
  readonly bootstrap?: string;
  readonly template?: string;
  readonly functionName?: string;
  readonly handler?: string;
  readonly errorHandler?: string;
  readonly format: CheckFormat;
  readonly scenarios: readonly string[];
  readonly managedInstances: boolean;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly envVars?: string;
}

/** Parses `check`'s arguments; throws a UsageError on anything the contract does not allow. */
export function parseCheckArgs(args: readonly string[]): CheckOptions {
  const { values } = parse(args, {
    bootstrap: { type: 'string' },
    handler: { type: 'string' },
    'error-handler': { type: 'string' },
    template: { type: 'string' },
    function: { type: 'string' },
    format: { type: 'string' },
    scenario: { type: 'string', multiple: true },
    'managed-instances': { type: 'boolean' },
    timeout: { type: 'string' },
    memory: { type: 'string' },
    'env-vars': { type: 'string' },
  });
  const bootstrap = nonEmpty(values.bootstrap as string | undefined, '--bootstrap');
  const template = nonEmpty(values.template as string | undefined, '--template');
  const functionName = nonEmpty(values.function as string | undefined, '--function');
  if (bootstrap !== undefined && template !== undefined) {
    throw new UsageError('give either --bootstrap PATH or --template T --function NAME, not both');
  }
  if (bootstrap === undefined && template === undefined) {
    throw new UsageError('missing --bootstrap PATH (or --template T --function NAME)');
  }
  if (template !== undefined && values.handler !== undefined) {
    throw new UsageError('--handler goes with --bootstrap; with --template the function has its own Handler');
  }
  if (functionName !== undefined && template === undefined) throw new UsageError('--function goes with --template');
  const format = (values.format as string | undefined) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be text, json or junit, not '${format}'`);
  }
  const scenarios = (values.scenario as string[] | undefined) ?? [];
  try {
    selectScenarios(scenarios);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\.$/, ''));
  }
  return {
    bootstrap,
    template,
    functionName,
    handler: values.handler as string | undefined,
    errorHandler: nonEmpty(values['error-handler'] as string | undefined, '--error-handler'),
    format: format as CheckFormat,
    scenarios,
    managedInstances: (values['managed-instances'] as boolean | undefined) ?? false,
    timeoutSeconds: timeout(values.timeout as string | undefined),
    memoryMb: memory(values.memory as string | undefined),
    envVars: nonEmpty(values['env-vars'] as string | undefined, '--env-vars'),
  };
}

/** The template's function `--function` names (or its only custom-runtime function). */
async function templateFunction(
  options: CheckOptions,
  io: CliIO,
  cleanup: (() => Promise<void>)[],
): Promise<FunctionConfig> {
  // Only the one function is prepared (its layers extracted or built, its zip extracted), never the others: without
  // --function the template must have just one to check.
  let functionName = options.functionName;
  if (functionName === undefined && options.template !== undefined) {
    const found = await readTemplateFunctions(path.resolve(options.template)).catch((error: Error) => {
      throw new UsageError(error.message.replace(/\.$/, ''));
    });
    const names = found.functions.map((fn) => fn.name);
    if (names.length > 1) {
      throw new UsageError(
        `${options.template} has ${names.length} custom-runtime functions; pick one with --function (${names.join(', ')})`,
      );
    }
    functionName = names[0];
  }
  const run = await templateRun(
    { ...options, template: options.template ?? '', functionName, layerOverrides: {}, command: 'check' },
    io,
  );
  cleanup.push(run.dispose);
  const { functions } = run;
  const fn = functions.find((candidate) => candidate.name === functionName);
  if (!fn) {
    throw new UsageError(
      `${options.template} has no custom-runtime function ${options.functionName} (it has ${functions.map((f) => f.name).join(', ')})`,
    );
  }
  return fn;
}

/**
 * Runs `check` with `args` (after the subcommand). Text results are printed as each scenario ends; json and
 * junit once all have. Resolves to 0 when no scenario failed, 1 when one did, 2 on bad usage, 130 when interrupted.
 */
export async function runCheckCommand(
  args: readonly string[],
  io: CliIO,
  control: { readonly signal?: AbortSignal } = {},
): Promise<number> {
  let options: CheckOptions;
  let fn: FunctionConfig;
  const cleanup: (() => Promise<void>)[] = [];
  try {
    options = parseCheckArgs(args);
    fn =
      options.template !== undefined ? await templateFunction(options, io, cleanup) : await bootstrapFunction(options);
  } catch (error) {
    await Promise.all(cleanup.map((dispose) => dispose()));
    return reportSetupError(error, 'check', io);
  }
  try {
    return await checkFunction(options, fn, io, control);
  } finally {
    await Promise.all(cleanup.map((dispose) => dispose()));
  }
}

async function checkFunction(
  options: CheckOptions,
  fn: FunctionConfig,
  io: CliIO,
  control: { readonly signal?: AbortSignal },
): Promise<number> {
  const label = options.template !== undefined ? fn.name : path.basename(path.dirname(fn.bootstrap)) || fn.name;
  const scenarios = selectScenarios(options.scenarios);
  io.err(`Checking ${fn.bootstrap}${fn.handler ? ` (handler ${fn.handler})` : ''}: ${scenarios.length} scenarios.\n`);

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  control.signal?.addEventListener('abort', interrupt, { once: true });
  let results: ScenarioResult[];
  try {
    results = await runCheck(
      {
        fn,
        errorHandler: options.errorHandler,
        // A function the template runs as Managed Instances claims to support several workers.
        managedInstances: options.managedInstances || (fn.maxConcurrency ?? 0) > 0,
      },
      {
        only: options.scenarios,
        signal: controller.signal,
        onResult: (result) => {
          if (options.format === 'text') io.out(formatResultText(result));
        },
      },
    );
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    control.signal?.removeEventListener('abort', interrupt);
  }
  if (options.format === 'json') io.out(formatJson(results));
  else if (options.format === 'junit') io.out(formatJunit(results, label));
  else io.out(`\n${summary(results)}\n`);
  if (controller.signal.aborted) {
    io.err('Interrupted: the remaining scenarios were skipped.\n');
    return EXIT_INTERRUPTED;
  }
  return results.some((result) => result.status === 'fail') ? EXIT_FAILURE : EXIT_OK;
}
