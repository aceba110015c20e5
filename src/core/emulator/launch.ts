// How a bootstrap is started: the command (with Lambda's checks on the entrypoint) and Lambda's environment.
import { accessSync, closeSync, constants, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  ApplicationLogLevel,
  DebugLaunch,
  FunctionConfig,
  LogFormat,
  SandboxConfig,
  SystemLogLevel,
} from './types';
import type { FunctionFailure } from './lambda-errors';
import { DEFAULT_MEMORY_MB, DEFAULT_REGION, DEFAULT_TIMEOUT_SECONDS } from './limits';
import { bypassVersionShims, folderAndAncestors } from './version-shims';

/** A function's configuration with Lambda's defaults filled in. */
export interface ResolvedFunction {
  readonly name: string;
  readonly bootstrap: string;
  readonly handler: string;
  readonly taskRoot: string;
  readonly runtimeDir: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly region: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly logFormat: LogFormat;
  /** Whether a log format was configured (or implied by Managed Instances): only then is AWS_LAMBDA_LOG_FORMAT set. */
  readonly logFormatSet: boolean;
  /** Set in the JSON format only (Lambda refuses log levels with the Text format). */
  readonly applicationLogLevel?: ApplicationLogLevel;
  readonly systemLogLevel?: SystemLogLevel;
  /** 0: Lambda's default mode; N: Lambda Managed Instances with N workers per environment. */
  readonly maxConcurrency: number;
  readonly tenantIsolation?: boolean;
  /** The layers' local folders, in the template's order. */
  readonly layers: readonly string[];
  readonly sandbox?: SandboxConfig;
  /** The layers merged into one folder for the sandbox's /opt (the emulator makes it when it starts). */
  readonly opt?: string;
}

/** Fills in Lambda's defaults and makes paths absolute. */
export function resolveFunction(config: FunctionConfig): ResolvedFunction {
  const bootstrap = path.resolve(config.bootstrap);
  const taskRoot = path.resolve(config.taskRoot ?? path.dirname(bootstrap));
  const timeout = Number(config.timeoutSeconds);
  const memory = Number(config.memoryMb);
  const maxConcurrency = Math.max(0, Math.floor(Number(config.maxConcurrency) || 0));
  // Managed Instances take JSON logs only; the official emulator's Managed Instances mode defaults to it too
  // (internal/lambda-managed-instances/aws-lambda-rie/internal/init.go: AWS_LAMBDA_LOG_FORMAT default "json").
  const logFormat: LogFormat = config.logFormat ?? (maxConcurrency > 0 ? 'JSON' : 'Text');
  return {
    name: config.name,
    bootstrap,
    handler: config.handler ?? '',
    taskRoot,
    runtimeDir: path.resolve(config.runtimeDir ?? taskRoot),
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS,
    memoryMb: Number.isFinite(memory) && memory > 0 ? Math.round(memory) : DEFAULT_MEMORY_MB,
    region: config.region || DEFAULT_REGION,
    environment: config.environment ?? {},
    logFormat,
    logFormatSet: config.logFormat !== undefined || maxConcurrency > 0,
    // Lambda's defaults once the format is JSON: INFO for both (LoggingConfig in the Lambda API reference).
    ...(logFormat === 'JSON'
      ? { applicationLogLevel: config.applicationLogLevel ?? 'INFO', systemLogLevel: config.systemLogLevel ?? 'INFO' }
      : {}),
    maxConcurrency,
    ...(config.tenantIsolation !== undefined ? { tenantIsolation: config.tenantIsolation } : {}),
    layers: (config.layers ?? []).map((layer) => path.resolve(layer)),
    ...(config.sandbox ? { sandbox: config.sandbox } : {}),
  };
}

export interface LaunchCommand {
  readonly file: string;
  readonly args: readonly string[];
}

let hostShIsBash: boolean | undefined;
let bashPath: string | null | undefined;

