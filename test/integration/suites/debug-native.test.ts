// Debugging compiled custom runtimes (Go, C++) in a real editor: the Go and native debuggers' plans start the
// runtime under Delve or behind lldb-server through the real emulator, a child session of the internal debug
// type attaches, a breakpoint set with the editor's API stops on the handler line, the answer arrives after
// continuing, and nothing of the runtime is left after stopping. The runtimes are compiled here, at run time.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator } from '../../../src/core/emulator/index';
import type { Emulator, InvokeResult } from '../../../src/core/emulator/types';
import { findDelve } from '../../../src/core/debug/adapters/delve';
import { findLldb, llvmDirectories } from '../../../src/core/debug/adapters/lldb';
import { pathDirectories } from '../../../src/core/debug/adapters/find-tool';
import { goDebugger, registerGoAdapter } from '../../../src/debug/languages/go';
import { nativeDebugger, registerNativeAdapter } from '../../../src/debug/languages/native';
import { isMissing, type LanguageDebugger, type PlanContext } from '../../../src/debug/languages/types';
import {
  buildCppRuntime,
  buildGoRuntime,
  cppMissing,
  debugNativeFixtures,
  goMissing,
  type BuiltRuntime,
} from '../../unit/debug/adapters/native-fixtures';
import { waitForNoProcess } from '../../unit/debug/adapters/processes';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import type { InvocationRecord } from '../../../src/debug/runs';
import { skipBecause } from '../skip';
import { freePort } from '../../../src/core/free-port';
import { probeSandbox } from '../../../src/core/emulator/sandbox/probe';
import { waitFor } from '../wait';

const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';
const DEADLINE_MS = 60_000;

interface Stop {
  readonly session: vscode.DebugSession;
  readonly body: { reason: string; threadId: number };
}

