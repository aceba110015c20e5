// What the debugging suite and its benchmark share: the fixture copy, a tracker that sees every `stopped` event,
// starting a `lambda-runtime` session and waiting for its end, and finding the runtime's processes by a marker.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';
export const MARKER_VARIABLE = 'LRK_DEBUG_TEST_MARKER';

export interface Stop {
  readonly session: vscode.DebugSession;
  readonly reason: string;
  readonly threadId: number;
  readonly at: number;
}

/** Every `stopped` event of every debug session, as a debug adapter tracker sees it. */
export class StopWatcher implements vscode.Disposable {
  readonly stops: Stop[] = [];
  private readonly waiting = new Set<() => void>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (message: {
          type?: string;
          event?: string;
          body?: { reason?: string; threadId?: number };
        }) => {
          if (message.type !== 'event' || message.event !== 'stopped') return;
          this.stops.push({
            session,
            reason: message.body?.reason ?? '',
            threadId: message.body?.threadId ?? 0,
            at: performance.now(),
          });
          for (const wake of this.waiting) wake();
        },
      }),
    });
  }

  /** The `count`-th stop (1-based) since the watcher was made, waiting up to `timeoutMs`. */
  async nth(count: number, timeoutMs = 60_000): Promise<Stop> {
    const deadline = Date.now() + timeoutMs;
    while (this.stops.length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no stopped event #${count} after ${timeoutMs / 1000} s (saw ${this.stops.length})`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 500));
        this.waiting.add(wake);
      });
    }
    return this.stops[count - 1];
  }

  dispose(): void {
    this.registration.dispose();
  }
}

/** A copy of test/fixtures/workspaces/debug in a new folder of the opened workspace. */
export async function copyDebugFixture(): Promise<string> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not among the editor's extensions`);
  await extension.activate();
  const workspace = vscode.workspace.workspaceFolders?.[0];
  assert.ok(workspace, 'the editor opened no workspace folder');
  const folder = await mkdtemp(path.join(workspace.uri.fsPath, 'debug-'));
  await cp(path.join(extension.extensionPath, 'test', 'fixtures', 'workspaces', 'debug'), folder, { recursive: true });
  return folder;
}

/** The 1-based line of the `// BREAK` / `# BREAK` marker of a fixture file. */
export async function markedLine(file: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes('BREAK'));
  assert.ok(index >= 0, `${file} has no BREAK marker`);
  return index + 1;
}

/** Sets a breakpoint on `line` (1-based) of `file`; remove it with the result. */
export function addBreakpoint(file: string, line: number): vscode.Disposable {
  const breakpoint = new vscode.SourceBreakpoint(
    new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, 0)),
  );
  vscode.debug.addBreakpoints([breakpoint]);
  return new vscode.Disposable(() => vscode.debug.removeBreakpoints([breakpoint]));
}

/** Starts a `lambda-runtime` configuration and resolves with its parent session once it is up. */
export async function startLambdaSession(
  configuration: Omit<vscode.DebugConfiguration, 'type' | 'request' | 'name'>,
  options: vscode.DebugSessionOptions = {},
): Promise<vscode.DebugSession> {
  const name = `lambda-runtime test ${randomUUID()}`;
  let resolveSession!: (session: vscode.DebugSession) => void;
  const sessionStarted = new Promise<vscode.DebugSession>((resolve) => (resolveSession = resolve));
  const subscription = vscode.debug.onDidStartDebugSession((session) => {
    if (session.configuration.name === name) resolveSession(session);
  });
  try {
    const started = await vscode.debug.startDebugging(
      vscode.workspace.workspaceFolders?.[0],
      { type: 'lambda-runtime', request: 'launch', name, ...configuration },
      options,
    );
    assert.equal(started, true, 'startDebugging refused the lambda-runtime configuration');
    return await sessionStarted;
  } finally {
    subscription.dispose();
  }
}

/** Stops `session` (and with it its children) and waits until the editor reports it ended. */
export async function stopSession(session: vscode.DebugSession, timeoutMs = 20_000): Promise<void> {
  const ended = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`session ${session.name} did not end`)), timeoutMs);
    const subscription = vscode.debug.onDidTerminateDebugSession((done) => {
      if (done.id === session.id) {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging(session);
  await ended;
}

/** The top frame of a stopped thread, asked of the session that stopped. */
export async function topFrame(stop: Stop): Promise<{ path?: string; line: number; name: string }> {
  const trace = (await stop.session.customRequest('stackTrace', {
    threadId: stop.threadId,
    startFrame: 0,
    levels: 1,
  })) as {
    stackFrames: Array<{ name: string; line: number; source?: { path?: string } }>;
  };
  const frame = trace.stackFrames[0];
  assert.ok(frame, 'the stopped thread has no stack frame');
  // In a remote window (code-server) the editor hands paths back as vscode-remote:// URIs.
  const source = frame.source?.path;
  const file = source && /^[a-z][\w+.-]+:\/\//i.test(source) ? vscode.Uri.parse(source).fsPath : source;
  return { path: file, line: frame.line, name: frame.name };
}

/** Pids of processes whose environment has MARKER_VARIABLE=marker (Linux /proc). */
export async function processesWithMarker(marker: string): Promise<number[]> {
  const wanted = `${MARKER_VARIABLE}=${marker}`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (environ.split('\0').includes(wanted)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

/** Polls `probe` until it returns true, for up to `timeoutMs`. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