/** Whether /bin/sh on this machine is bash (as on Amazon Linux). */
export function isHostShBash(): boolean {
  if (hostShIsBash === undefined) {
    try {
      hostShIsBash = path.basename(realpathSync('/bin/sh')).startsWith('bash');
    } catch {
      hostShIsBash = false;
    }
  }
  return hostShIsBash;
}

/** The bash executable of this machine, or null. */
export function findBash(): string | null {
  if (bashPath === undefined) {
    bashPath = null;
    for (const candidate of ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash']) {
      try {
        accessSync(candidate, constants.X_OK);
        bashPath = candidate;
        break;
      } catch {
        // next
      }
    }
  }
  return bashPath;
}

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(256);
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const MACH_O_MAGICS = [
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), // 64-bit
  Buffer.from([0xce, 0xfa, 0xed, 0xfe]), // 32-bit
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]), // universal
];
/** ELF e_machine values, as Node names the architectures, and the name binfmt_misc gives their emulators. */
const ELF_MACHINES: Record<number, { arch: string; qemu: string }> = {
  0x3e: { arch: 'x64', qemu: 'x86_64' },
  0xb7: { arch: 'arm64', qemu: 'aarch64' },
};

/**
 * Whether this host can execute an ELF binary: Linux only, and of the host's architecture unless binfmt_misc has
 * an emulator for it. (A Linux bootstrap built on a Mac, or for arm64 on an x86_64 machine, fails here as on a
 * Lambda of the other architecture: "exec format error", not an obscure exit status.)
 */
function elfRunsHere(head: Buffer): boolean {
  if (process.platform !== 'linux') return false;
  if (head.length < 20) return false;
  const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
  const known = ELF_MACHINES[machine];
  if (!known || known.arch === process.arch) return true;
  return existsSync(`/proc/sys/fs/binfmt_misc/qemu-${known.qemu}`);
}

/** `Runtime.InvalidEntrypoint` with the text Lambda gives (Lambda's runtime starter is written in Go). */
export function invalidEntrypoint(reason: string): FunctionFailure {
  return { errorType: 'Runtime.InvalidEntrypoint', reason };
}

/** Lambda's wording for an exec failure, from a Node spawn error code. */
export function spawnFailure(file: string, code: string | undefined): FunctionFailure {
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    ENOEXEC: 'exec format error',
    ENOTDIR: 'not a directory',
  };
  return invalidEntrypoint(`fork/exec ${file}: ${text[code ?? ''] ?? (code ?? 'unknown error').toLowerCase()}`);
}

/**
 * What to execute for this bootstrap, or the `Runtime.InvalidEntrypoint` failure Lambda would report.
 * A `#!/bin/sh` script runs under bash when the host's sh is not bash: on Amazon Linux /bin/sh is bash and
 * scripts such as the AWS tutorial's rely on it (`source`, `set -o pipefail`, `function`).
 */
export function launchCommand(fn: ResolvedFunction, debug?: DebugLaunch): LaunchCommand | FunctionFailure {
  if (debug?.command && debug.command.length > 0) {
    return { file: debug.command[0], args: debug.command.slice(1) };
  }
  const file = fn.bootstrap;
  let head: Buffer;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return spawnFailure(file, 'EACCES');
    accessSync(file, constants.X_OK);
    head = readHead(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return invalidEntrypoint(`Couldn't find valid bootstrap(s): [${file}]`);
    return spawnFailure(file, code);
  }
  if (head.subarray(0, 2).toString('latin1') === '#!') {
    const line = head.toString('latin1').split('\n')[0];
    const words = line
      .slice(2)
      .trim()
      .split(/[ \t]+/);
    const wantsSh = words[0] === '/bin/sh' || (words[0] === '/usr/bin/env' && words[1] === 'sh');
    const bash = wantsSh && !line.endsWith('\r') && !isHostShBash() ? findBash() : null;
    return bash ? { file: bash, args: [file] } : { file, args: [] };
  }
  if (head.subarray(0, 4).equals(ELF_MAGIC))
    return elfRunsHere(head) ? { file, args: [] } : spawnFailure(file, 'ENOEXEC');
  if (MACH_O_MAGICS.some((magic) => head.subarray(0, 4).equals(magic))) return { file, args: [] };
  return spawnFailure(file, 'ENOEXEC');
}

