// Option parsing shared by `serve` and `invoke`: one place that turns argv into checked numbers and paths,
// so both commands reject the same mistakes with the same words.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FunctionConfig } from '../core/emulator';
import type { ApplicationLogLevel, LogFormat } from '../core/emulator/types';
import { applicationLevel } from '../core/emulator/platform-log';
import { EnvVarsError, readEnvVars } from '../core/emulator/env-vars';
import { ZipExtractError } from '../core/package/extract';
import { environmentOptions, ENVIRONMENT_OPTIONS, type EnvironmentOptions } from './environment-args';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes';
import { SetupError } from './template-run';
import type { CliIO } from './io';

/** Bad usage: the command prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What `serve` was asked to do. */
export interface ServeOptions extends EnvironmentOptions {
  readonly bootstrap?: string;
  readonly template?: string;
  /** A deployment zip to run, extracted to a temporary task root. */
  readonly zip?: string;
  readonly handler?: string;
  readonly port: number;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly concurrency: number;
  readonly envVars?: string;
  readonly watch: boolean;
  readonly logging: LoggingOptions;
}

/** `--log-format`, `--log-level`, `--max-concurrency`: Lambda's LoggingConfig and Managed Instances mode. */
export interface LoggingOptions {
  readonly logFormat?: LogFormat;
  readonly applicationLogLevel?: ApplicationLogLevel;
  readonly maxConcurrency?: number;
}

/** What `invoke` was asked to do. */
export interface InvokeOptions extends EnvironmentOptions {
  /** At most one of bootstrap and zip. */
  readonly bootstrap?: string;
  readonly zip?: string;
  /** With `function`: a template function instead of a bootstrap. */
  readonly template?: string;
  readonly function?: string;
  readonly handler?: string;
  /** A file, `-` for standard input, or undefined for `{}`. */
  readonly event?: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly envVars?: string;
  readonly logging: LoggingOptions;
  /** `--tenant-id`: the invoke's tenant, as `aws lambda invoke --tenant-id` gives it. */
  readonly tenantId?: string;
}

/** The function name of `--bootstrap`; any name in an Invoke API URL reaches it, as with the official emulator. */
export const SINGLE_FUNCTION_NAME = 'function';

/** The official emulator's port, so scripts written for it work unchanged. */
export const DEFAULT_PORT = 9000;
/** Lambda's own limits: timeout up to 900 s, memory 128 to 10,240 MB. */
const MAX_TIMEOUT_SECONDS = 900;
const MIN_MEMORY_MB = 128;
const MAX_MEMORY_MB = 10240;
/** More environments than this would only exhaust the machine; Lambda's default account limit is 1000. */
const MAX_CONCURRENCY = 1000;

const COMMON = {
  bootstrap: { type: 'string' },
  zip: { type: 'string' },
  handler: { type: 'string' },
  timeout: { type: 'string' },
  memory: { type: 'string' },
  'env-vars': { type: 'string' },
  'log-format': { type: 'string' },
  'log-level': { type: 'string' },
  'max-concurrency': { type: 'string' },
} as const;

/** Parses `serve`'s arguments; throws a {@link UsageError} on anything the contract does not allow. */
export function parseServeArgs(args: readonly string[]): ServeOptions {
  const { values } = parse(args, {
    ...COMMON,
    template: { type: 'string' },
    port: { type: 'string' },
    concurrency: { type: 'string' },
    watch: { type: 'boolean' },
    ...ENVIRONMENT_OPTIONS,
  });
  const bootstrap = nonEmpty(values.bootstrap, '--bootstrap');
  const template = nonEmpty(values.template, '--template');
  const zip = nonEmpty(values.zip, '--zip');
  const given = [bootstrap, template, zip].filter((value) => value !== undefined).length;
  if (given > 1) throw new UsageError('give one of --bootstrap PATH, --zip FILE or --template template.yaml');
  if (given === 0) throw new UsageError('missing --bootstrap PATH (or --zip FILE, or --template template.yaml)');
  if (template !== undefined && values.handler !== undefined) {
    throw new UsageError('--handler goes with --bootstrap; with --template each function has its own Handler');
  }
  return {
    bootstrap,
    template,
    zip,
    handler: values.handler,
    port: values.port === undefined ? DEFAULT_PORT : integer(values.port, '--port', 0, 65535),
    timeoutSeconds: timeout(values.timeout),
    memoryMb: memory(values.memory),
    concurrency:
      values.concurrency === undefined ? 1 : integer(values.concurrency, '--concurrency', 1, MAX_CONCURRENCY),
    envVars: nonEmpty(values['env-vars'], '--env-vars'),
    watch: values.watch ?? false,
    logging: logging(values),
    ...environmentOptions(values),
  };
}

