// F5 on bash runtimes in a real editor: the AWS tutorial's runtime exactly as AWS publishes it, and the scaffolded
// bash runtime. The lambda-runtime session picks the bash debugger by itself (`debugger: auto`), its child session
// stops in the handler's file inside the bootstrap's $(...), shows variables, steps, answers, stops again on
// lambdaRuntime.invoke, and Stop ends every process.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import type { InvocationRecord } from '../../../src/debug/runs';
import {
  EXTENSION_ID,
  MARKER_VARIABLE,
  StopWatcher,
  addBreakpoint,
  eventually,
  processesWithMarker,
  startLambdaSession,
  stopSession,
  type Stop,
} from '../debug-support';

interface Answer {
  payload: string;
  functionError?: string;
}
interface Frame {
  id: number;
  name: string;
  line: number;
  source?: { path?: string };
}

async function lineWith(file: string, text: string): Promise<number> {
  const index = (await readFile(file, 'utf8')).split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} is not in ${file}`);
  return index + 1;
}

function fsPath(source: string | undefined): string | undefined {
  return source && /^[a-z][\w+.-]+:\/\//i.test(source) ? vscode.Uri.parse(source).fsPath : source;
}

async function stack(stop: Stop): Promise<Frame[]> {
  const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId })) as {
    stackFrames: Frame[];
  };
  return trace.stackFrames.map((frame) => ({ ...frame, source: { path: fsPath(frame.source?.path) } }));
}

/** The variables of every scope of a frame, by name. */
async function variables(stop: Stop, frameId: number): Promise<Record<string, string>> {
  const scopes = (await stop.session.customRequest('scopes', { frameId })) as {
    scopes: Array<{ variablesReference: number; expensive: boolean }>;
  };
  const found: Record<string, string> = {};
  for (const scope of scopes.scopes.filter((candidate) => !candidate.expensive)) {
    const list = (await stop.session.customRequest('variables', {
      variablesReference: scope.variablesReference,
    })) as { variables: Array<{ name: string; value: string }> };
    for (const variable of list.variables) found[variable.name] ??= variable.value;
  }
  return found;
}

describe('Debugging bash runtimes in a real editor', function () {
  this.timeout(120_000);
  let workspace: string;
  let api: LambdaRuntimeKitApi;
  let stops: StopWatcher;
  const cleanups: vscode.Disposable[] = [];

  before(async () => {
    const extension = vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID)!;
    api = (await extension.activate()) as LambdaRuntimeKitApi;
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  beforeEach(() => {
    stops = new StopWatcher();
    cleanups.push(stops);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup.dispose();
    await vscode.debug.stopDebugging();
  });

  /** Breakpoint in `handlerFile` at `line`, F5, the checks of the issue, then Stop. */
  async function bashFlow(options: {
    taskRoot: string;
    handlerFile: string;
    line: number;
    event: unknown;
    expectVariables: Record<string, string>;
    answer: (event: unknown) => RegExp;
  }): Promise<void> {
    const { taskRoot, handlerFile, line } = options;
    const bootstrap = path.join(taskRoot, 'bootstrap');
    cleanups.push(addBreakpoint(handlerFile, line));
    const finished: InvocationRecord[] = [];
    cleanups.push(api.runs.onDidFinishInvocation((record) => finished.push(record)));
    const marker = randomUUID();
    const session = await startLambdaSession({
      bootstrap,
      handler: 'function.handler',
      event: options.event,
      environment: { [MARKER_VARIABLE]: marker },
    });

    const first = await stops.nth(1);
    assert.equal(first.reason, 'breakpoint');
    assert.equal(first.session.type, 'lambda-runtime-bash', 'debugger auto chose the bash debugger');
    const frames = await stack(first);
    assert.equal(frames[0].source?.path, handlerFile, `stopped in ${frames[0].source?.path}:${frames[0].line}`);
    assert.equal(frames[0].line, line);
    assert.equal(frames[0].name, 'handler');
    assert.ok(
      frames.slice(1).some((frame) => frame.source?.path === bootstrap),
      `the bootstrap is not lower in the stack: ${JSON.stringify(frames)}`,
    );
    const seen = await variables(first, frames[0].id);
    for (const [name, value] of Object.entries(options.expectVariables)) assert.equal(seen[name], value, name);

    await first.session.customRequest('next', { threadId: first.threadId });
    const stepped = await stops.nth(2);
    assert.equal(stepped.reason, 'step');
    assert.ok((await stack(stepped))[0].line > line, 'step over went to a later line of the handler');
    await stepped.session.customRequest('continue', { threadId: stepped.threadId });
    await eventually('the first invocation to finish', async () => finished.length >= 1, 20_000);
    assert.match(new TextDecoder().decode(finished[0].result!.payload), options.answer(options.event));

    const again = { name: 'again' };
    const answer = vscode.commands.executeCommand<Answer>('lambdaRuntime.invoke', { event: again });
    const second = await stops.nth(3);
    assert.equal(second.reason, 'breakpoint');
    assert.equal((await stack(second))[0].line, line);
    await second.session.customRequest('continue', { threadId: second.threadId });
    const result = await answer;
    assert.ok(result, 'lambdaRuntime.invoke returned nothing');
    assert.match(result.payload, options.answer(again));

    await stopSession(session);
    await eventually('every runtime process to end', async () => (await processesWithMarker(marker)).length === 0);
  }

  it("the AWS tutorial's runtime as published: stops in function.sh, steps, answers, stops again, Stop ends it", async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const taskRoot = await mkdtemp(path.join(workspace, 'bash-tutorial-'));
    await cp(path.join(extension.extensionPath, 'test', 'fixtures', 'runtimes', 'bash-tutorial'), taskRoot, {
      recursive: true,
    });
    const handlerFile = path.join(taskRoot, 'function.sh');
    await bashFlow({
      taskRoot,
      handlerFile,
      line: await lineWith(handlerFile, 'RESPONSE="Echoing'),
      event: { hello: 'F5' },
      expectVariables: { EVENT_DATA: '{"hello":"F5"}' },
      answer: (event) => new RegExp(`Echoing request: '${JSON.stringify(event)}'`),
    });
  });

  it('the scaffolded bash runtime: stops in its handler with the locals, steps, answers, stops again', async () => {
    const folder = await mkdtemp(path.join(workspace, 'bash-scaffold-'));
    await vscode.commands.executeCommand('lambdaRuntime.newProject', {
      language: 'bash',
      packaging: 'zip',
      folder,
      functionName: 'BashDebugFunction',
      open: false,
    });
    const handlerFile = path.join(folder, 'function.sh');
    await bashFlow({
      taskRoot: folder,
      handlerFile,
      line: await lineWith(handlerFile, 'echo "Greeting'),
      event: { name: 'F5' },
      expectVariables: { name: 'F5', event: '{"name":"F5"}' },
      answer: (event) => new RegExp(`"message":"Hello, ${(event as { name: string }).name}!"`),
    });
  });
});