/** Every `stopped` event any debug adapter sends, through the editor's tracker API. */
class StopRecorder implements vscode.Disposable {
  readonly stops: Stop[] = [];
  private readonly registration = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: Stop['body'] }) => {
        if (message.type === 'event' && message.event === 'stopped' && message.body) {
          this.stops.push({ session, body: message.body });
        }
      },
    }),
  });

  async next(after: number, reason: string): Promise<Stop> {
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const stop = this.stops.slice(after).find((candidate) => candidate.body.reason === reason);
      if (stop) return stop;
      if (Date.now() > deadline) throw new Error(`no '${reason}' stop within ${DEADLINE_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  dispose(): void {
    this.registration.dispose();
  }
}

/**
 * Registers the internal adapters unless the extension already has (registerDebugging calls them; a second
 * registration for a type is refused by the editor).
 */
function ensureAdapters(): vscode.Disposable[] {
  const registered: vscode.Disposable[] = [];
  const context = { subscriptions: [] } as unknown as vscode.ExtensionContext;
  for (const register of [registerGoAdapter, registerNativeAdapter]) {
    try {
      registered.push(register(context));
    } catch (error) {
      if (!/registered once|only be registered/i.test(String(error))) throw error;
    }
  }
  return registered;
}

/** A frame's source path as a file path: a remote editor (code-server) hands them back as `vscode-remote://` URIs. */
function localPath(sourcePath: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(sourcePath) ? vscode.Uri.parse(sourcePath).fsPath : path.resolve(sourcePath);
}

async function waitUntilEnded(session: vscode.DebugSession): Promise<void> {
  if (!vscode.debug.activeDebugSession) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 10_000);
    const listener = vscode.debug.onDidTerminateDebugSession((ended) => {
      if (ended.id !== session.id) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

describe('Debugging compiled runtimes (Go, C++) with the embedded emulator', () => {
  let extension: vscode.Extension<unknown>;
  let workspace: string;
  let log: vscode.LogOutputChannel;
  let adapters: vscode.Disposable[] = [];
  let recorder: StopRecorder;
  const built: string[] = [];

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not among the editor's extensions`);
    extension = found;
    await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the editor opened no workspace folder');
    workspace = folder.uri.fsPath;
    log = vscode.window.createOutputChannel('Lambda Runtime debug-native test', { log: true });
    adapters = ensureAdapters();
    recorder = new StopRecorder();
  });

  after(async () => {
    recorder?.dispose();
    for (const adapter of adapters) adapter.dispose();
    log?.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    for (const dir of built) await rm(dir, { recursive: true, force: true });
  });

  function context(runtime: BuiltRuntime, name: string): PlanContext {
    return {
      fn: { name, bootstrap: runtime.bootstrap, taskRoot: runtime.dir },
      folder: vscode.workspace.workspaceFolders?.[0],
      log,
      freePort,
    };
  }

  /** Checks that a stop is on the handler's breakpoint line, then continues. */
  async function checkStopAndContinue(stop: Stop, runtime: BuiltRuntime): Promise<void> {
    const trace = await stop.session.customRequest('stackTrace', {
      threadId: stop.body.threadId,
      startFrame: 0,
      levels: 1,
    });
    const [frame] = trace.stackFrames as { line: number; source?: { path?: string } }[];
    assert.equal(frame.line, runtime.breakpointLine, 'the top frame is not the handler line');
    assert.equal(localPath(frame.source?.path ?? ''), runtime.handlerFile);
    await stop.session.customRequest('continue', { threadId: stop.body.threadId });
  }

  /**
   * F5 as the user does it: a `lambda-runtime` session with `debugger` and an `event`; the parent session starts
   * the emulator and the language debugger's child session. The configured event stops on the breakpoint, then
   * an invoke through `lambdaRuntime.invoke` stops again; stopping the parent leaves no process.
   */
  async function debugThroughParent(
    kind: 'go' | 'native',
    runtime: BuiltRuntime,
    expect: (name: string) => RegExp,
  ): Promise<void> {
    const api = extension.exports as LambdaRuntimeKitApi | undefined;
    assert.ok(api?.runs, 'the extension does not return its run registry');
    const finished: InvocationRecord[] = [];
    const listening = api.runs.onDidFinishInvocation((record) => finished.push(record));
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(runtime.handlerFile), new vscode.Position(runtime.breakpointLine - 1, 0)),
    );
    vscode.debug.addBreakpoints([breakpoint]);
    let parent: vscode.DebugSession | undefined;
    try {
      const started = new Promise<vscode.DebugSession>((resolve) => {
        const listener = vscode.debug.onDidStartDebugSession((candidate) => {
          if (candidate.type !== 'lambda-runtime') return;
          listener.dispose();
          resolve(candidate);
        });
      });
      const before = recorder.stops.length;
      const configuration: vscode.DebugConfiguration = {
        type: 'lambda-runtime',
        request: 'launch',
        name: `Debug the ${kind} fixture`,
        bootstrap: runtime.bootstrap,
        taskRoot: runtime.dir,
        event: { name: 'first' },
        debugger: kind,
      };
      assert.equal(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], configuration), true);
      parent = await started;
      const first = await recorder.next(before, 'breakpoint');
      assert.equal(
        first.session.parentSession?.id,
        parent.id,
        'the stop is not in a child of the lambda-runtime session',
      );
      await checkStopAndContinue(first, runtime);
      const firstRecord = await waitFor(
        'the configured event to be answered',
        () => finished.find((r) => r.result),
        DEADLINE_MS,
      );
      const firstPayload = new TextDecoder().decode(firstRecord.result?.payload);
      assert.equal(firstRecord.result?.functionError, undefined, firstPayload);
      assert.match(firstPayload, expect('first'));

      const again = recorder.stops.length;
      const answer = vscode.commands.executeCommand<{ payload: string; functionError?: string }>(
        'lambdaRuntime.invoke',
        {
          event: { name: 'second' },
        },
      );
      await checkStopAndContinue(await recorder.next(again, 'breakpoint'), runtime);
      const second = await answer;
      assert.equal(second.functionError, undefined, second.payload);
      assert.match(second.payload, expect('second'));
    } finally {
      listening.dispose();
      if (parent) {
        await vscode.debug.stopDebugging(parent);
        await waitUntilEnded(parent);
      }
      vscode.debug.removeBreakpoints([breakpoint]);
    }
    assert.deepEqual(await waitForNoProcess(runtime.dir), [], 'a process of the runtime is left');
  }

  /**
   * The plan, run the way the parent session runs it: the emulator starts the runtime with the plan's launch (and
   * no timeouts), then the child session starts; two invokes stop on the handler breakpoint and answer.
   */
  async function debugWithPlan(
    language: LanguageDebugger,
    runtime: BuiltRuntime,
    expect: (name: string) => RegExp,
  ): Promise<void> {
    const plan = await language.plan(context(runtime, `${language.kind}-fn`));
    assert.ok(!isMissing(plan), `the ${language.kind} debugger is missing: ${JSON.stringify(plan)}`);
    assert.equal(plan.startChild, 'after-runtime-start');
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(runtime.handlerFile), new vscode.Position(runtime.breakpointLine - 1, 0)),
    );
    vscode.debug.addBreakpoints([breakpoint]);
    let emulator: Emulator | undefined;
    let session: vscode.DebugSession | undefined;
    try {
      emulator = await startEmulator({
        functions: [{ name: `${language.kind}-fn`, bootstrap: runtime.bootstrap, taskRoot: runtime.dir }],
        debug: { ...plan.launch, noTimeouts: true },
      });
      const started = new Promise<vscode.DebugSession>((resolve) => {
        const listener = vscode.debug.onDidStartDebugSession((candidate) => {
          if (candidate.type !== plan.child.type) return;
          listener.dispose();
          resolve(candidate);
        });
      });
      assert.equal(await vscode.debug.startDebugging(undefined, plan.child), true, 'the child session did not start');
      session = await started;
      for (const name of ['first', 'second']) {
        const before = recorder.stops.length;
        const answer: Promise<InvokeResult> = emulator.invoke({
          payload: new TextEncoder().encode(JSON.stringify({ name })),
        });
        const stop = await recorder.next(before, 'breakpoint');
        assert.equal(stop.session.id, session.id);
        const trace = await session.customRequest('stackTrace', {
          threadId: stop.body.threadId,
          startFrame: 0,
          levels: 1,
        });
        const [frame] = trace.stackFrames as { line: number; source?: { path?: string } }[];
        assert.equal(frame.line, runtime.breakpointLine, 'the top frame is not the handler line');
        assert.equal(localPath(frame.source?.path ?? ''), runtime.handlerFile);
        await session.customRequest('continue', { threadId: stop.body.threadId });
        const result = await answer;
        const payload = new TextDecoder().decode(result.payload);
        assert.equal(result.functionError, undefined, payload);
        assert.match(payload, expect(name));
      }
    } finally {
      if (session) {
        await vscode.debug.stopDebugging(session);
        await waitUntilEnded(session);
      }
      await emulator?.stop();
      await plan.dispose?.();
      vscode.debug.removeBreakpoints([breakpoint]);
    }
    assert.deepEqual(await waitForNoProcess(runtime.dir), [], 'a process of the runtime is left');
  }

  it('Go: stops on a handler breakpoint through Delve, continues, answers, leaves no process', async function () {
    this.timeout(240_000);
    const missing = goMissing();
    if (missing) skipBecause(this, missing);
    if (!(await findDelve())) skipBecause(this, 'dlv (Delve) is not installed: apt-get install delve');
    const runtime = await buildGoRuntime(debugNativeFixtures(extension.extensionPath), workspace);
    built.push(runtime.dir);
    await debugWithPlan(goDebugger, runtime, (name) => new RegExp(`"greeting":"hello ${name}"`));
  });

  it('native: stops on a C++ handler breakpoint through lldb-dap, continues, answers, leaves no process', async function () {
    this.timeout(120_000);
    const missing = cppMissing();
    if (missing) skipBecause(this, missing);
    if (!(await findLldb([...pathDirectories(), ...llvmDirectories()]))) {
      skipBecause(this, 'lldb-dap and lldb-server are not installed: apt-get install lldb-19');
    }
    const runtime = await buildCppRuntime(debugNativeFixtures(extension.extensionPath), workspace);
    built.push(runtime.dir);
    await debugWithPlan(nativeDebugger, runtime, (name) => new RegExp(`"bytes":${JSON.stringify({ name }).length}`));
  });

  it('Go, with F5: a lambda-runtime session with debugger "go" stops on the handler for each invoke', async function () {
    this.timeout(240_000);
    const missing = goMissing();
    if (missing) skipBecause(this, missing);
    if (!(await findDelve())) skipBecause(this, 'dlv (Delve) is not installed: apt-get install delve');
    const runtime = await buildGoRuntime(debugNativeFixtures(extension.extensionPath), workspace);
    built.push(runtime.dir);
    await debugThroughParent('go', runtime, (name) => new RegExp(`"greeting":"hello ${name}"`));
  });

  it('native, with F5: a lambda-runtime session with debugger "native" stops on the C++ handler for each invoke', async function () {
    this.timeout(120_000);
    const missing = cppMissing();
    if (missing) skipBecause(this, missing);
    if (!(await findLldb([...pathDirectories(), ...llvmDirectories()]))) {
      skipBecause(this, 'lldb-dap and lldb-server are not installed: apt-get install lldb-19');
    }
    const runtime = await buildCppRuntime(debugNativeFixtures(extension.extensionPath), workspace);
    built.push(runtime.dir);
    await debugThroughParent('native', runtime, (name) => new RegExp(`"bytes":${JSON.stringify({ name }).length}`));
  });

  /** Runs `body` with the setting lambdaRuntime.emulator.sandbox at `on`, then restores it. */
  async function inSandbox(test: Mocha.Context, body: () => Promise<void>): Promise<void> {
    if (!(await probeSandbox()).available) skipBecause(test, 'bubblewrap (bwrap) is not installed or refused here');
    const settings = vscode.workspace.getConfiguration('lambdaRuntime.emulator');
    await settings.update('sandbox', 'on', vscode.ConfigurationTarget.Global);
    // Some process of the run must be the runtime in Lambda's file system.
    let sandboxed = false;
    const watcher = setInterval(() => {
      for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
          if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes('LAMBDA_TASK_ROOT=/var/task'))
            sandboxed = true;
        } catch {
          // gone, or not ours
        }
      }
    }, 100);
    try {
      await body();
    } finally {
      clearInterval(watcher);
      await settings.update('sandbox', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(sandboxed, 'no process of the run had LAMBDA_TASK_ROOT=/var/task');
  }

  it('Go, with F5 in the sandbox: Delve runs the bootstrap at /var/task and the breakpoint binds', async function () {
    this.timeout(240_000);
    const missing = goMissing();
    if (missing) skipBecause(this, missing);
    if (!(await findDelve())) skipBecause(this, 'dlv (Delve) is not installed: apt-get install delve');
    const runtime = await buildGoRuntime(debugNativeFixtures(extension.extensionPath), workspace);
    built.push(runtime.dir);
    await inSandbox(this, () => debugThroughParent('go', runtime, (name) => new RegExp(`"greeting":"hello ${name}"`)));
  });

  it("native, with F5 in the sandbox: LLDB's breakpoint binds while the runtime reads Lambda's /var/task", async function () {
    this.timeout(120_000);
    const missing = cppMissing();
    if (missing) skipBecause(this, missing);
    if (!(await findLldb([...pathDirectories(), ...llvmDirectories()]))) {
      skipBecause(this, 'lldb-dap and lldb-server are not installed: apt-get install lldb-19');
    }
    const runtime = await buildCppRuntime(debugNativeFixtures(extension.extensionPath), workspace);
    built.push(runtime.dir);
    await inSandbox(this, () =>
      debugThroughParent('native', runtime, (name) => new RegExp(`"bytes":${JSON.stringify({ name }).length}`)),
    );
  });
});
