import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { LaunchError, resolveLaunch, type LaunchProblem } from '../../../src/core/debug/launch-config';

let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-launch-'));
  await mkdir(path.join(dir, 'fn', 'events'), { recursive: true });
  await writeFile(path.join(dir, 'fn', 'bootstrap'), '#!/bin/sh\nexec node "$LAMBDA_TASK_ROOT/runner.js"\n');
  await chmod(path.join(dir, 'fn', 'bootstrap'), 0o755);
  await writeFile(path.join(dir, 'fn', 'handler.js'), 'exports.handler = async () => 1;\n');
  await writeFile(path.join(dir, 'fn', 'events', 'event.json'), '{ "key": "value" }\n');
  await writeFile(path.join(dir, 'fn', 'bad.json'), '{ nope');
  await writeFile(path.join(dir, 'fn', 'plain'), '#!/bin/sh\n');
  await chmod(path.join(dir, 'fn', 'plain'), 0o644);
  await writeFile(path.join(dir, '.env'), 'FROM_FILE=1\nSHARED=file\n');
  await writeFile(
    path.join(dir, 'template.yaml'),
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Hello:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: provided.al2023',
      '      CodeUri: fn/',
      '      Handler: handler.handler',
      '      Timeout: 20',
      '      MemorySize: 512',
      '      Architectures: [arm64]',
      '      Environment:',
      '        Variables:',
      '          SHARED: template',
      '          TABLE: orders',
      '  Managed:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: python3.12',
      '      CodeUri: fn/',
      '      Handler: app.handler',
    ].join('\n'),
  );
});

async function problemOf(attributes: Record<string, unknown>): Promise<LaunchProblem> {
  try {
    await resolveLaunch(attributes, { folder: dir, templates: [path.join(dir, 'template.yaml')] });
  } catch (error) {
    assert.ok(error instanceof LaunchError, String(error));
    return error.problem;
  }
  assert.fail('the configuration was accepted');
}