/** Parses `invoke`'s arguments; throws a {@link UsageError} on anything the contract does not allow. */
export function parseInvokeArgs(args: readonly string[]): InvokeOptions {
  const { values } = parse(args, {
    ...COMMON,
    event: { type: 'string' },
    'tenant-id': { type: 'string' },
    template: { type: 'string' },
    function: { type: 'string' },
    ...ENVIRONMENT_OPTIONS,
  });
  const bootstrap = nonEmpty(values.bootstrap, '--bootstrap');
  const zip = nonEmpty(values.zip, '--zip');
  if (bootstrap !== undefined && zip !== undefined)
    throw new UsageError('give --bootstrap PATH or --zip FILE, not both');
  const template = templateFunction(bootstrap ?? zip, values.template, values.function, values.handler);
  if (bootstrap === undefined && zip === undefined && template === undefined)
    throw new UsageError('missing --bootstrap PATH (or --zip FILE, or --template T --function NAME)');
  return {
    bootstrap,
    zip,
    ...template,
    ...environmentOptions(values),
    handler: values.handler,
    event: nonEmpty(values.event, '--event'),
    timeoutSeconds: timeout(values.timeout),
    memoryMb: memory(values.memory),
    envVars: nonEmpty(values['env-vars'], '--env-vars'),
    logging: logging(values),
    tenantId: nonEmpty(values['tenant-id'], '--tenant-id'),
  };
}

/** `--template T --function NAME`, checked against `--bootstrap` and `--handler`. */
function templateFunction(
  bootstrap: string | undefined,
  template: string | undefined,
  name: string | undefined,
  handler: string | undefined,
): { template: string; function: string } | undefined {
  if (template === undefined && name === undefined) return undefined;
  if (bootstrap !== undefined) throw new UsageError('give either --bootstrap PATH or --template T --function NAME');
  if (nonEmpty(template, '--template') === undefined) throw new UsageError('--function goes with --template T');
  if (nonEmpty(name, '--function') === undefined) throw new UsageError('--template needs --function NAME');
  if (handler !== undefined) throw new UsageError('--handler goes with --bootstrap; a template function has its own');
  return { template: template!, function: name! };
}

/**
 * The bootstrap file the user means: PATH itself, or PATH/bootstrap when PATH is a folder (as a CodeUri is).
 * Throws a {@link UsageError} when there is none; whether it is executable is the emulator's to report, the
 * way Lambda does (Runtime.InvalidEntrypoint).
 */
export async function resolveBootstrap(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined) throw new UsageError(`bootstrap not found: ${file} (no such file)`);
  if (!info.isDirectory()) return absolute;
  const inside = path.join(absolute, 'bootstrap');
  if ((await stat(inside).catch(() => undefined))?.isFile()) return inside;
  throw new UsageError(`${file} is a folder with no file named bootstrap in it; pass the bootstrap file`);
}

