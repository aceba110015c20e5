// The linter and the emulator agree on a layered template: where a local layer (folder or zip) brings the
// bootstrap, lint finds no sam-no-bootstrap and invoke answers; where neither the code nor a layer has one, lint
// reports the error and invoke fails as Lambda does (Runtime.InvalidEntrypoint).
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runInvoke } from '../../../src/cli/invoke';
import { runLint } from '../../../src/cli/lint';
import { MODE, writeZip } from '../../../src/core/package';
import { captureIO } from '../emulator/conformance/support';
import { REPO_ROOT } from '../helpers';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'layered');
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lrk-agree-'));
  await cp(path.join(FIXTURE, 'function'), path.join(dir, 'function'), { recursive: true });
  await cp(path.join(FIXTURE, 'runtime-layer'), path.join(dir, 'runtime-layer'), { recursive: true });
  await mkdir(path.join(dir, 'empty-layer'));
  const entry = async (name: string) => {
    const source = path.join(dir, 'runtime-layer', name);
    return { kind: 'file' as const, name, mode: MODE.executable, source, size: (await stat(source)).size };
  };
  await writeZip(path.join(dir, 'runtime.zip'), [
    await entry('bootstrap'),
    { kind: 'directory', name: 'bin/', mode: MODE.directory },
    await entry('bin/shout'),
    await entry('bin/version'),
  ]);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function templateWith(name: string, content: string): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(
    file,
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Runtime:',
      '    Type: AWS::Serverless::LayerVersion',
      `    Properties: { ContentUri: ${content} }`,
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: function/',
      '      Handler: handler.handler',
      '      Runtime: provided.al2023',
      '      Layers: [!Ref Runtime]',
      '',
    ].join('\n'),
  );
  return file;
}

async function lintCodes(file: string): Promise<string[]> {
  const capture = captureIO();
  await runLint(['--format', 'json', file], capture.io);
  return (JSON.parse(capture.stdout()) as { code: string }[]).map((finding) => finding.code);
}

async function invoke(file: string) {
  const capture = captureIO();
  const status = await runInvoke(['--template', file, '--function', 'Fn'], capture.io);
  return { status, stdout: capture.stdout() };
}

describe('lint and the emulator on a layered template', () => {
  for (const [label, content] of [
    ['a layer folder', 'runtime-layer/'],
    ['a layer zip', 'runtime.zip'],
  ] as const) {
    it(`agree that ${label} with a bootstrap runs the function`, async () => {
      const template = await templateWith(label.replace(/ /g, '-'), content);
      assert.ok(!(await lintCodes(template)).includes('sam-no-bootstrap'));
      const { status, stdout } = await invoke(template);
      assert.equal(status, 0, stdout);
      assert.match(stdout, /shouted: hello/);
    });
  }

  it('agree that neither the code nor the layer has a bootstrap', async () => {
    const template = await templateWith('none', 'empty-layer/');
    assert.ok((await lintCodes(template)).includes('sam-no-bootstrap'));
    const { status, stdout } = await invoke(template);
    assert.equal(status, 1);
    assert.match(stdout, /Runtime.InvalidEntrypoint/);
  });
});
