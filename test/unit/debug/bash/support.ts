// A bash debug session without an editor: the real emulator runs a bootstrap under the harness, and
// @vscode/debugadapter-testsupport's DebugClient speaks DAP to a BashDebugSession served on a loopback port,
// as the editor's inline adapter would be spoken to.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { bashDebugLaunch } from '../../../../src/core/debug/bash/launch';
import { BashDebugServer } from '../../../../src/core/debug/bash/server';
import { BashDebugSession } from '../../../../src/core/debug/bash/session';
import { harness, noCurlOrBash, type Harness } from '../../emulator/core/helpers';
import { processesWithEnvironment } from '../../helpers';
import type { FunctionConfig } from '../../../../src/core/emulator/types';
import type { PathMapping } from '../../../../src/core/path-mappings';

/** A promise that rejects with `what` when `promise` has not settled within `timeoutMs`. */
function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * DebugClient drops every timeout of its requests and events when it talks to a port (it takes that for someone
 * debugging the tests), so one lost event would hang the suite: this one keeps them.
 */
class BoundedDebugClient extends DebugClient {
  /**
   * Events that came while nobody waited for them. A response and an event can arrive in one chunk: the event is
   * emitted before the code awaiting the response runs, so a wait begun right after the response (the entry stop
   * after configurationDone) would miss it. The next waitForEvent takes them first.
   */
  private readonly unclaimed = new Map<string, DebugProtocol.Event[]>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of EventEmitter.emit
  override emit(eventName: string | symbol, ...args: any[]): boolean {
    if (typeof eventName === 'string' && this.listenerCount(eventName) === 0 && isDapEvent(args[0], eventName)) {
      this.unclaimed.set(eventName, [...(this.unclaimed.get(eventName) ?? []), args[0]]);
      return false;
    }
    return super.emit(eventName, ...args);
  }

