// F5 with `zip`: the configuration's zip (built by the project's own packager) extracted to a temporary task root
// with its modes, the folder it was built from found for the breakpoints, the mappings each debugger gets, and a
// clear refusal (leaving nothing behind) for what cannot run.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LaunchError, resolveLaunch, type ResolvedLaunch } from '../../../src/core/debug/launch-config';
import { debugpyPathMappings, jsDebugRoots } from '../../../src/core/debug/path-mapping-args';
import { zipPathMappings } from '../../../src/core/debug/zip-launch';
import { sandboxMappings } from '../../../src/core/emulator/sandbox/bwrap';
import { packageTarget } from '../../../src/core/package';
import { disposeExtracted } from '../../../src/core/package/temporary-task-root';
import { toLocal, toRuntime } from '../../../src/core/path-mappings';
import { makeZip } from '../lint/zip/helpers';
import { writeFiles } from '../package/fixture';

let dir: string;
/** Where the extractions go (TMPDIR for the duration of the tests), so a test sees what is left behind. */
let temp: string;
let savedTmp: string | undefined;
let zip: string;

const resolvedOnes: ResolvedLaunch[] = [];

const HANDLER = 'function handler () {\n  echo "{\\"ok\\":true}"\n}\n';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-launch-zip-'));
  temp = path.join(dir, 'tmp');
  await mkdir(temp);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = temp;
  await writeFiles(dir, {
    'fn/bootstrap': ['#!/bin/bash\nsource "$LAMBDA_TASK_ROOT/$(echo "$_HANDLER" | cut -d. -f1).sh"\n', 0o755],
    'fn/handler.sh': HANDLER,
    'other/handler.sh': '# another function\n',
    'events/event.json': '{"a":1}\n',
    'template.yaml': [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Hello:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: provided.al2023',
      '      CodeUri: fn/',
      '      Handler: handler.handler',
      '      Timeout: 20',
      '      Environment:',
      '        Variables:',
      '          TABLE: orders',
    ].join('\n'),
  });
  const built = await packageTarget(
    { name: 'Hello', kind: 'function', folder: path.join(dir, 'fn') },
    { outDir: path.join(dir, 'dist'), output: () => undefined },
  );
  zip = built.file;
  await makeZip(path.join(dir, 'dist', 'bad.zip'), [
    { name: 'bootstrap', data: '#!/bin/bash\necho never\n', mode: 0o100644 },
    { name: 'handler.sh', data: HANDLER },
  ]);
});

after(async () => {
  for (const resolved of resolvedOnes) if (resolved.zip) await disposeExtracted(resolved.zip.taskRoot);
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(dir, { recursive: true, force: true });
});

async function resolve(attributes: Record<string, unknown>, templates: string[] = []): Promise<ResolvedLaunch> {
  const resolved = await resolveLaunch(attributes, { folder: dir, templates });
  resolvedOnes.push(resolved);
  return resolved;
}

async function refused(attributes: Record<string, unknown>, pattern: RegExp): Promise<void> {
  const before = await readdir(temp);
  await assert.rejects(resolveLaunch(attributes, { folder: dir }), (error: unknown) => {
    assert.ok(error instanceof LaunchError, String(error));
    assert.equal(error.problem.kind, 'invalid');
    assert.match(error.message, pattern);
    return true;
  });
  assert.deepEqual(await readdir(temp), before, 'a refused configuration leaves no extracted folder');
}

