// A bash debug session without an editor: the real emulator runs a bootstrap under the harness, and
// @vscode/debugadapter-testsupport's DebugClient speaks DAP to a BashDebugSession served on a loopback port,
// as the editor's inline adapter would be spoken to.
import { createServer, type Server } from 'node:net';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { bashDebugLaunch } from '../../../../src/core/debug/bash/launch';
import { BashDebugServer } from '../../../../src/core/debug/bash/server';
import { BashDebugSession } from '../../../../src/core/debug/bash/session';
import { harness, type Harness } from '../../emulator/core/helpers';
import type { FunctionConfig } from '../../../../src/core/emulator/types';

export interface BashDebugRun {
  readonly client: DebugClient;
  readonly runtime: Harness;
  readonly server: BashDebugServer;
  /** Breakpoints per file, set before the runtime runs its first command. */
  stop(): Promise<void>;
}

export interface BashDebugOptions {
  readonly breakpoints?: Record<string, DebugProtocol.SourceBreakpoint[]>;
  readonly exceptionFilters?: string[];
  readonly stopOnEntry?: boolean;
}

/** Starts the emulator with `fn` under the bash debugger and a DAP client attached, configured as the editor does. */
export async function debugBash(fn: FunctionConfig, options: BashDebugOptions = {}): Promise<BashDebugRun> {
  const server = await BashDebugServer.start();
  const adapterServer: Server = createServer((socket) => {
    const session = new BashDebugSession(server);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => adapterServer.listen(0, '127.0.0.1', resolve));
  const address = adapterServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = new DebugClient('node', '', 'lambda-runtime-bash');
  await client.start(port);
  const launch = bashDebugLaunch(fn.bootstrap, server, fn.environment?.BASH_ENV);
  const runtime = await harness({
    functions: [fn],
    port: 0,
    anyName: true,
    debug: { command: launch.command, environment: launch.environment, noTimeouts: true },
  });
  await Promise.all([
    client.waitForEvent('initialized'),
    client.initializeRequest({ adapterID: 'lambda-runtime-bash', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' }),
  ]);
  await client.attachRequest({ stopOnEntry: options.stopOnEntry } as DebugProtocol.AttachRequestArguments);
  for (const [file, breakpoints] of Object.entries(options.breakpoints ?? {})) {
    await client.setBreakpointsRequest({ source: { path: file }, breakpoints });
  }
  await client.setExceptionBreakpointsRequest({ filters: options.exceptionFilters ?? ['errexit'] });
  await client.configurationDoneRequest();
  return {
    client,
    runtime,
    server,
    async stop() {
      await runtime.stop();
      await client.stop().catch(() => undefined);
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
