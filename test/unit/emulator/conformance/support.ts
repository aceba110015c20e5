/** What the conformance suites share: real runtimes (fixtures), the aws-lambda-ric cache, process checks. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, type TestContext } from 'node:test';
import type { Emulator, EmulatorOptions, FunctionConfig } from '../../../../src/core/emulator';
import { startEmulator } from '../../../../src/core/emulator';
import { ensureAwsLambdaRic, installedAwsLambdaRic, missingAwsLambdaRicTools } from '../../../support/aws-lambda-ric';
import { REPO_ROOT } from '../../helpers';

export const RUNTIMES = path.join(REPO_ROOT, 'test', 'fixtures', 'runtimes');
export const NODE_RIC = path.join(RUNTIMES, 'node-ric');
export const BASH_TUTORIAL = path.join(RUNTIMES, 'bash-tutorial');

/** The name of the variable whose value marks every process a test started (found again through /proc). */
export const MARKER_VARIABLE = 'LRK_TEST_MARKER';

/**
 * The aws-lambda-ric package folder, building it into its cache when the build tools are here; otherwise the
 * reason to skip, for `t.skip(reason)`.
 */
export async function awsLambdaRic(): Promise<{ folder?: string; skip?: string }> {
  const installed = installedAwsLambdaRic();
  if (installed) return { folder: installed };
  const missing = await missingAwsLambdaRicTools();
  if (missing.length > 0) {
    return { skip: `aws-lambda-ric is not built (npm run ric:install) and ${missing.join(', ')} missing to build it` };
  }
  try {
    return { folder: await ensureAwsLambdaRic((line) => process.stderr.write(`# ${line}\n`)) };
  } catch (error) {
    return { skip: `aws-lambda-ric could not be built: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** aws-lambda-ric for one test file: looked for (or built) before its tests run. */
export interface RicForTests {
  /** The package folder once found (undefined until the lookup, maybe a build of minutes, has finished). */
  readonly folder: string | undefined;
  /**
   * The folder (undefined when it cannot be had), once the lookup has finished. A file's own `before` hook that
   * needs the folder must await this rather than read `folder`: Node runs top-level `before` hooks as they are
   * registered, all at once, so that hook does not wait for this one.
   */
  ready(): Promise<string | undefined>;
  /** The folder, or undefined after marking `t` skipped with the reason. */
  need(t: TestContext): string | undefined;
}

/** Registers a `before` hook of the calling test file that finds aws-lambda-ric (see awsLambdaRic). */
export function awsLambdaRicForTests(): RicForTests {
  let found: { folder?: string; skip?: string } = { skip: 'aws-lambda-ric is not available' };
  let lookup: Promise<string | undefined> | undefined;
  const ready = () =>
    (lookup ??= awsLambdaRic().then((result) => {
      found = result;
      return result.folder;
    }));
  before(async () => {
    await ready();
  });
  return {
    get folder() {
      return found.folder;
    },
    ready,
    need(t) {
      if (!found.folder) t.skip(found.skip ?? 'aws-lambda-ric is not available');
      return found.folder;
    },
  };
}

/** A function run by aws-lambda-ric from test/fixtures/runtimes/node-ric, e.g. `echo.handler`. */
export function nodeRicFunction(ric: string, handler: string, config: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    name: 'function',
    bootstrap: path.join(NODE_RIC, 'bootstrap'),
    handler,
    timeoutSeconds: 10,
    ...config,
    environment: { LRK_AWS_LAMBDA_RIC: ric, LRK_NODE: process.execPath, ...config.environment },
  };
}

/** The AWS tutorial's bash runtime (test/fixtures/runtimes/bash-tutorial), or the reason it cannot run. */
export async function bashTutorial(): Promise<{ fn?: FunctionConfig; skip?: string }> {
  const bootstrap = path.join(BASH_TUTORIAL, 'bootstrap');
  if (!existsSync(bootstrap)) return { skip: `the bash tutorial fixture is missing (${bootstrap})` };
  if (!(await onPath('curl'))) return { skip: 'curl is not installed; the AWS tutorial bootstrap needs it' };
  return { fn: { name: 'function', bootstrap, handler: 'function.handler', timeoutSeconds: 10 } };
}

/** Starts an emulator, runs `body` with it and always stops it. */
export async function withEmulator<T>(options: EmulatorOptions, body: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await body(emulator);
  } finally {
    await emulator.stop();
  }
}

/** A fresh marker value and the environment entry that carries it. */
export function newMarker(): { marker: string; environment: Record<string, string> } {
  const marker = randomUUID();
  return { marker, environment: { [MARKER_VARIABLE]: marker } };
}

/** Pids of the live processes whose environment carries `marker` (Linux /proc; undefined elsewhere). */
export async function processesWithMarker(marker: string): Promise<number[] | undefined> {
  if (!existsSync('/proc/self/environ')) return undefined;
  const needle = `${MARKER_VARIABLE}=${marker}`;
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (!environ.split('\0').includes(needle)) continue;
      // A zombie has released everything; only a process that still runs counts as left behind.
      const status = await readFile(`/proc/${entry}/stat`, 'latin1');
      if (/\) Z /.test(status)) continue;
      found.push(Number(entry));
    } catch {
      // It ended while we looked, or is not ours to read.
    }
  }
  return found;
}

/** Polls `check` until it is true or `ms` pass (generous: a loaded CI machine is slow); returns its last answer. */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** POSTs to the Invoke API and returns status, headers and body. */
export async function postInvoke(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  functionName = 'function',
): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(`${url}/2015-03-31/functions/${functionName}/invocations`, {
    method: 'POST',
    headers,
    body,
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, command))) return true;
  }
  return false;
}

/** Shared dummy credentials and region for the AWS SDK client pointed at the emulator. */
export const SDK_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
};

/** A CliIO that keeps what a command printed, readable while the command still runs. */
export function captureIO(): {
  io: { out(text: string): void; err(text: string): void };
  stdout(): string;
  stderr(): string;
} {
  let stdout = '';
  let stderr = '';
  return {
    io: { out: (text) => (stdout += text), err: (text) => (stderr += text) },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** The dotenv lines that let the node-ric bootstrap find the client (for `--env-vars`). */
export function ricEnvLines(ric: string, extra: Record<string, string> = {}): string {
  const vars = { LRK_AWS_LAMBDA_RIC: ric, LRK_NODE: process.execPath, ...extra };
  return Object.entries(vars)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join('\n');
}