  override waitForEvent(eventType: string, timeoutMs = 10_000): Promise<DebugProtocol.Event> {
    const earlier = this.unclaimed.get(eventType)?.shift();
    if (earlier) return Promise.resolve(earlier);
    return within(super.waitForEvent(eventType), timeoutMs, `no '${eventType}' event`);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of DebugClient.send
  override send(command: string, args?: any): Promise<any> {
    return within(super.send(command, args), 10_000, `no answer to '${command}'`);
  }
}

function isDapEvent(value: unknown, name: string): value is DebugProtocol.Event {
  return typeof value === 'object' && value !== null && (value as DebugProtocol.Event).event === name;
}

export interface BashDebugRun {
  readonly client: DebugClient;
  readonly runtime: Harness;
  readonly server: BashDebugServer;
  /** A further client, attached as the editor attaches the child session of a restarted runtime. */
  attachAnother(options?: BashDebugOptions): Promise<DebugClient>;
  /** Stops the runtime (every process), the clients and the servers. */
  stop(): Promise<void>;
}

export interface BashDebugOptions {
  readonly breakpoints?: Record<string, DebugProtocol.SourceBreakpoint[]>;
  readonly exceptionFilters?: string[];
  readonly stopOnEntry?: boolean;
  /** Run bash in POSIX mode, as Lambda runs a #!/bin/sh bootstrap (Amazon Linux's sh is bash). */
  readonly posix?: boolean;
  /** The runtime's paths to local ones (a sandboxed `fn`): the session maps what bash reports. */
  readonly pathMappings?: readonly PathMapping[];
}

/** Starts the emulator with `fn` under the bash debugger and a DAP client attached, configured as the editor does. */
export async function debugBash(fn: FunctionConfig, options: BashDebugOptions = {}): Promise<BashDebugRun> {
  const server = await BashDebugServer.start();
  server.pathMappings = options.pathMappings ?? [];
  const adapterServer: Server = createServer((socket) => {
    const session = new BashDebugSession(server);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => adapterServer.listen(0, '127.0.0.1', resolve));
  const address = adapterServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const clients: DebugClient[] = [];
  const attach = async (attachOptions: BashDebugOptions) => {
    const client = new BoundedDebugClient('node', '', 'lambda-runtime-bash');
    await client.start(port);
    clients.push(client);
    await Promise.all([
      client.waitForEvent('initialized'),
      client.initializeRequest({
        adapterID: 'lambda-runtime-bash',
        linesStartAt1: true,
        columnsStartAt1: true,
        pathFormat: 'path',
      }),
    ]);
    await client.attachRequest({ stopOnEntry: attachOptions.stopOnEntry } as DebugProtocol.AttachRequestArguments);
    for (const [file, breakpoints] of Object.entries(attachOptions.breakpoints ?? {})) {
      await client.setBreakpointsRequest({ source: { path: file }, breakpoints });
    }
    await client.setExceptionBreakpointsRequest({ filters: attachOptions.exceptionFilters ?? ['errexit'] });
    await client.configurationDoneRequest();
    return client;
  };
  const launch = bashDebugLaunch(fn.bootstrap, server, fn.environment?.BASH_ENV);
  const runtime = await harness({
    functions: [fn],
    port: 0,
    anyName: true,
    debug: {
      command: launch.command,
      environment: { ...launch.environment, ...(options.posix ? { LAMBDA_RUNTIME_KIT_BASH_POSIX: '1' } : {}) },
      noTimeouts: true,
      hostPaths: launch.hostPaths,
    },
  });
  const client = await attach(options);
  return {
    client,
    runtime,
    server,
    attachAnother: (more = {}) => attach(more),
    async stop() {
      await runtime.stop();
      for (const each of clients) await each.stop().catch(() => undefined);
      adapterServer.close();
      server.dispose();
    },
  };
}

/** The stopped event of the next stop, with the top frame. */
export async function nextStop(client: DebugClient, timeoutMs = 10_000) {
  const stopped = (await client.waitForEvent('stopped', timeoutMs)) as DebugProtocol.StoppedEvent;
  const trace = await client.stackTraceRequest({ threadId: stopped.body.threadId! });
  return { event: stopped, threadId: stopped.body.threadId!, frames: trace.body.stackFrames };
}

/** The variables of one named scope of a frame. */
export async function scopeVariables(client: DebugClient, frameId: number, scope: string) {
  const scopes = await client.scopesRequest({ frameId });
  const found = scopes.body.scopes.find((candidate) => candidate.name === scope);
  if (!found) return undefined;
  const variables = await client.variablesRequest({ variablesReference: found.variablesReference });
  return Object.fromEntries(variables.body.variables.map((variable) => [variable.name, variable]));
}

/** The Runtime API event loop for test bootstraps: `next` reads an event into EVENT, `respond` answers it. */
export const EVENT_LOOP = `
next() {
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -LD "$HEADERS" "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  rm -f "$HEADERS"
}
respond() {
  curl -sS -o /dev/null -X POST "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/$REQUEST_ID/response" -d "$1"
}
`;

/** Writes a runtime (file name -> text; `bootstrap` made executable) into a new temporary folder. */
export function writeRuntime(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lrk-bash-debug-test-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    writeFileSync(file, text, { mode: name === 'bootstrap' ? 0o755 : 0o644 });
  }
  return dir;
}

/** The line number (1-based) of the first line of `file` that contains `marker`. */
export function lineOf(file: string, marker: string): number {
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(marker));
  if (index === -1) throw new Error(`${marker} is not in ${file}`);
  return index + 1;
}

/** A function for the emulator, marked so that its processes can be found (see processesMarked). */
export function bashFunction(dir: string, marker: string, overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    name: 'bash-debug',
    bootstrap: path.join(dir, 'bootstrap'),
    handler: 'function.handler',
    timeoutSeconds: 30,
    ...overrides,
    environment: { LRK_TEST_MARKER: marker, ...(overrides.environment ?? {}) },
  };
}

/** Live processes whose environment holds `marker` (Linux /proc). */
export const processesMarked = processesWithEnvironment;

/** The runtime's log lines so far (its output and the platform's START/END/REPORT). */
export function logLines(run: BashDebugRun): string[] {
  return run.runtime.events.flatMap((event) => (event.type === 'log' ? [event.line] : []));
}

/** Why the bash debugger's tests cannot run here, or undefined. */
export const noBashOrCurl = noCurlOrBash;

/** Waits for an output event whose text matches `pattern`. */
export function waitForOutput(client: DebugClient, pattern: RegExp, timeoutMs = 5_000): Promise<string> {
  // A listener, not waitForEvent in a loop: several output events can arrive in one chunk, between two waits.
  return new Promise((resolve, reject) => {
    const listener = (event: DebugProtocol.OutputEvent) => {
      if (!pattern.test(event.body.output)) return;
      done();
      resolve(event.body.output);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no output matching ${pattern} after ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      client.removeListener('output', listener);
    };
    client.on('output', listener);
  });
}