/** The one function of `--bootstrap PATH` with the command line's settings. */
export async function bootstrapFunction(options: {
  readonly bootstrap?: string;
  readonly handler?: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly envVars?: string;
  readonly logging?: LoggingOptions;
}): Promise<FunctionConfig> {
  const bootstrap = await resolveBootstrap(options.bootstrap ?? '');
  const environment = options.envVars ? await readEnvVars(options.envVars, SINGLE_FUNCTION_NAME) : undefined;
  return {
    name: SINGLE_FUNCTION_NAME,
    bootstrap,
    handler: options.handler,
    timeoutSeconds: options.timeoutSeconds,
    memoryMb: options.memoryMb,
    environment,
    ...options.logging,
  };
}

/** Prints a setup failure (usage, unreadable file) and returns the contract's status for it. */
export function reportSetupError(error: unknown, command: string, io: CliIO): number {
  if (error instanceof UsageError) {
    io.err(`lambda-runtime-kit ${command}: ${error.message}. Run 'lambda-runtime-kit ${command} --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof EnvVarsError || error instanceof ZipExtractError) {
    io.err(`lambda-runtime-kit ${command}: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof SetupError) {
    io.err(`lambda-runtime-kit ${command}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  throw error;
}

type Spec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** parseArgs with the contract's wording of mistakes; no positional arguments. */
export function parse<T extends Spec>(args: readonly string[], options: T) {
  try {
    const result = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    if (result.positionals.length > 0) {
      throw new UsageError(`unexpected argument '${result.positionals[0]}'`);
    }
    return result;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // parseArgs words its errors for programmers ("Unknown option '--x'. To specify a positional argument
    // starting with a '-'..."); keep the first sentence, which is the one a user needs.
    const message = (error as Error).message.split(/\.\s/)[0].replace(/\.$/, '');
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
}

export function nonEmpty(value: string | undefined, option: string): string | undefined {
  if (value === '') throw new UsageError(`${option} needs a value`);
  return value;
}

function integer(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not '${text}'`);
  }
  return value;
}

export function timeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  // Fractions are allowed (Lambda takes whole seconds, but a test of a timeout should not wait a second).
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(
      `--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${text}'`,
    );
  }
  return value;
}

export function memory(text: string | undefined): number | undefined {
  return text === undefined ? undefined : integer(text, '--memory', MIN_MEMORY_MB, MAX_MEMORY_MB);
}

/**
 * `--log-format Text|JSON`, `--log-level LEVEL` (the application level; it implies JSON, the only format Lambda
 * filters by level) and `--max-concurrency N` (Managed Instances, whose logs are JSON only).
 */
function logging(values: { 'log-format'?: string; 'log-level'?: string; 'max-concurrency'?: string }): LoggingOptions {
  const formatText = nonEmpty(values['log-format'], '--log-format');
  const levelText = nonEmpty(values['log-level'], '--log-level');
  const concurrencyText = values['max-concurrency'];
  let logFormat: LogFormat | undefined;
  if (formatText !== undefined) {
    const lower = formatText.toLowerCase();
    if (lower !== 'text' && lower !== 'json')
      throw new UsageError(`--log-format must be Text or JSON, not '${formatText}'`);
    logFormat = lower === 'json' ? 'JSON' : 'Text';
  }
  const applicationLogLevel = levelText === undefined ? undefined : applicationLevel(levelText);
  if (levelText !== undefined && !applicationLogLevel) {
    throw new UsageError(`--log-level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, not '${levelText}'`);
  }
  if (applicationLogLevel && logFormat === 'Text') {
    throw new UsageError('--log-level needs the JSON log format: Lambda filters only JSON logs by level');
  }
  const maxConcurrency =
    concurrencyText === undefined ? undefined : integer(concurrencyText, '--max-concurrency', 1, MAX_CONCURRENCY);
  if (maxConcurrency !== undefined && logFormat === 'Text') {
    throw new UsageError(
      '--max-concurrency (Lambda Managed Instances) needs the JSON log format, the only one it supports',
    );
  }
  return {
    ...((logFormat ?? applicationLogLevel) ? { logFormat: logFormat ?? 'JSON' } : {}),
    ...(applicationLogLevel ? { applicationLogLevel } : {}),
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  };
}
