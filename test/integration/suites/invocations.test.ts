// The invoke command, the Lambda Invocations view and the emulator's status bar item, in a real editor. The run
// is made here (an emulator on a small Node.js runtime, wrapped in a LambdaRun and added to the extension's
// registry), so these tests do not depend on the debugger; the last one lets the command start a run itself.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import { startEmulator } from '../../../src/core/emulator';
import type { Emulator } from '../../../src/core/emulator/types';
import { SAMPLE_EVENTS } from '../../../src/core/scaffold/events';
import { LambdaRun, type InvocationRecord } from '../../../src/debug/runs';
import { skipBecause } from '../skip';

const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';
const FUNCTION = 'InvocationsEcho';

interface Answer {
  payload: string;
  functionError?: string;
  logs: string;
  durationMs: number;
}

interface Described {
  rows: Array<{
    functionName: string;
    label: string;
    description: string;
    tooltip: string;
    icon: string;
    contextValue: string;
    status: string;
    children: string[];
  }>;
  statusBar: { visible: boolean; text: string; tooltip: string };
}

/**
 * A runtime in plain Node.js (no AWS code): echoes the event as { echo }, posts an error when the event has
 * `fail`, and prints a line per invocation. The shebang is the editor's own node, so PATH does not matter.
 */
const BOOTSTRAP = `#!${process.execPath}
const http = require('node:http');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, method, path: '/2018-06-01/runtime' + path }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
    request.end(body);
  });
}
(async () => {
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    const event = JSON.parse(next.body);
    console.log('handling ' + id);
    if (event && event.fail) {
      await call('POST', '/invocation/' + id + '/error', JSON.stringify({ errorType: 'TestError', errorMessage: String(event.fail) }));
    } else {
      await call('POST', '/invocation/' + id + '/response', JSON.stringify({ echo: event }));
    }
  }
})();
`;

async function writeRuntime(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const bootstrap = path.join(folder, 'bootstrap');
  await writeFile(bootstrap, BOOTSTRAP);
  await chmod(bootstrap, 0o755);
  return bootstrap;
}

const invoke = async (argument: unknown) => vscode.commands.executeCommand<Answer>('lambdaRuntime.invoke', argument);
const describeViews = () => vscode.commands.executeCommand<Described>('lambdaRuntime.describeInvocations');

/** The next invocation record the registry reports as finished. */
function nextFinished(api: LambdaRuntimeKitApi): Promise<InvocationRecord> {
  return new Promise((resolve) => {
    const subscription = api.runs.onDidFinishInvocation((record) => {
      subscription.dispose();
      resolve(record);
    });
  });
}