/** Variables Lambda sets that the function's own configuration cannot change. */
const RESERVED = new Set([
  '_HANDLER',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'AWS_LAMBDA_MAX_CONCURRENCY',
]);

/** Host variables a local run needs (finding tools, a home, a temp dir) or that carry the developer's AWS access. */
const HOST_PASSTHROUGH = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'LANG',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

/** The runtime's environment: a few host variables, Lambda's defaults, the user's variables, then Lambda's reserved ones. */
export function lambdaEnvironment(
  fn: ResolvedFunction,
  runtimeApi: string,
  logStreamName: string,
  debug?: DebugLaunch,
  host: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of HOST_PASSTHROUGH) {
    const value = host[key];
    if (value !== undefined) env[key] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  env.LANG ??= 'C.UTF-8';
  env.TZ = ':UTC';
  for (const [key, value] of Object.entries(fn.environment)) {
    if (!RESERVED.has(key)) env[key] = String(value);
  }
  const paths = runtimePaths(fn);
  // Lambda puts /opt/bin after the system's folders, and the code's and layers' libraries on LD_LIBRARY_PATH.
  if (paths.bin.length > 0) env.PATH = [env.PATH, ...paths.bin].join(':');
  if (paths.lib.length > 0) env.LD_LIBRARY_PATH = [...paths.lib, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  Object.assign(env, {
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: paths.taskRoot,
    LAMBDA_RUNTIME_DIR: paths.runtimeDir,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    // The official emulator's Managed Instances mode names its initialization so (interop/model.go).
    AWS_LAMBDA_INITIALIZATION_TYPE: fn.maxConcurrency > 0 ? 'lambda-managed-instances' : 'on-demand',
  });
  // As the official emulator (rapidcore/env/environment.go): the variables exist when a format was configured.
  if (fn.logFormatSet) env.AWS_LAMBDA_LOG_FORMAT = fn.logFormat;
  if (fn.applicationLogLevel) env.AWS_LAMBDA_LOG_LEVEL = fn.applicationLogLevel;
  if (fn.maxConcurrency > 0) env.AWS_LAMBDA_MAX_CONCURRENCY = String(fn.maxConcurrency);
  // A debugger may need to override anything (NODE_OPTIONS, even _HANDLER) except where the Runtime API is.
  for (const [key, value] of Object.entries(debug?.environment ?? {})) {
    if (key !== 'AWS_LAMBDA_RUNTIME_API') env[key] = String(value);
  }
  // Inside the sandbox the runtime's folder is /var/task, on a /var of its own: above it, only / is the host's.
  env.PATH = bypassVersionShims(env.PATH, env, fn.sandbox ? [fn.taskRoot, '/'] : folderAndAncestors(fn.taskRoot));
  return env;
}

/**
 * The task root, runtime folder and the folders for PATH and LD_LIBRARY_PATH as the runtime sees them: Lambda's
 * in a sandbox; in place, the local folders (each layer's bin/ and lib/, the last layer first as it wins).
 */
function runtimePaths(fn: ResolvedFunction): { taskRoot: string; runtimeDir: string; bin: string[]; lib: string[] } {
  if (fn.sandbox) {
    return {
      taskRoot: '/var/task',
      runtimeDir: '/var/runtime',
      bin: ['/opt/bin'],
      lib: ['/var/task', '/var/task/lib', '/opt/lib'],
    };
  }
  const layers = [...fn.layers].reverse();
  if (layers.length === 0) return { taskRoot: fn.taskRoot, runtimeDir: fn.runtimeDir, bin: [], lib: [] };
  return {
    taskRoot: fn.taskRoot,
    runtimeDir: fn.runtimeDir,
    bin: layers.map((layer) => path.join(layer, 'bin')),
    lib: [fn.taskRoot, path.join(fn.taskRoot, 'lib'), ...layers.map((layer) => path.join(layer, 'lib'))],
  };
}
