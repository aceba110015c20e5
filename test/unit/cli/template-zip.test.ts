// A template function whose CodeUri is a .zip (built here by the project's own packager) runs from that zip,
// extracted to a temporary task root with its modes, for invoke --template, serve --template and F5 with
// functionName; the folder is removed when the run ends. A 0644 bootstrap in it answers as Lambda does.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { runInvoke } from '../../../src/cli/invoke';
import { templateRun } from '../../../src/cli/template-run';
import { prepareCheckFunction } from '../../../src/core/check';
import { resolveLaunch } from '../../../src/core/debug/launch-config';
import { readTemplateFunctions } from '../../../src/core/project';
import { packageTarget } from '../../../src/core/package';
import { disposeExtracted } from '../../../src/core/package/temporary-task-root';
import { BASH_TUTORIAL, bashTutorial, captureIO } from '../emulator/conformance/support';
import { makeZip } from '../lint/zip/helpers';

let work: string;
let template: string;
let skip: string | undefined;

const TEMPLATE = (codeUri: string, name = 'Hello') =>
  [
    `  ${name}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: provided.al2023',
    `      CodeUri: ${codeUri}`,
    '      Handler: function.handler',
    '      Timeout: 10',
  ].join('\n');

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lrk-template-zip-'));
  skip = (await bashTutorial()).skip;
  await mkdir(path.join(work, 'fn'));
  await copyFile(path.join(BASH_TUTORIAL, 'bootstrap'), path.join(work, 'fn', 'bootstrap'));
  await copyFile(path.join(BASH_TUTORIAL, 'function.sh'), path.join(work, 'fn', 'function.sh'));
  await packageTarget(
    { name: 'Hello', kind: 'function', folder: path.join(work, 'fn') },
    { outDir: path.join(work, 'dist'), output: () => undefined },
  );
  await makeZip(path.join(work, 'dist', 'NoExec.zip'), [
    { name: 'bootstrap', data: '#!/bin/sh\necho "must not run" >&2\n', mode: 0o100644 },
    { name: 'function.sh', data: 'function handler () { echo "{}"; }\n' },
  ]);
  template = path.join(work, 'template.yaml');
  await writeFile(
    template,
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      TEMPLATE('dist/Hello.zip'),
      TEMPLATE('dist/NoExec.zip', 'NoExec'),
      TEMPLATE('dist/Missing.zip', 'Missing'),
    ].join('\n'),
  );
});
after(() => rm(work, { recursive: true, force: true }));

function need(t: TestContext): boolean {
  if (skip !== undefined) t.skip(skip);
  return skip === undefined;
}

async function invoke(functionName: string) {
  const capture = captureIO();
  const status = await runInvoke(['--template', template, '--function', functionName], capture.io);
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

function extractedTo(stderr: string): string {
  const match = /extracted \S+ \(\d+ entries\) to (\S+), which stands for \/var\/task/.exec(stderr);
  assert.ok(match, `no extraction line in:\n${stderr}`);
  return match[1]!;
}

describe('a template function whose CodeUri is a zip', () => {
  it('templateRun (serve --template) runs the extracted zip with its modes and removes it on dispose', async () => {
    const capture = captureIO();
    const run = await templateRun({ template, functionName: 'Hello', sandbox: 'off', layerOverrides: {} }, capture.io);
    const [fn] = run.functions;
    assert.ok(fn);
    const taskRoot = fn.taskRoot!;
    assert.notEqual(taskRoot, path.join(work, 'dist', 'Hello.zip'));
    assert.equal(fn.bootstrap, path.join(taskRoot, 'bootstrap'));
    assert.equal((await stat(fn.bootstrap)).mode & 0o777, 0o755);
    // The packager keeps an executable handler 0755 and makes others 0644: the extracted copy has the zip's mode.
    const packaged = (await stat(path.join(work, 'fn', 'function.sh'))).mode & 0o100 ? 0o755 : 0o644;
    assert.equal((await stat(path.join(taskRoot, 'function.sh'))).mode & 0o777, packaged);
    assert.equal(extractedTo(capture.stderr()), taskRoot);
    await run.dispose();
    assert.equal(existsSync(taskRoot), false, 'dispose removes the extracted folder');
  });

  it('serving the whole template leaves out a function whose zip is missing, with the reason', async () => {
    const capture = captureIO();
    const run = await templateRun({ template, sandbox: 'off', layerOverrides: {} }, capture.io);
    try {
      assert.deepEqual(
        run.functions.map((fn) => fn.name),
        ['Hello', 'NoExec'],
      );
      assert.match(capture.stderr(), /Missing: skipped: The zip \S*Missing\.zip does not exist/);
    } finally {
      await run.dispose();
    }
    for (const fn of run.functions) assert.equal(existsSync(fn.taskRoot!), false);
  });

  it('invoke --template --function answers from the zip and leaves no folder behind', async (t) => {
    if (!need(t)) return;
    const { status, stdout, stderr } = await invoke('Hello');
    assert.equal(status, 0, stderr);
    assert.equal(stdout, `Echoing request: '{}'`);
    assert.equal(existsSync(extractedTo(stderr)), false);
  });

  it('a 0644 bootstrap in the zip answers Runtime.InvalidEntrypoint (exit 1); a missing zip exits 2', async (t) => {
    if (!need(t)) return;
    const bad = await invoke('NoExec');
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /"errorType":"Runtime\.InvalidEntrypoint"/);
    assert.equal(existsSync(extractedTo(bad.stderr)), false);
    const missing = await invoke('Missing');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /The zip \S*dist\/Missing\.zip does not exist/);
  });

  it('F5 with functionName runs the zip, with the folder it was built from for the breakpoints', async () => {
    const resolved = await resolveLaunch(
      { functionName: 'Hello', debugger: 'none' },
      { folder: work, templates: [template] },
    );
    try {
      assert.equal(resolved.zip?.file, path.join(work, 'dist', 'Hello.zip'));
      assert.equal(resolved.fn.taskRoot, resolved.zip?.taskRoot);
      assert.equal(resolved.fn.bootstrap, path.join(resolved.zip!.taskRoot, 'bootstrap'));
      assert.equal(resolved.fn.handler, 'function.handler');
      assert.deepEqual(resolved.zip?.local, [path.join(work, 'fn')]);
    } finally {
      await disposeExtracted(resolved.zip!.taskRoot);
    }
    assert.equal(existsSync(resolved.zip!.taskRoot), false);
    // The folder is run when the configuration names it: the zip is not used then.
    const folder = await resolveLaunch(
      { functionName: 'Hello', bootstrap: 'fn/bootstrap', debugger: 'none' },
      { folder: work, templates: [template] },
    );
    assert.equal(folder.zip, undefined);
    assert.equal(folder.fn.bootstrap, path.join(work, 'fn', 'bootstrap'));
    // A CodeUri zip that is missing is named as the template's.
    await assert.rejects(
      resolveLaunch({ functionName: 'Missing' }, { folder: work, templates: [template] }),
      /The CodeUri of Missing: The zip \S*dist\/Missing\.zip does not exist/,
    );
  });

  it('the Testing view runs check on the extracted zip, and removes it afterwards', async () => {
    const { functions } = await readTemplateFunctions(template);
    const prepared = await prepareCheckFunction(functions.find((fn) => fn.name === 'Hello')!);
    assert.ok(prepared);
    const taskRoot = prepared.config.taskRoot!;
    assert.equal(prepared.config.bootstrap, path.join(taskRoot, 'bootstrap'));
    assert.equal((await stat(prepared.config.bootstrap)).mode & 0o777, 0o755);
    await prepared.dispose();
    assert.equal(existsSync(taskRoot), false);
    await assert.rejects(
      prepareCheckFunction(functions.find((fn) => fn.name === 'Missing')!),
      /Missing\.zip does not exist/,
    );
  });
});
