// In-editor benchmark (LRK_TEST_SUITES=bench, run by `npm run bench:debug`): the time from startDebugging to the
// first breakpoint hit in the handler, over several sessions per language, and where that time goes: the parent
// session's own steps (its timeline, read through the extension's run registry) merged with what a debug adapter
// tracker sees of every session (parent, the language debugger's child, js-debug's target). LRK_BENCH_LANGUAGES
// (comma-separated) picks the languages, so that bench/debug.bench.ts can give each its own fresh editor. Each
// figure is written to the file named by LRK_BENCH_DEBUG_RESULTS for bench/debug.bench.ts to summarise.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import inspector from 'node:inspector';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import {
  EXTENSION_ID,
  StopWatcher,
  addBreakpoint,
  copyDebugFixture,
  markedLine,
  startLambdaSession,
  stopSession,
  topFrame,
} from '../debug-support';

/**
 * The benchmarked languages: the fixture folder under test/fixtures/workspaces/debug (its `bootstrap`; the language's
 * name unless `folder` says), the file with the `BREAK` line, and `_HANDLER`. `node-plain` is the reference: the
 * same handler called by plain Node.js under js-debug alone (no emulator, no `lambda-runtime` session), the least
 * this editor takes from F5 to a breakpoint in Node.js.
 */
const LANGUAGES: ReadonlyArray<{ language: string; handlerFile: string; handler: string; folder?: string }> = [
  { language: 'node', handlerFile: 'handler.js', handler: 'handler.handler' },
  { language: 'python', handlerFile: 'handler.py', handler: 'handler.handler' },
  { language: 'bash', handlerFile: 'handler.sh', handler: 'handler.handler' },
  { language: 'node-plain', folder: 'node', handlerFile: 'handler.js', handler: 'handler.handler' },
];

/** The reference's program: calls the handler once, as the runtime would, and exits. */
const PLAIN_NODE_PROGRAM = 'bench-call-handler.js';

/** Starts the reference: the handler run by `node` under js-debug alone; resolves with js-debug's session. */
async function startPlainNode(taskRoot: string): Promise<vscode.DebugSession> {
  const program = path.join(taskRoot, PLAIN_NODE_PROGRAM);
  await writeFile(
    program,
    "require('./handler.js').handler({ name: 'bench' }).then((answer) => console.log(JSON.stringify(answer)));\n",
  );
  const name = `Node.js alone ${Date.now()}`;
  const started = new Promise<vscode.DebugSession>((resolve) => {
    const subscription = vscode.debug.onDidStartDebugSession((session) => {
      if (session.configuration.name !== name) return;
      subscription.dispose();
      resolve(session);
    });
  });
  const launched = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
    type: 'node',
    request: 'launch',
    name,
    program,
    cwd: taskRoot,
    console: 'internalConsole',
  });
  assert.equal(launched, true, 'startDebugging refused the plain Node.js configuration');
  return started;
}

const RUNS = Math.max(1, Number(process.env.LRK_BENCH_RUNS ?? 5));
const CHOSEN = (process.env.LRK_BENCH_LANGUAGES ?? '').split(',').filter(Boolean);
/** The pause after a session has ended before the next F5. */
const SETTLE_MS = 500;
/**
 * The first F5 comes this long after the tests start (once the editor has opened the workspace and activated the
 * extensions it activates at start, ours among them). Default 0: F5 at once, the worst case; e.g. 3000 for a
 * person who first opens a file.
 */
const FIRST_F5_AFTER_MS = Number(process.env.LRK_BENCH_FIRST_F5_AFTER ?? 0);
/** When the first F5 came, in ms since the extension host started (its performance.now()). */
let firstF5At: number | undefined;

/** One session: milliseconds from startDebugging to each step, in the order they happened. */
type Phases = Record<string, number>;
const figures: Record<string, number[]> = {};
const phases: Record<string, Phases[]> = {};
/** Each session's startDebugging in wall-clock ms, to find it in a renderer profile (LRK_RENDERER_PROFILE). */
const startedAt: Record<string, number[]> = {};

/**
 * The role of a session in one F5: the `lambda-runtime` parent, the language debugger's child, its own child; in the
 * reference, js-debug's own top session is the root.
 */
function role(session: vscode.DebugSession): string {
  if (session.type === 'lambda-runtime') return 'parent';
  if (!session.parentSession) return 'root';
  return session.parentSession.type === 'lambda-runtime' ? 'child' : 'target';
}

/**
 * The first time each session role started, answered attach, set breakpoints, was configured, stopped; and which
 * sessions are still running, so that the next F5 starts in a quiet editor as a person's would.
 */
/** The requests whose first ask the recorder notes, per session role. */
const ASKED = new Set([
  'initialize',
  'launch',
  'attach',
  'setBreakpoints',
  'setExceptionBreakpoints',
  'configurationDone',
]);

class PhaseRecorder implements vscode.Disposable {
  readonly seen: Array<{ phase: string; at: number }> = [];
  private readonly live = new Set<string>();
  private readonly registrations: vscode.Disposable[];

