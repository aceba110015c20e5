// `lambda-runtime-kit serve`: the emulator behind the Invoke API until SIGINT/SIGTERM, printing every log line.
import { startEmulator, type Emulator, type FunctionConfig } from '../core/emulator';
import { parseServeArgs, reportSetupError, SINGLE_FUNCTION_NAME, type ServeOptions } from './args';
import { watchFunctions } from './serve-watch';
import { bootstrapRun, templateRun, type TemplateFunctionsRun } from './template-run';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';
import type { CliIO } from './io';
import { commandLineCode, type CommandLineCode } from './zip-code';

/** Lets a caller embedding the command (tests) stop it without a signal and learn its address. */
export interface ServeControl {
  /** Aborting it stops the server as SIGINT does. */
  readonly signal?: AbortSignal;
  /** Called once the Invoke API listens, with its base URL. */
  readonly onListening?: (url: string) => void;
}

/**
 * Runs `serve` with `args` (after the subcommand): starts the emulator, prints the Invoke API URL of each
 * function and every log line as it comes, and on SIGINT or SIGTERM stops every runtime process and
 * resolves to 0. Bad usage is a message and 2; an emulator that cannot start is a message and 1.
 */
export async function runServe(args: readonly string[], io: CliIO, control: ServeControl = {}): Promise<number> {
  let options: ServeOptions;
  let functions: FunctionConfig[];
  let prepared: TemplateFunctionsRun | undefined;
  let code: CommandLineCode | undefined;
  try {
    options = parseServeArgs(args);
    if (options.template !== undefined) prepared = await templateRun({ ...options, template: options.template }, io);
    else code = await commandLineCode(options, io);
    functions = prepared?.functions ?? [await bootstrapRun(code!.fn, options, io)];
  } catch (error) {
    return reportSetupError(error, 'serve', io);
  }
  try {
    return await serveFunctions(options, functions, prepared, code?.zip, io, control);
  } finally {
    await prepared?.dispose();
    await code?.dispose();
  }
}

async function serveFunctions(
  options: ServeOptions,
  functions: FunctionConfig[],
  prepared: TemplateFunctionsRun | undefined,
  zip: CommandLineCode['zip'],
  io: CliIO,
  control: ServeControl,
): Promise<number> {
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      functions,
      port: options.port,
      concurrency: options.concurrency,
      anyName: options.template === undefined,
    });
  } catch (error) {
    // The emulator words the error for people and may drop the errno code; both mean the same here.
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE' || /already in use/i.test(message)) {
      io.err(`lambda-runtime-kit serve: port ${options.port} is in use; pass --port N (0 picks a free port).\n`);
      return EXIT_USAGE;
    }
    io.err(`lambda-runtime-kit serve: the emulator did not start: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }

  const prefix = functions.length > 1;
  const unsubscribe = emulator.on((event) => {
    if (event.type !== 'log') return;
    const line = `${prefix ? `[${event.functionName}] ` : ''}${event.line}\n`;
    if (event.stream === 'stderr') io.err(line);
    else io.out(line);
  });
  for (const fn of functions) {
    const name = options.template === undefined ? SINGLE_FUNCTION_NAME : fn.name;
    io.out(`Invoke API: ${emulator.url}/2015-03-31/functions/${name}/invocations\n`);
    io.out(`Streaming:  ${emulator.url}/2021-11-15/functions/${name}/response-streaming-invocations\n`);
    if (fn.maxConcurrency)
      io.out(`${name} runs as Lambda Managed Instances: up to ${fn.maxConcurrency} invocations at once.\n`);
  }
  const closeWatchers = options.watch ? watchFunctions(emulator, functions, { prepared, zip }, io) : () => undefined;
  io.err('Press Ctrl+C to stop.\n');
  control.onListening?.(emulator.url);

  await stopRequested(control.signal);
  io.err('Stopping: ending every runtime process...\n');
  closeWatchers();
  try {
    await emulator.stop();
  } finally {
    unsubscribe();
  }
  io.err('Stopped.\n');
  return EXIT_OK;
}

/**
 * Resolves on the first SIGINT, SIGTERM or abort. The handlers are gone by then, so a second Ctrl+C while
 * stopping ends the process at once, as the user insisting expects.
 */
function stopRequested(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) return done();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