describe('F5 with "zip"', () => {
  test('runs the extracted zip with its modes and finds the folder it was built from', async () => {
    const resolved = await resolve({ zip: 'dist/Hello.zip', handler: 'handler.handler', event: 'events/event.json' }, [
      path.join(dir, 'template.yaml'),
    ]);
    const zipLaunch = resolved.zip!;
    assert.ok(zipLaunch, 'the resolution names the zip');
    assert.equal(zipLaunch.file, zip);
    assert.equal(path.dirname(zipLaunch.taskRoot), temp);
    assert.equal(resolved.fn.taskRoot, zipLaunch.taskRoot);
    assert.equal(resolved.fn.bootstrap, path.join(zipLaunch.taskRoot, 'bootstrap'));
    assert.equal((await stat(resolved.fn.bootstrap)).mode & 0o777, 0o755);
    assert.equal((await stat(path.join(zipLaunch.taskRoot, 'handler.sh'))).mode & 0o777, 0o644);
    assert.equal(resolved.fn.name, 'Hello');
    assert.equal(resolved.debugger, 'bash');
    assert.equal(resolved.handlerFile, path.join(zipLaunch.taskRoot, 'handler.sh'));
    // other/handler.sh has another content: the template's code folder, whose handler is the zip's, wins.
    assert.deepEqual(zipLaunch.local, [path.join(dir, 'fn')]);
    assert.equal(resolved.notice, undefined);
  });

  test('without a template, the subfolder holding the same handler is found; localRoot overrides it', async () => {
    const found = await resolve({ zip: 'dist/Hello.zip', handler: 'handler.handler', debugger: 'none' });
    assert.deepEqual(found.zip!.local, [path.join(dir, 'fn')]);
    const named = await resolve({ zip: 'dist/Hello.zip', localRoot: 'other', debugger: 'none' });
    assert.deepEqual(named.zip!.local, [path.join(dir, 'other')]);
    await refused({ zip: 'dist/Hello.zip', localRoot: 'nowhere' }, /"localRoot" .*nowhere is not a folder/);
    // A project deeper in the workspace: its code folder beside the zip's folder.
    await writeFiles(dir, { 'apps/proj/code/bootstrap': ['#!/bin/sh\necho deep\n', 0o755] });
    await packageTarget(
      { name: 'Deep', kind: 'function', folder: path.join(dir, 'apps', 'proj', 'code') },
      { outDir: path.join(dir, 'apps', 'proj', 'dist'), output: () => undefined },
    );
    const deep = await resolve({ zip: 'apps/proj/dist/Deep.zip', debugger: 'none' });
    assert.deepEqual(deep.zip!.local, [path.join(dir, 'apps', 'proj', 'code')]);
  });

  test('functionName gives the template settings while the code is the zip', async () => {
    const resolved = await resolve({ zip: 'dist/Hello.zip', functionName: 'Hello', debugger: 'none' }, [
      path.join(dir, 'template.yaml'),
    ]);
    assert.equal(resolved.fn.handler, 'handler.handler');
    assert.equal(resolved.fn.timeoutSeconds, 20);
    assert.equal(resolved.fn.environment?.TABLE, 'orders');
    assert.equal(resolved.fn.taskRoot, resolved.zip!.taskRoot);
    assert.equal(resolved.fn.bootstrap, path.join(resolved.zip!.taskRoot, 'bootstrap'));
  });

  test('maps the extracted paths (or /var/task) to the workspace files, for every debugger', async () => {
    const resolved = await resolve({ zip: 'dist/Hello.zip', handler: 'handler.handler', debugger: 'none' });
    const zipLaunch = resolved.zip!;
    const source = path.join(dir, 'fn');
    const inPlace = zipPathMappings([], zipLaunch);
    assert.deepEqual(inPlace, [{ runtime: zipLaunch.taskRoot, local: [source, zipLaunch.taskRoot] }]);
    assert.equal(toLocal(inPlace, path.join(zipLaunch.taskRoot, 'handler.sh')), path.join(source, 'handler.sh'));
    assert.equal(toRuntime(inPlace, path.join(source, 'handler.sh')), path.join(zipLaunch.taskRoot, 'handler.sh'));
    assert.deepEqual(jsDebugRoots(inPlace, zipLaunch.taskRoot), {
      localRoot: source,
      remoteRoot: zipLaunch.taskRoot,
      unmapped: [],
    });

    const sandboxed = zipPathMappings(sandboxMappings(zipLaunch.taskRoot, []), zipLaunch);
    assert.deepEqual(sandboxed, [{ runtime: '/var/task', local: [source, zipLaunch.taskRoot] }]);
    assert.equal(toLocal(sandboxed, '/var/task/handler.sh'), path.join(source, 'handler.sh'));
    assert.equal(toRuntime(sandboxed, path.join(source, 'handler.sh')), '/var/task/handler.sh');
    // A breakpoint in the workspace's handler keeps the task root's pair (it maps through the same local folder).
    assert.deepEqual(jsDebugRoots(sandboxed, zipLaunch.taskRoot, [path.join(source, 'handler.js')]), {
      localRoot: source,
      remoteRoot: '/var/task',
      unmapped: [],
    });
    assert.ok(
      debugpyPathMappings(sandboxed).some(
        (pair) => pair.remoteRoot === '/var/task/handler.sh' && pair.localRoot === path.join(source, 'handler.sh'),
      ),
      'debugpy gets the handler mapped to the workspace file',
    );
  });

  test('a 0644 bootstrap runs without a debugger, to answer Runtime.InvalidEntrypoint as Lambda', async () => {
    const resolved = await resolve({ zip: 'dist/bad.zip', handler: 'handler.handler' });
    assert.equal((await stat(resolved.fn.bootstrap)).mode & 0o777, 0o644);
    assert.equal(resolved.debugger, 'none');
    assert.match(resolved.notice ?? '', /Runtime\.InvalidEntrypoint/);
  });

  test('refuses a missing file, a folder, a file that is no zip, and conflicting attributes, extracting nothing', async () => {
    await refused({ zip: 'dist/none.zip' }, /"zip": The zip \S*dist\/none\.zip does not exist/);
    await refused({ zip: 'dist' }, /dist is a folder, not a zip file/);
    await refused({ zip: 'events/event.json' }, /event\.json is not a zip file/);
    await refused({ zip: 'dist/Hello.zip', bootstrap: 'fn/bootstrap' }, /remove "bootstrap" and "taskRoot"/);
    await refused({ bootstrap: 'fn/bootstrap', localRoot: 'fn' }, /set "zip" too/);
  });

  test('takes "watch" with "zip": the session watches the zip and extracts it again', async () => {
    const resolved = await resolve({
      zip: 'dist/Hello.zip',
      handler: 'handler.handler',
      watch: true,
      debugger: 'none',
    });
    assert.equal(resolved.watch, true);
    assert.equal(resolved.zip?.file, path.join(dir, 'dist', 'Hello.zip'));
  });

  test('removes the extracted folder when a later attribute is wrong, and when the session disposes it', async () => {
    await refused({ zip: 'dist/Hello.zip', event: 'events/missing.json' }, /missing\.json does not exist/);
    const resolved = await resolveLaunch({ zip: 'dist/Hello.zip', debugger: 'none' }, { folder: dir });
    assert.ok(existsSync(resolved.zip!.taskRoot));
    await disposeExtracted(resolved.zip!.taskRoot);
    assert.equal(existsSync(resolved.zip!.taskRoot), false);
    // A path this process did not extract is never removed.
    await disposeExtracted(path.join(dir, 'fn'));
    assert.ok(existsSync(path.join(dir, 'fn', 'bootstrap')));
  });
});
