// F5 debugging in a real editor: a `lambda-runtime` session runs the fixture's bootstrap under the emulator, the
// language debugger attaches as a child session and stops on a handler breakpoint (seen by a debug adapter
// tracker); invokes go through `lambdaRuntime.invoke`; Stop leaves no runtime process behind.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import type { InvocationRecord } from '../../../src/debug/runs';
import {
  EXTENSION_ID,
  MARKER_VARIABLE,
  StopWatcher,
  addBreakpoint,
  copyDebugFixture,
  eventually,
  markedLine,
  processesWithMarker,
  startLambdaSession,
  stopSession,
  topFrame,
} from '../debug-support';

interface Answer {
  payload: string;
  functionError?: string;
}

describe('Debugging lambda-runtime sessions in a real editor', function () {
  this.timeout(120_000);
  let folder: string;
  let api: LambdaRuntimeKitApi;
  let stops: StopWatcher;
  const cleanups: vscode.Disposable[] = [];

  before(async () => {
    folder = await copyDebugFixture();
    api = (await vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID)!.activate()) as LambdaRuntimeKitApi;
  });

  beforeEach(() => {
    stops = new StopWatcher();
    cleanups.push(stops);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup.dispose();
    await vscode.debug.stopDebugging();
  });

  /** The full flow of the issue for one language fixture. */
  async function breakpointFlow(language: 'node' | 'python', handlerFile: string): Promise<void> {
    const taskRoot = path.join(folder, language);
    const handler = path.join(taskRoot, handlerFile);
    const line = await markedLine(handler);
    cleanups.push(addBreakpoint(handler, line));
    const finished: InvocationRecord[] = [];
    cleanups.push(api.runs.onDidFinishInvocation((record) => finished.push(record)));
    const marker = randomUUID();

    const session = await startLambdaSession({
      bootstrap: path.join(taskRoot, 'bootstrap'),
      handler: 'handler.handler',
      event: { name: 'F5' },
      environment: { [MARKER_VARIABLE]: marker },
    });

    const first = await stops.nth(1);
    assert.equal(first.reason, 'breakpoint');
    const frame = await topFrame(first);
    assert.equal(frame.path, handler, `stopped in ${frame.path}:${frame.line} (${frame.name})`);
    assert.equal(frame.line, line);
    assert.ok((await processesWithMarker(marker)).length > 0, 'no runtime process carries the marker while paused');
    await first.session.customRequest('continue', { threadId: first.threadId });
    await eventually('the first invocation to finish', async () => finished.length >= 1);
    assert.match(new TextDecoder().decode(finished[0].result!.payload), /Hello, F5!/);

    const answer = vscode.commands.executeCommand<Answer>('lambdaRuntime.invoke', { event: { name: 'again' } });
    const second = await stops.nth(2);
    assert.equal(second.reason, 'breakpoint');
    assert.equal((await topFrame(second)).line, line);
    await second.session.customRequest('continue', { threadId: second.threadId });
    const result = await answer;
    assert.ok(result, 'lambdaRuntime.invoke returned nothing');
    assert.equal(result.functionError, undefined, result.payload);
    assert.match(result.payload, /Hello, again!/);

    await stopSession(session);
    await eventually('every runtime process to end', async () => (await processesWithMarker(marker)).length === 0);
    assert.equal(
      api.runs.runs().filter((run) => run.session?.id === session.id).length,
      0,
      'the run outlived its session',
    );
  }

  it('Node: stops on a handler breakpoint through js-debug, again on lambdaRuntime.invoke, and Stop ends the runtime', () =>
    breakpointFlow('node', 'handler.js'));

  it('Python: stops on a handler breakpoint through debugpy, again on lambdaRuntime.invoke, and Stop ends the runtime', () =>
    breakpointFlow('python', 'handler.py'));

  it('starts the runtime as soon as the configuration is resolved, and stops it when the editor creates no session', async () => {
    // A resolver registered after the extension's declines the configuration: the editor then creates no session,
    // as when a person declines its "already running" dialog, after the extension has started the runtime.
    cleanups.push(
      vscode.debug.registerDebugConfigurationProvider('lambda-runtime', {
        resolveDebugConfigurationWithSubstitutedVariables: (_folder, configuration) =>
          configuration.declinedByTest ? undefined : configuration,
      }),
    );
    const marker = randomUUID();
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'lambda-runtime',
      request: 'launch',
      name: `declined ${marker}`,
      bootstrap: path.join(folder, 'python', 'bootstrap'),
      handler: 'handler.handler',
      environment: { [MARKER_VARIABLE]: marker },
      declinedByTest: true,
    });
    assert.equal(started, false, 'the editor started a session the test resolver declined');
    await eventually(
      'the runtime started ahead of its session',
      async () => (await processesWithMarker(marker)).length > 0,
    );
    // Stopped once no session has taken it for 5 s.
    await eventually(
      'the unclaimed runtime to be stopped',
      async () => (await processesWithMarker(marker)).length === 0,
      15_000,
    );
  });

  it('runs without a debugger (noDebug): no child session, the event is answered', async () => {
    const taskRoot = path.join(folder, 'node');
    const handler = path.join(taskRoot, 'handler.js');
    cleanups.push(addBreakpoint(handler, await markedLine(handler)));
    const children: vscode.DebugSession[] = [];
    cleanups.push(vscode.debug.onDidStartDebugSession((session) => session.parentSession && children.push(session)));
    const finished: InvocationRecord[] = [];
    cleanups.push(api.runs.onDidFinishInvocation((record) => finished.push(record)));
    const session = await startLambdaSession(
      {
        bootstrap: path.join(taskRoot, 'bootstrap'),
        handler: 'handler.handler',
        event: path.join(folder, 'events', 'event.json'),
      },
      { noDebug: true },
    );
    await eventually('the event to be answered', async () => finished.length >= 1, 30_000);
    assert.match(new TextDecoder().decode(finished[0].result!.payload), /Hello, file!/);
    const run = api.runs.runs().find((candidate) => candidate.session?.id === session.id);
    assert.ok(run, 'the session registered no run');
    assert.equal(run.debugging, false);
    assert.equal(stops.stops.length, 0, 'a run without a debugger stopped on a breakpoint');
    assert.equal(children.filter((child) => child.parentSession?.id === session.id).length, 0);
    await stopSession(session);
  });

  it('where the editor opens the Debug Console as a session starts, it does so only once stopped at the first breakpoint', async () => {
    const taskRoot = path.join(folder, 'python');
    const handler = path.join(taskRoot, 'handler.py');
    cleanups.push(addBreakpoint(handler, await markedLine(handler)));
    const children: vscode.DebugSession[] = [];
    cleanups.push(vscode.debug.onDidStartDebugSession((session) => session.parentSession && children.push(session)));
    // The editor shows a stop by focusing its top frame; the parent's launch must not be answered before.
    const shown: number[] = [];
    cleanups.push(
      vscode.debug.onDidChangeActiveStackItem(
        (item) => item instanceof vscode.DebugStackFrame && shown.push(performance.now()),
      ),
    );
    const session = await startLambdaSession({
      bootstrap: path.join(taskRoot, 'bootstrap'),
      handler: 'handler.handler',
      event: { name: 'console' },
      internalConsoleOptions: 'openOnSessionStart',
    });
    const answered = performance.now();
    const first = await stops.nth(1);
    assert.ok(shown.length > 0 && shown[0] <= answered, 'the launch was answered before the editor showed the stop');
    assert.equal(session.configuration.internalConsoleOptions, 'openOnSessionStart');
    const child = children.find((candidate) => candidate.parentSession?.id === session.id);
    assert.equal(child?.configuration.internalConsoleOptions, 'neverOpen', 'the child may open the console first');
    await first.session.customRequest('continue', { threadId: first.threadId });
    await stopSession(session);
  });

  it('with no event to invoke, it answers its launch once the runtime is ready', async () => {
    const taskRoot = path.join(folder, 'python');
    const session = await startLambdaSession({
      bootstrap: path.join(taskRoot, 'bootstrap'),
      handler: 'handler.handler',
      internalConsoleOptions: 'openOnSessionStart',
    });
    const run = api.runs.runs().find((candidate) => candidate.session?.id === session.id);
    const marks = run?.timeline?.marks.map((mark) => mark.phase) ?? [];
    assert.ok(marks.includes('runtime asked next'), `the runtime was not ready: ${marks.join(', ')}`);
    assert.ok(marks.indexOf('launch answered') > marks.indexOf('runtime asked next'), marks.join(', '));
    assert.equal(stops.stops.length, 0);
    await stopSession(session);
  });

  it('F5 with no launch.json on an open handler file runs its bootstrap with that handler', async () => {
    const handler = path.join(folder, 'node', 'handler.js');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(handler)));
    let session: vscode.DebugSession | undefined;
    cleanups.push(
      vscode.debug.onDidStartDebugSession((started) => {
        if (started.type === 'lambda-runtime') session = started;
      }),
    );
    const started = await vscode.debug.startDebugging(
      vscode.workspace.workspaceFolders?.[0],
      { type: 'lambda-runtime', request: '', name: '' },
      { noDebug: true },
    );
    assert.equal(started, true);
    await eventually('the session', async () => session !== undefined);
    assert.equal(session!.configuration.bootstrap, path.join(folder, 'node', 'bootstrap'));
    assert.equal(session!.configuration.handler, 'handler.handler');
    await eventually('its run', async () => api.runs.runs().some((run) => run.session?.id === session!.id));
    const run = api.runs.runs().find((candidate) => candidate.session?.id === session!.id)!;
    const result = await run.invoke(JSON.stringify({ name: 'open file' }));
    assert.match(new TextDecoder().decode(result.payload), /Hello, open file!/);
    await stopSession(session!);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('debugger "bash" on a bootstrap that execs node: bash debugging ends at the exec with a message, the function answers', async () => {
    const finished: InvocationRecord[] = [];
    cleanups.push(api.runs.onDidFinishInvocation((record) => finished.push(record)));
    const said: string[] = [];
    cleanups.push(
      vscode.debug.registerDebugAdapterTrackerFactory('lambda-runtime-bash', {
        createDebugAdapterTracker: () => ({
          onDidSendMessage: (message: { type?: string; event?: string; body?: { output?: string } }) => {
            if (message.type === 'event' && message.event === 'output') said.push(message.body?.output ?? '');
          },
        }),
      }),
    );
    const session = await startLambdaSession({
      bootstrap: path.join(folder, 'node', 'bootstrap'),
      handler: 'handler.handler',
      debugger: 'bash',
      event: { name: 'after exec' },
    });
    await eventually('the event to be answered', async () => finished.length >= 1, 30_000);
    assert.match(new TextDecoder().decode(finished[0].result!.payload), /Hello, after exec!/);
    assert.ok(
      said.some((text) => /runs "exec node .*": it is no longer bash/.test(text)),
      `the bash session said: ${JSON.stringify(said)}`,
    );
    await stopSession(session);
  });

  it('watch: a change under the task root restarts the runtime before the next invoke, in the same session', async () => {
    const taskRoot = path.join(folder, 'watched');
    await cp(path.join(folder, 'node'), taskRoot, { recursive: true });
    const session = await startLambdaSession(
      { bootstrap: path.join(taskRoot, 'bootstrap'), handler: 'handler.handler', watch: true },
      { noDebug: true },
    );
    await eventually('its run', async () => api.runs.runs().some((run) => run.session?.id === session.id));
    const run = api.runs.runs().find((candidate) => candidate.session?.id === session.id)!;
    assert.match(new TextDecoder().decode((await run.invoke('{"name":"before"}')).payload), /Hello, before!/);
    const handler = path.join(taskRoot, 'handler.js');
    await writeFile(handler, (await readFile(handler, 'utf8')).replace('Hello', 'Changed'));
    await eventually(
      'the changed handler to answer',
      async () => /Changed, after!/.test(new TextDecoder().decode((await run.invoke('{"name":"after"}')).payload)),
      20_000,
    );
    assert.ok(api.runs.runs().includes(run), 'the session ended on a change');
    await stopSession(session);
  });

  it('refuses a configuration whose bootstrap does not exist', async () => {
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'lambda-runtime',
      request: 'launch',
      name: 'missing bootstrap',
      bootstrap: path.join(folder, 'nowhere', 'bootstrap'),
    });
    assert.equal(started, false);
  });

  it('refuses a bootstrap that is not executable, and one whose handler file is missing', async () => {
    const copy = path.join(folder, 'python');
    await chmod(path.join(copy, 'bootstrap'), 0o644);
    try {
      const notExecutable = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
        type: 'lambda-runtime',
        request: 'launch',
        name: 'not executable',
        bootstrap: path.join(copy, 'bootstrap'),
        handler: 'handler.handler',
      });
      assert.equal(notExecutable, false);
    } finally {
      await chmod(path.join(copy, 'bootstrap'), 0o755);
    }
    const missingHandler = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'lambda-runtime',
      request: 'launch',
      name: 'missing handler',
      bootstrap: path.join(copy, 'bootstrap'),
      handler: 'nothere.handler',
    });
    assert.equal(missingHandler, false);
  });

  after(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });
});
