// `lambda-runtime-kit invoke`: start the bootstrap, invoke it once, print the response, stop everything.
import { readFile } from 'node:fs/promises';
import { startEmulator, type Emulator, type EmulatorOptions, type InvokeResult } from '../core/emulator';
import { parseInvokeArgs, reportSetupError, UsageError, type InvokeOptions } from './args';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes';
import type { CliIO } from './io';
import { bootstrapRun, templateRun, type TemplateFunctionsRun } from './template-run';
import { commandLineCode, type CommandLineCode } from './zip-code';

/** Status when SIGINT/SIGTERM ends an invoke before it finished (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

/** Lets a caller embedding the command (tests) give it standard input and stop it without a signal. */
export interface InvokeControl {
  /** What `--event -` reads; default: the process's standard input. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Aborting it stops the invoke as SIGINT does. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `invoke` with `args` (after the subcommand): starts the bootstrap as Lambda would, sends it the event
 * (`--event FILE`, `-` for standard input, else `{}`), writes the response body to `io.out` as it arrives and
 * every log line to `io.err`. Resolves to 0 on success, 1 on a function error (the error JSON is the body, as
 * Lambda returns it), 2 on bad usage, 130 when interrupted; every runtime process is gone by then.
 */
export async function runInvoke(args: readonly string[], io: CliIO, control: InvokeControl = {}): Promise<number> {
  let options: InvokeOptions;
  let payload: Uint8Array;
  let emulatorOptions;
  let prepared: TemplateFunctionsRun | undefined;
  let code: CommandLineCode | undefined;
  try {
    options = parseInvokeArgs(args);
    payload = await readEvent(options.event, control.stdin ?? process.stdin);
    if (options.template !== undefined)
      prepared = await templateRun({ ...options, template: options.template, functionName: options.function }, io);
    else code = await commandLineCode(options, io);
    const fn = prepared?.functions[0] ?? (await bootstrapRun(code!.fn, options, io));
    emulatorOptions = { functions: [fn], port: 0, anyName: true };
  } catch (error) {
    return reportSetupError(error, 'invoke', io);
  }
  try {
    return await invokeOnce(emulatorOptions, payload, io, control, options.tenantId);
  } finally {
    await prepared?.dispose();
    await code?.dispose();
  }
}

async function invokeOnce(
  emulatorOptions: EmulatorOptions,
  payload: Uint8Array,
  io: CliIO,
  control: InvokeControl,
  tenantId: string | undefined,
): Promise<number> {
  let emulator: Emulator;
  try {
    emulator = await startEmulator(emulatorOptions);
  } catch (error) {
    io.err(`lambda-runtime-kit invoke: the emulator did not start: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  // The body goes to stdout, so everything the runtime prints (its stdout too) goes to stderr.
  const unsubscribe = emulator.on((event) => {
    if (event.type === 'log') io.err(`${event.line}\n`);
  });

  const decoder = new TextDecoder();
  let written = 0;
  const sink = {
    start: () => undefined,
    chunk: (data: Uint8Array) => {
      written += data.byteLength;
      io.out(decoder.decode(data, { stream: true }));
    },
  };
  const interrupted = interruption(control.signal);
  try {
    const invocation = emulator.invoke({ payload, ...(tenantId ? { tenantId } : {}) }, sink);
    // Once interrupted, stop() may fail the pending invoke; nobody waits for it any more.
    invocation.catch(() => undefined);
    const outcome = await Promise.race([invocation, interrupted.promise]);
    if (outcome === 'interrupted') {
      io.err('Interrupted: stopping the runtime.\n');
      return EXIT_INTERRUPTED;
    }
    const tail = decoder.decode();
    if (tail) io.out(tail);
    // A streamed error arrives after the chunks already printed; a buffered result may never pass the sink.
    if (written === 0) io.out(new TextDecoder().decode(outcome.payload));
    return reportOutcome(outcome, written > 0, io);
  } finally {
    interrupted.dispose();
    await emulator.stop();
    unsubscribe();
  }
}

function reportOutcome(result: InvokeResult, streamedBody: boolean, io: CliIO): number {
  if (!result.functionError) return EXIT_OK;
  // The body's errorType is the handler's own (OrderError); the platform's may only say Runtime.Unknown.
  let summary = result.errorType ?? 'Unhandled';
  try {
    const error = JSON.parse(new TextDecoder().decode(result.payload)) as {
      errorType?: unknown;
      errorMessage?: unknown;
    };
    if (typeof error.errorType === 'string' && error.errorType !== '') summary = error.errorType;
    if (typeof error.errorMessage === 'string') summary += `: ${error.errorMessage}`;
  } catch {
    // Not JSON: the type alone says enough.
  }
  if (streamedBody) summary += ' (after part of the response was streamed)';
  io.err(`Function error: ${summary}\n`);
  return EXIT_FAILURE;
}

/** The event's bytes; Lambda takes only JSON events, so anything else is refused here as it would be there. */
async function readEvent(source: string | undefined, stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  let bytes: Buffer;
  let name: string;
  if (source === undefined) return Buffer.from('{}');
  if (source === '-') {
    name = 'standard input';
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    bytes = Buffer.concat(chunks);
  } else {
    name = source;
    try {
      bytes = await readFile(source);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
      throw new UsageError(`cannot read the event ${source}: ${why}`);
    }
  }
  // No event at all is what `aws lambda invoke` sends without --payload; Lambda hands the runtime {}.
  if (bytes.toString('utf8').trim() === '') return Buffer.from('{}');
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UsageError(`the event in ${name} is not JSON (${(error as Error).message}); Lambda accepts only JSON`);
  }
  return bytes;
}

/** A promise that settles to 'interrupted' on SIGINT, SIGTERM or abort, and what removes its handlers. */
function interruption(signal?: AbortSignal): { promise: Promise<'interrupted'>; dispose(): void } {
  let fire: () => void = () => undefined;
  const promise = new Promise<'interrupted'>((resolve) => {
    fire = () => resolve('interrupted');
  });
  process.once('SIGINT', fire);
  process.once('SIGTERM', fire);
  signal?.addEventListener('abort', fire, { once: true });
  if (signal?.aborted) fire();
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', fire);
      process.off('SIGTERM', fire);
      signal?.removeEventListener('abort', fire);
    },
  };
}
