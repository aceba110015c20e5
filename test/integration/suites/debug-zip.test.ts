// F5 with `zip` in a real editor: the function runs from its deployment zip (built here by the project's own
// packager), extracted to a temporary task root, while the breakpoint is set on the workspace's handler: the
// debugger stops there and the Call Stack shows the workspace file, not the extracted copy. Stop removes the
// extracted folder; a zip whose bootstrap is 0644 answers Runtime.InvalidEntrypoint as Lambda does; a missing zip
// starts nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import { probeSandbox } from '../../../src/core/emulator/sandbox/probe';
import { packageTarget } from '../../../src/core/package';
import type { ResolvedLaunch } from '../../../src/core/debug/launch-config';
import type { InvocationRecord } from '../../../src/debug/runs';
import { makeZip } from '../../unit/lint/zip/helpers';
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

/** Where the resolver leaves the resolved launch in the session's configuration (parent-session's RESOLVED_KEY). */
const RESOLVED_KEY = '__lambdaRuntime';

describe('Debugging a function from its deployment zip', function () {
  this.timeout(120_000);
  let api: LambdaRuntimeKitApi;
  let fixture: string;
  let sandboxed: boolean;
  let stops: StopWatcher;
  const cleanups: vscode.Disposable[] = [];

  before(async () => {
    const extension = vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID)!;
    api = (await extension.activate()) as LambdaRuntimeKitApi;
    fixture = await copyDebugFixture();
    sandboxed = (await probeSandbox()).available;
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('lambdaRuntime.emulator')
      .update('sandbox', undefined, vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => {
    stops = new StopWatcher();
    cleanups.push(stops);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup.dispose();
    await vscode.debug.stopDebugging();
  });

  async function build(language: string): Promise<string> {
    const built = await packageTarget(
      { name: `${language}-fn`, kind: 'function', folder: path.join(fixture, language) },
      { outDir: path.join(fixture, 'dist'), output: () => undefined },
    );
    return built.file;
  }

  function finishedInvocations(): InvocationRecord[] {
    const finished: InvocationRecord[] = [];
    cleanups.push(api.runs.onDidFinishInvocation((record) => finished.push(record)));
    return finished;
  }

  for (const [language, handlerFile, answer, sandbox] of [
    ['bash', 'handler.sh', /Hello, file!/, 'auto'],
    ['bash', 'handler.sh', /Hello, file!/, 'off'],
    ['node', 'handler.js', /Hello, file!/, 'auto'],
  ] as const) {
    it(`${language} (sandbox ${sandbox}): stops on the workspace handler's breakpoint, answers, and Stop removes the extracted folder`, async () => {
      await vscode.workspace
        .getConfiguration('lambdaRuntime.emulator')
        .update('sandbox', sandbox, vscode.ConfigurationTarget.Global);
      const zip = await build(language);
      const handler = path.join(fixture, language, handlerFile);
      const line = await markedLine(handler);
      cleanups.push(addBreakpoint(handler, line));
      const finished = finishedInvocations();
      const marker = randomUUID();
      const session = await startLambdaSession({
        zip,
        handler: 'handler.handler',
        event: path.join(fixture, 'events', 'event.json'),
        environment: { [MARKER_VARIABLE]: marker },
      });
      const resolved = session.configuration[RESOLVED_KEY] as ResolvedLaunch;
      const taskRoot = resolved.zip?.taskRoot;
      assert.ok(taskRoot && existsSync(path.join(taskRoot, handlerFile)), 'the zip is extracted for the session');
      assert.deepEqual(resolved.zip?.local, [path.join(fixture, language)]);
      const stop = await stops.nth(1);
      assert.equal(stop.reason, 'breakpoint');
      const frame = await topFrame(stop);
      // The runtime ran the extracted copy: the debugger's mapping shows the workspace's file.
      assert.equal(frame.path, handler, `stopped in ${frame.path}:${frame.line} (${frame.name})`);
      assert.equal(frame.line, line);
      // Where bubblewrap runs, the zip runs in Lambda's file system under `auto`: /var/task; else in place.
      const pids = await processesWithMarker(marker);
      const environments = await Promise.all(
        pids.map((pid) => readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '')),
      );
      const expectedRoot = sandboxed && sandbox === 'auto' ? '/var/task' : taskRoot;
      assert.ok(
        environments.some((environ) => environ.split('\0').includes(`LAMBDA_TASK_ROOT=${expectedRoot}`)),
        `the runtime does not run with LAMBDA_TASK_ROOT=${expectedRoot}`,
      );
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      await eventually('the invocation to finish', async () => finished.length >= 1, 30_000);
      assert.match(new TextDecoder().decode(finished[0].result!.payload), answer);
      await stopSession(session);
      await eventually('every runtime process to end', async () => (await processesWithMarker(marker)).length === 0);
      await eventually('the extracted folder to be removed', async () => !existsSync(taskRoot));
    });
  }

  it('a zip whose bootstrap is 0644 answers Runtime.InvalidEntrypoint, as in Lambda', async () => {
    const zip = await makeZip(path.join(fixture, 'dist', 'no-exec.zip'), [
      { name: 'bootstrap', data: '#!/bin/sh\necho "must not run" >&2\n', mode: 0o100644 },
      { name: 'handler.sh', data: 'handler () { echo "{}"; }\n' },
    ]);
    const finished = finishedInvocations();
    const session = await startLambdaSession({ zip, handler: 'handler.handler', event: { any: 1 } });
    await eventually('the invocation to finish', async () => finished.length >= 1, 30_000);
    const result = finished[0].result!;
    assert.ok(result.functionError, 'the invocation is a function error');
    assert.match(new TextDecoder().decode(result.payload), /Runtime\.InvalidEntrypoint/);
    await stopSession(session);
  });

  it('watch: a zip built anew is extracted again into the same folder, and the next invoke runs it', async () => {
    const handler = path.join(fixture, 'bash', 'handler.sh');
    const original = await readFile(handler, 'utf8');
    const zip = await build('bash');
    const session = await startLambdaSession({ zip, handler: 'handler.handler', watch: true }, { noDebug: true });
    try {
      await eventually('its run', async () => api.runs.runs().some((run) => run.session?.id === session.id));
      const run = api.runs.runs().find((candidate) => candidate.session?.id === session.id)!;
      const answer = async () => new TextDecoder().decode((await run.invoke('{"name":"zip"}')).payload);
      assert.match(await answer(), /Hello, zip!/);
      const taskRoot = (session.configuration[RESOLVED_KEY] as ResolvedLaunch).zip!.taskRoot;
      // The workspace's handler changes: nothing happens until the zip is built again.
      await writeFile(handler, original.replace('Hello', 'Rebuilt'));
      await build('bash');
      await eventually('the rebuilt zip to answer', async () => /Rebuilt, zip!/.test(await answer()), 20_000);
      assert.match(
        await readFile(path.join(taskRoot, 'handler.sh'), 'utf8'),
        /Rebuilt/,
        'extracted in the same folder',
      );
      await stopSession(session);
      await eventually('the extracted folder to be removed', async () => !existsSync(taskRoot));
    } finally {
      await writeFile(handler, original);
    }
  });

  it('a missing zip starts nothing', async () => {
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'lambda-runtime',
      request: 'launch',
      name: 'missing zip',
      zip: path.join(fixture, 'dist', 'none.zip'),
    });
    assert.equal(started, false);
    assert.equal(vscode.debug.activeDebugSession, undefined);
  });
});