describe('Invocations: invoke command, view and status bar', () => {
  let api: LambdaRuntimeKitApi;
  let scratch: string;
  let emulator: Emulator | undefined;
  let registration: vscode.Disposable | undefined;
  let run: LambdaRun | undefined;

  before(async () => {
    const extension = vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the test editor`);
    api = await extension.activate();
    assert.ok(api?.runs, 'activate() returned no run registry');
    scratch = await mkdtemp(path.join(tmpdir(), 'lrk-invocations-'));
    const bootstrap = await writeRuntime(path.join(scratch, 'echo'));
    emulator = await startEmulator({ functions: [{ name: FUNCTION, bootstrap, timeoutSeconds: 10 }] });
    run = new LambdaRun(FUNCTION, emulator, undefined, false);
    registration = api.runs.add(run);
  });

  after(async () => {
    registration?.dispose();
    run?.dispose();
    await emulator?.stop();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('shows the emulator port in the status bar while the run is up', async () => {
    const { statusBar } = await describeViews();
    assert.equal(statusBar.visible, true);
    assert.ok(statusBar.text.includes(`:${emulator!.port}`), `status bar text: ${statusBar.text}`);
    assert.ok(statusBar.tooltip.includes(FUNCTION) && statusBar.tooltip.includes(emulator!.url), statusBar.tooltip);
  });

  it('invokes the running function with an event object and answers payload, logs and duration', async () => {
    const answer = await invoke({ event: { hello: 'world' }, functionName: FUNCTION });
    assert.deepEqual(JSON.parse(answer.payload), { echo: { hello: 'world' } });
    assert.equal(answer.functionError, undefined);
    assert.match(answer.logs, /^START RequestId: \S+/m);
    assert.match(answer.logs, /^handling \S+/m);
    assert.match(answer.logs, /^REPORT RequestId: \S+\tDuration: /m);
    assert.equal(typeof answer.durationMs, 'number');
    assert.ok(answer.durationMs >= 0, `durationMs ${answer.durationMs}`);
  });

  it('takes the event as JSON text or as the path of a JSON file', async () => {
    const fromText = await invoke({ event: '[1, 2, 3]', functionName: FUNCTION });
    assert.deepEqual(JSON.parse(fromText.payload), { echo: [1, 2, 3] });
    const file = path.join(scratch, 'event.json');
    await writeFile(file, '{ "from": "file" }\n');
    const fromFile = await invoke({ event: file, functionName: FUNCTION });
    assert.deepEqual(JSON.parse(fromFile.payload), { echo: { from: 'file' } });
  });

  it('invokes with an event file as the editor title passes it, and shows the response', async () => {
    const file = path.join(scratch, 'title-event.json');
    await writeFile(file, '{ "from": "disk" }\n');
    // The editor's text wins over the disk: what the user sees is what is sent.
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    await editor.edit((edit) =>
      edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '{ "from": "editor" }\n'),
    );
    const answer = await vscode.commands.executeCommand<Answer>('lambdaRuntime.invoke', vscode.Uri.file(file));
    assert.deepEqual(JSON.parse(answer.payload), { echo: { from: 'editor' } });
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.uri.scheme, 'lambda-runtime-invocation');
    assert.deepEqual(JSON.parse(shown.getText()), { echo: { from: 'editor' } });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('offers the built-in sample events in its picker when no event is given', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const pending = invoke({ functionName: FUNCTION });
    // With no JSON editor open, the first item is the first workspace event file, else the first sample. Accepting is a no-op until the picker shows: keep trying.
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let tries = 0; !settled && tries < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const answer = await pending;
    // Other suites may have left events/*.json files in the workspace: the first of them is then the first item.
    const files = await vscode.workspace.findFiles('**/events/*.json', '**/{node_modules,.git,.aws-sam}/**');
    const first = files.sort((a, b) => a.path.localeCompare(b.path))[0];
    const expected = first ? await readFile(first.fsPath, 'utf8') : SAMPLE_EVENTS[0].json;
    assert.deepEqual(JSON.parse(answer.payload), { echo: JSON.parse(expected) });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses an event that is not JSON, naming the problem', async () => {
    await assert.rejects(invoke({ event: '{ not json', functionName: FUNCTION }), /not JSON/);
    await assert.rejects(invoke({ event: path.join(scratch, 'missing.json') }), /Cannot read the event file/);
  });

  it('answers a function error with functionError and the error payload', async () => {
    const answer = await invoke({ event: { fail: 'boom' }, functionName: FUNCTION });
    assert.equal(answer.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(answer.payload), { errorType: 'TestError', errorMessage: 'boom' });
    assert.match(answer.logs, /^REPORT RequestId: /m);
  });

  it('lists invocations newest first with their figures, and opens response, event and logs', async () => {
    const finished = nextFinished(api);
    await invoke({ event: { row: 1 }, functionName: FUNCTION });
    const record = await finished;
    const { rows } = await describeViews();
    assert.ok(rows.length >= 4, `rows: ${JSON.stringify(rows)}`);
    assert.equal(rows[0].functionName, FUNCTION);
    assert.equal(rows[0].status, 'succeeded');
    assert.match(rows[0].description, /ms · billed \d+ ms · \d+\/128 MB/);
    assert.ok(
      rows.some((row) => row.status === 'function-error'),
      'the failed invocation has no function-error row',
    );

    const response = await vscode.commands.executeCommand<vscode.TextDocument>(
      'lambdaRuntime.openInvocationResponse',
      record,
    );
    assert.equal(response.languageId, 'json');
    assert.equal(response.getText(), '{\n  "echo": {\n    "row": 1\n  }\n}\n');
    const event = await vscode.commands.executeCommand<vscode.TextDocument>(
      'lambdaRuntime.openInvocationEvent',
      record,
    );
    assert.deepEqual(JSON.parse(event.getText()), { row: 1 });
    const logs = await vscode.commands.executeCommand<vscode.TextDocument>('lambdaRuntime.openInvocationLogs', record);
    assert.match(logs.getText(), /^END RequestId: /m);
    assert.equal(logs.uri.scheme, response.uri.scheme);
  });

  it('invokes a row again with the same event, on the same run', async () => {
    const finished = nextFinished(api);
    await invoke({ event: { again: true }, functionName: FUNCTION });
    const record = await finished;
    const again = nextFinished(api);
    const answer = await vscode.commands.executeCommand<Answer>('lambdaRuntime.invokeAgain', record);
    assert.deepEqual(JSON.parse(answer.payload), { echo: { again: true } });
    const second = await again;
    assert.equal(second.run, record.run);
    assert.notEqual(second, record);
  });

  it('reports an invoke the emulator refuses as a failed row and a thrown sentence', async () => {
    const stopped = await startEmulator({
      functions: [{ name: 'InvocationsStopped', bootstrap: path.join(scratch, 'echo', 'bootstrap') }],
    });
    await stopped.stop();
    const deadRun = new LambdaRun('InvocationsStopped', stopped, undefined, false);
    const added = api.runs.add(deadRun);
    try {
      await assert.rejects(
        invoke({ event: {}, functionName: 'InvocationsStopped' }),
        /^Error: InvocationsStopped could not be invoked: .+\. Check that its session is still running, or invoke it again\.$/,
      );
      const [row] = (await describeViews()).rows;
      assert.equal(row.functionName, 'InvocationsStopped');
      assert.equal(row.status, 'failed');
      assert.equal(row.icon, 'warning');
      assert.match(row.description, /^failed: /);
    } finally {
      added.dispose();
      deadRun.dispose();
    }
  });

  it('clears the view', async () => {
    await vscode.commands.executeCommand('lambdaRuntime.clearInvocations');
    assert.deepEqual((await describeViews()).rows, []);
  });

  it('puts Invoke and Debug above the handler of a template function, and Invoke at the top of its bootstrap', async function (this: Context) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) skipBecause(this, 'the test editor opened no folder');
    const project = path.join(folder.uri.fsPath, 'invocations-lens');
    try {
      await writeRuntime(project);
      await writeFile(
        path.join(project, 'template.yaml'),
        [
          'AWSTemplateFormatVersion: "2010-09-09"',
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  LensFunction:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      Runtime: provided.al2023',
          '      CodeUri: .',
          '      Handler: function.handler',
          '',
        ].join('\n'),
      );
      const handlerFile = path.join(project, 'function.sh');
      await writeFile(handlerFile, 'helper () {\n  :\n}\n\nhandler () {\n  echo "$1"\n}\n');
      const lensesOf = async (file: string) => {
        const uri = vscode.Uri.file(file);
        await vscode.workspace.openTextDocument(uri);
        // The template watcher and the first scan take a moment: ask until the lenses come.
        const deadline = Date.now() + 15_000;
        for (;;) {
          const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
          const ours = lenses.filter((lens) => lens.command?.command.startsWith('lambdaRuntime.'));
          if (ours.length > 0 || Date.now() > deadline) return ours;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      const handlerLenses = await lensesOf(handlerFile);
      assert.deepEqual(
        handlerLenses.map((lens) => [lens.command?.title, lens.range.start.line]),
        [
          ['$(play) Invoke', 4],
          ['$(debug-alt) Debug', 4],
        ],
      );
      assert.deepEqual(handlerLenses[0].command?.arguments, [{ functionName: 'LensFunction' }]);
      assert.equal(handlerLenses[1].command?.command, 'lambdaRuntime.debugFunction');
      const bootstrapLenses = await lensesOf(path.join(project, 'bootstrap'));
      assert.deepEqual(
        bootstrapLenses.map((lens) => [lens.command?.command, lens.range.start.line]),
        [
          ['lambdaRuntime.invoke', 0],
          ['lambdaRuntime.debugFunction', 0],
        ],
      );
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('hides the status bar item once no run is up', async () => {
    registration?.dispose();
    registration = undefined;
    const { statusBar } = await describeViews();
    assert.equal(statusBar.visible, false);
  });
});

describe('Invocations: invoke with no run starts one without the debugger', () => {
  const NAME = 'InvocationsStarted';
  let api: LambdaRuntimeKitApi;
  let project: string | undefined;

  before(async () => {
    const extension = vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
  });

  after(async () => {
    for (const run of api.runs.runs().filter((candidate) => candidate.functionName === NAME))
      if (run.session) await vscode.debug.stopDebugging(run.session);
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('starts the template function with noDebug, invokes it and keeps it running for the next invoke', async function (this: Context) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) skipBecause(this, 'the test editor opened no folder');
    project = path.join(folder.uri.fsPath, 'invocations-start');
    await writeRuntime(project);
    await writeFile(
      path.join(project, 'template.yaml'),
      [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        `  ${NAME}:`,
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: provided.al2023',
        '      CodeUri: .',
        '      Handler: function.handler',
        '      Timeout: 10',
        '',
      ].join('\n'),
    );
    assert.equal(api.runs.find(NAME), undefined, 'a run of the function is up before the test');
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const subscription = vscode.debug.onDidStartDebugSession((session) => {
        if (session.type !== 'lambda-runtime') return;
        subscription.dispose();
        resolve(session);
      });
    });

    const answer = await invoke({ event: { started: 1 }, functionName: NAME });
    assert.deepEqual(JSON.parse(answer.payload), { echo: { started: 1 } });
    assert.match(answer.logs, /^REPORT RequestId: /m);
    const session = await started;
    assert.equal(session.configuration.noDebug, true, 'the session was started with a debugger');
    const run = api.runs.find(NAME);
    assert.ok(run, 'the started run is not in the registry');
    assert.equal(run.debugging, false);
    assert.ok((await describeViews()).statusBar.text.includes(`:${run.emulator.port}`));

    // The second invoke goes to the same run: no new session.
    const second = await invoke({ event: { started: 2 }, functionName: NAME });
    assert.deepEqual(JSON.parse(second.payload), { echo: { started: 2 } });
    assert.equal(api.runs.runs().filter((candidate) => candidate.functionName === NAME).length, 1);

    await vscode.debug.stopDebugging(session);
    const deadline = Date.now() + 15_000;
    while (api.runs.find(NAME) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(api.runs.find(NAME), undefined, 'the run is still in the registry after its session stopped');
  });
});