  constructor() {
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => {
        const who = role(session);
        if (who !== 'parent') this.note(`${who} session`);
        return {
          // When the editor asks: the time between two asks is the editor's, not the adapter's.
          onWillReceiveMessage: (message: { type?: string; command?: string }) => {
            if (message.type === 'request' && ASKED.has(message.command ?? ''))
              this.note(`${who} asked ${message.command}`);
          },
          onDidSendMessage: (message: { type?: string; event?: string; command?: string; success?: boolean }) => {
            if (message.type === 'event' && message.event === 'initialized') this.note(`${who} initialized`);
            if (message.type === 'event' && message.event === 'stopped') this.note('stopped');
            if (message.type !== 'response' || !message.success) return;
            if (message.command === 'attach' || message.command === 'launch') this.note(`${who} ${message.command}ed`);
            if (message.command === 'setBreakpoints' && who !== 'parent') this.note(`${who} breakpoints set`);
            if (message.command === 'configurationDone' && who !== 'parent') this.note(`${who} configured`);
          },
        };
      },
    });
    this.registrations = [
      tracker,
      vscode.debug.onDidStartDebugSession((session) => this.live.add(session.id)),
      vscode.debug.onDidTerminateDebugSession((session) => this.live.delete(session.id)),
    ];
  }

  /** Waits until every session of this F5 has ended, then a moment more for the editor to settle. */
  async quiet(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.live.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }

  private note(phase: string): void {
    if (!this.seen.some((entry) => entry.phase === phase)) this.seen.push({ phase, at: performance.now() });
  }

  dispose(): void {
    for (const registration of this.registrations) registration.dispose();
  }
}

/**
 * The parent session's timeline and what the tracker saw, relative to `started`, in time order; for the first
 * session also when the extension activated and got the workspace's debuggers ready (before F5: negative).
 */
function phasesOf(
  started: number,
  recorder: PhaseRecorder,
  api: LambdaRuntimeKitApi,
  session: vscode.DebugSession,
  first: boolean,
) {
  const run = api.runs.runs().find((candidate) => candidate.session?.id === session.id);
  const preparation = first
    ? (api.preparation?.marks ?? []).map(({ phase, at }) => ({ phase: `preparation: ${phase}`, at }))
    : [];
  const marks = [...preparation, ...(run?.timeline?.marks ?? []), ...recorder.seen];
  const result: Phases = {};
  for (const { phase, at } of marks.sort((a, b) => a.at - b.at)) result[phase] = Math.round(at - started);
  return result;
}

/**
 * LRK_EXTHOST_PROFILE=FILE: a CPU profile of this extension host (the extensions', js-debug's and the emulator's
 * JavaScript) over the whole benchmark, with the wall-clock time it started, as for the renderer's in run-offline.
 */
async function startProfile(file: string | undefined): Promise<{ stop(): Promise<void> } | undefined> {
  if (!file) return undefined;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      // eslint-disable-line @typescript-eslint/no-explicit-any
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  const wallClockStart = Date.now();
  return {
    async stop() {
      const { profile } = await post('Profiler.stop');
      await writeFile(file, JSON.stringify({ ...profile, wallClockStart }));
      session.disconnect();
    },
  };
}

describe('Debugging benchmark: startDebugging to the first breakpoint', function () {
  this.timeout(600_000);
  let folder: string;
  let api: LambdaRuntimeKitApi;

  let profiler: { stop(): Promise<void> } | undefined;

  before(async () => {
    profiler = await startProfile(process.env.LRK_EXTHOST_PROFILE);
    folder = await copyDebugFixture();
    api = vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID)?.exports as LambdaRuntimeKitApi;
    assert.ok(api?.runs, 'the extension returned no run registry');
    await new Promise((resolve) => setTimeout(resolve, FIRST_F5_AFTER_MS));
  });

  after(async () => {
    await profiler?.stop();
    const file = process.env.LRK_BENCH_DEBUG_RESULTS;
    if (file) {
      await writeFile(
        file,
        JSON.stringify({ vscodeVersion: vscode.version, firstF5At, runs: figures, phases, startedAt }, null, 2),
      );
    }
  });

  for (const { language, handlerFile, handler: handlerName, folder: fixture } of LANGUAGES) {
    if (CHOSEN.length > 0 && !CHOSEN.includes(language)) continue;
    const plain = language === 'node-plain';
    it(`${language}: ${RUNS} sessions`, async () => {
      const taskRoot = path.join(folder, fixture ?? language);
      const handler = path.join(taskRoot, handlerFile);
      const line = await markedLine(handler);
      const breakpoint = addBreakpoint(handler, line);
      // Filled as sessions end, so that a failed run still reports the sessions before the failure.
      const times: number[] = (figures[language] = []);
      const steps: Phases[] = (phases[language] = []);
      try {
        for (let run = 0; run < RUNS; run++) {
          const stops = new StopWatcher();
          const recorder = new PhaseRecorder();
          try {
            const started = performance.now();
            firstF5At ??= started;
            (startedAt[language] ??= []).push(Date.now());
            const session = plain
              ? await startPlainNode(taskRoot)
              : await startLambdaSession({
                  bootstrap: path.join(taskRoot, 'bootstrap'),
                  handler: handlerName,
                  event: { name: 'bench' },
                });
            const stop = await stops.nth(1).catch((error: Error) => {
              const reached = JSON.stringify(phasesOf(started, recorder, api, session, run === 0));
              throw new Error(`${language} session ${run + 1}: ${error.message}; steps reached: ${reached}`);
            });
            times.push(stop.at - started);
            steps.push(phasesOf(started, recorder, api, session, run === 0));
            assert.equal(stop.reason, 'breakpoint');
            assert.equal((await topFrame(stop)).line, line);
            await stop.session.customRequest('continue', { threadId: stop.threadId });
            // The reference's program ends once the handler has answered, and its sessions with it.
            if (!plain) await stopSession(session);
            await recorder.quiet();
          } finally {
            recorder.dispose();
            stops.dispose();
          }
        }
      } finally {
        breakpoint.dispose();
        await vscode.debug.stopDebugging();
      }
    });
  }
});
