// A runtime in a layer, a function with only its handler (test/fixtures/workspaces/layered): invoke --template and
// serve --template run it as Lambda would, in bubblewrap's Lambda file system where it works and in place without.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { runInvoke } from '../../../src/cli/invoke';
import { runServe } from '../../../src/cli/serve';
import { probeSandbox } from '../../../src/core/emulator/sandbox/probe';
import { captureIO, eventually, newMarker, processesWithMarker } from '../emulator/conformance/support';
import { REPO_ROOT } from '../helpers';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'layered');
let dir: string;
let template: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-layered-'));
  await cp(FIXTURE, dir, { recursive: true });
  template = path.join(dir, 'template.yaml');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function invoke(args: string[]) {
  const capture = captureIO();
  const status = await runInvoke(args, capture.io);
  return { status, stdout: capture.stdout(), stderr: capture.stderr() };
}

interface Seen {
  greeting: string;
  taskRoot: string;
  cwd: string;
  taskRootWritable: string;
  tmpWritable: string;
  version: string;
  opt: string;
  tmpMb: string;
}

async function needSandbox(t: TestContext): Promise<boolean> {
  const probe = await probeSandbox();
  if (!probe.available) t.skip(`needs bubblewrap: ${probe.reason}`);
  return probe.available;
}

describe('a layered template function', () => {
  it("answers through invoke --template in Lambda's file system (bubblewrap)", async (t) => {
    if (!(await needSandbox(t))) return;
    const { status, stdout, stderr } = await invoke(['--template', template, '--function', 'LayeredFunction']);
    assert.equal(status, 0, stderr);
    const seen = JSON.parse(stdout) as Seen;
    // The layer's bootstrap ran (/opt/bootstrap) and found its tool on PATH (/opt/bin).
    assert.equal(seen.greeting, 'shouted: hello');
    assert.equal(seen.taskRoot, '/var/task');
    assert.equal(seen.cwd, '/var/task');
    assert.equal(seen.taskRootWritable, 'no', 'the task root must be read-only');
    assert.equal(seen.tmpWritable, 'yes');
    // Both layers merged at /opt, the later one's file replacing the earlier one's.
    assert.deepEqual(seen.opt.trim().split(' ').sort(), ['bin', 'bootstrap']);
    assert.equal(seen.version, 'extra-layer');
  });

  it("answers in place with --sandbox off, the layers' bin/ on PATH", async () => {
    const { status, stdout, stderr } = await invoke([
      '--template',
      template,
      '--function',
      'LayeredFunction',
      '--sandbox',
      'off',
    ]);
    assert.equal(status, 0, stderr);
    const seen = JSON.parse(stdout) as Seen;
    assert.equal(seen.greeting, 'shouted: hello');
    assert.equal(seen.taskRoot, path.join(dir, 'function'));
    assert.equal(seen.version, 'extra-layer');
  });

  it("gives /tmp the function's EphemeralStorage and stops every process (serve --template)", async (t) => {
    if (!(await needSandbox(t))) return;
    const { marker, environment } = newMarker();
    const envVars = path.join(dir, 'env.json');
    await writeFile(envVars, JSON.stringify({ LayeredFunction: { ...environment, SLEEPER: '1' } }));
    const capture = captureIO();
    const controller = new AbortController();
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const status = runServe(['--template', template, '--port', '0', '--env-vars', envVars], capture.io, {
      signal: controller.signal,
      onListening: listening,
    });
    try {
      const base = await Promise.race([
        url,
        status.then((code) => Promise.reject(new Error(`exit ${code}: ${capture.stderr()}`))),
      ]);
      const response = await fetch(`${base}/2015-03-31/functions/LayeredFunction/invocations`, {
        method: 'POST',
        body: '{}',
      });
      const seen = (await response.json()) as Seen;
      assert.equal(seen.greeting, 'shouted: hello');
      assert.equal(seen.taskRoot, '/var/task');
      assert.equal(seen.tmpMb, '600', 'the template asks for 600 MB of EphemeralStorage');
      assert.ok((await processesWithMarker(marker))!.length > 0, 'the runtime should be running');
    } finally {
      controller.abort();
      assert.equal(await status, 0);
    }
    assert.ok(
      await eventually(async () => (await processesWithMarker(marker))!.length === 0),
      'a runtime process outlived serve',
    );
  });

  it('names a layer given by ARN, and runs it once mapped with --layer ARN=PATH', async () => {
    const arnTemplate = path.join(dir, 'arn.yaml');
    const arn = 'arn:aws:lambda:us-east-1:123456789012:layer:bash-runtime:3';
    await writeFile(
      arnTemplate,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: function/',
        '      Handler: handler.handler',
        '      Runtime: provided.al2023',
        `      Layers: ['${arn}']`,
        '',
      ].join('\n'),
    );
    const refused = await invoke(['--template', arnTemplate, '--function', 'Fn']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`layer ${arn} is not in this template`));
    assert.match(refused.stderr, new RegExp(`--layer ${arn}=PATH`));
    assert.match(refused.stderr, /lambdaRuntime\.emulator\.layers/);

    const mapped = await invoke([
      '--template',
      arnTemplate,
      '--function',
      'Fn',
      '--layer',
      `${arn}=${path.join(dir, 'runtime-layer')}`,
    ]);
    assert.equal(mapped.status, 0, mapped.stderr);
    assert.equal((JSON.parse(mapped.stdout) as Seen).greeting, 'shouted: hello');
  });

  it('runs without the layers of a parameter that has no default (chosen at deploy), and with them once mapped', async () => {
    const parameterTemplate = path.join(dir, 'parameter.yaml');
    await writeFile(
      parameterTemplate,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  RuntimeLayers:',
        '    Type: CommaDelimitedList',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: function/',
        '      Handler: handler.handler',
        '      Runtime: provided.al2023',
        '      Layers: !Ref RuntimeLayers',
        '',
      ].join('\n'),
    );
    // Without the layer the function has no bootstrap at all: Lambda's answer, not a refusal to start.
    const without = await invoke(['--template', parameterTemplate, '--function', 'Fn', '--sandbox', 'off']);
    assert.match(
      without.stderr,
      /Fn: its layers come from the parameter RuntimeLayers, given only when the stack is deployed/,
    );
    assert.doesNotMatch(without.stderr, /is not in this template/);
    assert.match(without.stdout, /Runtime\.InvalidEntrypoint/);
    const mapped = await invoke([
      '--template',
      parameterTemplate,
      '--function',
      'Fn',
      '--layer',
      `!Ref RuntimeLayers=${path.join(dir, 'runtime-layer')}`,
    ]);
    assert.equal(mapped.status, 0, mapped.stderr);
    assert.equal((JSON.parse(mapped.stdout) as Seen).greeting, 'shouted: hello');
  });

  it('refuses an unknown function and a bad --sandbox with usage errors', async () => {
    const unknown = await invoke(['--template', template, '--function', 'Nope']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no custom-runtime function Nope \(it has LayeredFunction\)/);
    const bad = await invoke(['--template', template, '--function', 'LayeredFunction', '--sandbox', 'maybe']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--sandbox must be auto, on or off/);
  });
});