describe('lambda-runtime launch configurations', () => {
  test('a bootstrap with its handler, an inline event and auto detection', async () => {
    const resolved = await resolveLaunch(
      { bootstrap: 'fn/bootstrap', handler: 'handler.handler', event: { a: 1 }, environment: { X: 'y' }, timeout: 9 },
      { folder: dir },
    );
    assert.equal(resolved.fn.bootstrap, path.join(dir, 'fn', 'bootstrap'));
    assert.equal(resolved.fn.taskRoot, path.join(dir, 'fn'));
    assert.equal(resolved.fn.timeoutSeconds, 9);
    assert.deepEqual(resolved.fn.environment, { X: 'y' });
    assert.equal(resolved.event, '{"a":1}');
    assert.equal(resolved.debugger, 'node');
    assert.equal(resolved.handlerFile, path.join(dir, 'fn', 'handler.js'));
    assert.equal(resolved.watch, false);
  });

  test('functionName takes the template function; attributes and envFile override its variables', async () => {
    const resolved = await resolveLaunch(
      {
        functionName: 'Hello',
        envFile: '.env',
        environment: { EXTRA: 'e' },
        memorySize: 1024,
        event: 'fn/events/event.json',
        watch: true,
      },
      { folder: dir, templates: [path.join(dir, 'template.yaml')] },
    );
    assert.equal(resolved.fn.name, 'Hello');
    assert.equal(resolved.fn.bootstrap, path.join(dir, 'fn', 'bootstrap'));
    assert.equal(resolved.fn.handler, 'handler.handler');
    assert.equal(resolved.fn.timeoutSeconds, 20);
    assert.equal(resolved.fn.memoryMb, 1024);
    assert.equal(resolved.fn.architecture, 'arm64');
    assert.deepEqual(resolved.fn.environment, { SHARED: 'file', TABLE: 'orders', FROM_FILE: '1', EXTRA: 'e' });
    assert.equal(JSON.parse(resolved.event!).key, 'value');
    assert.equal(resolved.eventSource, path.join(dir, 'fn', 'events', 'event.json'));
    assert.equal(resolved.template, path.join(dir, 'template.yaml'));
    assert.equal(resolved.watch, true);
  });

  test('debugger none and explicit choices are kept', async () => {
    const none = await resolveLaunch({ bootstrap: 'fn/bootstrap', debugger: 'none' }, { folder: dir });
    assert.equal(none.debugger, 'none');
  });

  test('clear messages for what cannot run', async () => {
    const missing = await problemOf({ bootstrap: 'nowhere/bootstrap' });
    assert.equal(missing.kind, 'missing-bootstrap');
    assert.match(missing.message, /nowhere\/bootstrap does not exist/);

    const notExecutable = await problemOf({ bootstrap: 'fn/plain' });
    assert.equal(notExecutable.kind, 'not-executable');
    assert.match(notExecutable.message, /is not executable.*chmod \+x/);

    const handler = await problemOf({ bootstrap: 'fn/bootstrap', handler: 'nothere.handler' });
    assert.equal(handler.kind, 'missing-handler');
    assert.match(handler.message, /"nothere\.handler" names nothere, but no such file/);

    assert.match((await problemOf({})).message, /set "bootstrap".*or "functionName"/);
    assert.match((await problemOf({ functionName: 'Nope' })).message, /No provided\.\* function "Nope".*it has Hello/);
    assert.match((await problemOf({ functionName: 'Managed' })).message, /No provided\.\* function "Managed"/);
    assert.match(
      (await problemOf({ bootstrap: 'fn/bootstrap', event: 'events/missing.json' })).message,
      /event file .*missing\.json does not exist/,
    );
    assert.match(
      (await problemOf({ bootstrap: 'fn/bootstrap', event: 'fn/bad.json' })).message,
      /bad\.json is not valid JSON/,
    );
    assert.match(
      (await problemOf({ bootstrap: 'fn/bootstrap', envFile: 'none.env' })).message,
      /"envFile": .*none\.env: cannot read/,
    );
    assert.match(
      (await problemOf({ bootstrap: 'fn/bootstrap', timeout: 0 })).message,
      /"timeout" must be a number from 1 to 900/,
    );
    assert.match(
      (await problemOf({ bootstrap: 'fn/bootstrap', debugger: 'gdb' })).message,
      /"debugger" must be one of auto, node/,
    );
    assert.match(
      (await problemOf({ bootstrap: 'fn/bootstrap', environment: { A: { b: 1 } } })).message,
      /"environment\.A" must be a string/,
    );
  });

  test('a string that is no path is the event itself', async () => {
    const resolved = await resolveLaunch({ bootstrap: 'fn/bootstrap', event: 'hello' }, { folder: dir });
    assert.equal(resolved.event, '"hello"');
  });

  test('auto tells the debugger from the bootstrap of a layer still to be built (BuildMethod makefile)', async () => {
    const project = path.join(dir, 'built-layer');
    await mkdir(path.join(project, 'runtime'), { recursive: true });
    await mkdir(path.join(project, 'function'), { recursive: true });
    await writeFile(path.join(project, 'runtime', 'bootstrap'), '#!/usr/bin/env python3\nimport os\n');
    await writeFile(path.join(project, 'runtime', 'Makefile'), 'build-Runtime:\n\tcp bootstrap "$(ARTIFACTS_DIR)/"\n');
    await writeFile(path.join(project, 'function', 'function.py'), 'def handler(event, context):\n    return 1\n');
    const template = path.join(project, 'template.yaml');
    await writeFile(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Runtime:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: runtime/',
        '    Metadata:',
        '      BuildMethod: makefile',
        '  Greeter:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: provided.al2023',
        '      CodeUri: function/',
        '      Handler: function.handler',
        '      Layers: [!Ref Runtime]',
      ].join('\n'),
    );
    const resolved = await resolveLaunch({ functionName: 'Greeter' }, { folder: project, templates: [template] });
    // The session builds the layer and takes /opt/bootstrap from its output; the folder's says the language.
    assert.equal(resolved.debugger, 'python');
    assert.equal(resolved.detectionNote, undefined);
  });
});
