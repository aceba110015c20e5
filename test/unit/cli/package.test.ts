// `lambda-runtime-kit package`: a template with two functions and a layer, one folder, --function, --out, and
// the exit statuses of the contract (2 for bad usage or unreadable input).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/run';
import { readTemplateTargets } from '../../../src/core/package';
import { tempFolder, writeFiles } from '../package/fixture';
import { readZip } from '../package/zip-read';

let dir: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir, cleanup } = await tempFolder('cli-package')));
after(() => cleanup());

/** `package` runs with its own working folder (runCli would use this process's); everything else goes through runCli. */
async function capture(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const { runPackage } = await import('../../../src/cli/package');
  const io = { out: (text: string) => (stdout += text), err: (text: string) => (stderr += text) };
  const status =
    args[0] === 'package' && !args.includes('--help')
      ? await runPackage(args.slice(1), io, cwd)
      : await runCli(args, io);
  return { status, stdout, stderr };
}

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  LayerFolder:
    Type: String
    Default: layers/tools
Globals:
  Function:
    Runtime: provided.al2023
    Handler: handler
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: orders/
  UsersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: users
      Runtime: provided.al2
      Layers:
        - !Ref ToolsLayer
  NodeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: node/
      Runtime: nodejs20.x
  ImageFunction:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
    Metadata:
      Dockerfile: Dockerfile
      DockerContext: .
  ToolsLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: !Ref LayerFolder
  RemoteLayer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content:
        S3Bucket: bucket
        S3Key: key.zip
`;

describe('package: a template with two functions and a layer', () => {
  let project: string;
  before(async () => {
    project = path.join(dir, 'project');
    await writeFiles(project, {
      'template.yaml': TEMPLATE,
      'orders/bootstrap': ['#!/bin/sh\n', 0o755],
      'users/bootstrap': ['#!/bin/sh\n', 0o644],
      'users/lib/users.sh': 'x\n',
      'node/index.js': 'x\n',
      'layers/tools/bin/jq': ['#!/bin/sh\n', 0o755],
    });
  });

  it('lists one target per provided.* function and per local layer, and says why the others are left out', async () => {
    const { targets, skipped } = await readTemplateTargets(path.join(project, 'template.yaml'));
    assert.deepEqual(
      targets.map((target) => [target.name, target.kind, path.relative(project, target.folder)]),
      [
        ['OrdersFunction', 'function', 'orders'],
        ['UsersFunction', 'function', 'users'],
        ['ToolsLayer', 'layer', path.join('layers', 'tools')],
      ],
    );
    assert.deepEqual(skipped, [
      'NodeFunction: runtime nodejs20.x, not provided.*',
      'ImageFunction: an image function (built by docker, not zipped)',
      'RemoteLayer: its content is not a local folder (S3 or unresolved)',
    ]);
  });

  it('writes <LogicalId>.zip for each into .aws-sam/lambda-runtime-kit by default and prints each with its sizes', async () => {
    const { status, stdout, stderr } = await capture(['package'], project);
    assert.equal(status, 0, stderr);
    const out = path.join('.aws-sam', 'lambda-runtime-kit');
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 4, stdout);
    assert.equal(lines[3], '3 files checked, no problems found.');
    assert.match(
      lines[0]!,
      new RegExp(`^OrdersFunction  ${out}/OrdersFunction\\.zip  1 entry, \\d+ B zipped, 10 B unzipped$`),
    );
    assert.match(lines[1]!, /^UsersFunction  \S+UsersFunction\.zip  3 entries, [\d.]+ (B|KB) zipped, \d+ B unzipped$/);
    assert.match(lines[2]!, /^ToolsLayer \(layer\)  \S+ToolsLayer\.zip  2 entries, /);
    assert.match(stderr, /skipped NodeFunction: runtime nodejs20\.x/);
    const users = await readZip(path.join(project, out, 'UsersFunction.zip'));
    assert.deepEqual(
      users.map((entry) => [entry.name, entry.mode.toString(8)]),
      [
        ['bootstrap', '100755'],
        ['lib/', '40755'],
        ['lib/users.sh', '100644'],
      ],
    );
    const layer = await readZip(path.join(project, out, 'ToolsLayer.zip'));
    assert.deepEqual(
      layer.map((entry) => entry.name),
      ['bin/', 'bin/jq'],
    );
  });

  it('builds only --function NAME, into --out', async () => {
    const { status, stdout } = await capture(
      ['package', '--template', 'project/template.yaml', '--function', 'UsersFunction', '--out', 'zips'],
      dir,
    );
    assert.equal(status, 0);
    assert.match(stdout, /^UsersFunction  zips\/UsersFunction\.zip  3 entries/);
    assert.ok(existsSync(path.join(dir, 'zips', 'UsersFunction.zip')));
    assert.ok(!existsSync(path.join(dir, 'zips', 'OrdersFunction.zip')));
  });

  it('exits 2 on a --function the template does not have, naming those it has', async () => {
    const { status, stderr } = await capture(['package', project, '--function', 'Nope'], dir);
    assert.equal(status, 2);
    assert.match(
      stderr,
      /no function or layer to package named 'Nope'; it has OrdersFunction, UsersFunction, ToolsLayer/,
    );
  });
});

describe('package: one folder', () => {
  it('zips DIR as one function named after the folder when it has no template', async () => {
    const folder = path.join(dir, 'orders-api');
    await writeFiles(folder, { bootstrap: ['#!/bin/sh\n', 0o755], 'events/event.json': '{}' });
    const { status, stdout } = await capture(['package', 'orders-api', '--out', 'single'], dir);
    assert.equal(status, 0);
    assert.match(stdout, /^OrdersApiFunction  single\/OrdersApiFunction\.zip  1 entry, /);
  });
});

describe('package: each built zip is checked', () => {
  it("exits 1 and prints the findings in lint's text format when a zip would fail in Lambda", async () => {
    const folder = path.join(dir, 'crlf');
    await writeFiles(folder, { bootstrap: ['#!/bin/sh\r\necho hi\r\n', 0o755] });
    const { status, stdout } = await capture(['package', 'crlf', '--out', 'crlf-out'], dir);
    assert.equal(status, 1);
    assert.match(stdout, /^CrlfFunction  crlf-out\/CrlfFunction\.zip  1 entry, /);
    assert.match(stdout, /^crlf-out\/CrlfFunction\.zip:1:1: error: bootstrap: .*\[zip-crlf\]$/m);
    assert.match(stdout, /1 file checked: 1 error/);
  });

  it('checks a layer as a layer: no bootstrap needed', async () => {
    const { status, stdout } = await capture(
      ['package', 'project', '--function', 'ToolsLayer', '--out', 'layer-out'],
      dir,
    );
    assert.equal(status, 0, stdout);
    assert.match(stdout, /1 file checked, no problems found\./);
  });
});

describe('package: bad usage and unreadable input exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['package', '--zip'], /unknown option '--zip'/],
    ['two folders', ['package', 'a', 'b'], /unexpected argument 'b'/],
    ['a missing folder', ['package', 'no-such-folder'], /no-such-folder does not exist/],
    ['a missing template', ['package', '--template', 'none.yaml'], /the template none\.yaml does not exist/],
    [
      '--function without a template',
      ['package', 'plain', '--function', 'X'],
      /--function picks a function of a template/,
    ],
    ['an empty --out', ['package', 'plain', '--out', ''], /--out needs a value/],
  ];
  before(async () => writeFiles(path.join(dir, 'plain'), { bootstrap: ['#!/bin/sh\n', 0o755] }));
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const { status, stderr, stdout } = await capture(args, dir);
      assert.equal(status, 2);
      assert.match(stderr, message);
      assert.match(stderr, /Run 'lambda-runtime-kit package --help' for usage/);
      assert.equal(stdout, '');
    });
  }

  it('a template that does not parse', async () => {
    await writeFiles(path.join(dir, 'broken'), { 'template.yaml': 'Resources:\n  A: [\n' });
    const { status, stderr } = await capture(['package', 'broken'], dir);
    assert.equal(status, 2);
    assert.match(stderr, /The template \S+template\.yaml cannot be read \(line \d+\)/);
  });

  it('a template with nothing to package', async () => {
    await writeFiles(path.join(dir, 'nothing'), {
      'template.yaml':
        'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      CodeUri: .\n',
    });
    const { status, stderr } = await capture(['package', 'nothing'], dir);
    assert.equal(status, 2);
    assert.match(stderr, /has nothing to package: no provided\.\* function with local code/);
  });

  it('a folder with a link to nothing: no zip, the link named', async () => {
    const folder = path.join(dir, 'dangling');
    await writeFiles(folder, { bootstrap: ['#!/bin/sh\n', 0o755] });
    await symlink('gone', path.join(folder, 'handler'));
    const { status, stderr, stdout } = await capture(['package', 'dangling', '--out', 'dangling-out'], dir);
    assert.equal(status, 2);
    assert.match(stderr, /handler is a symbolic link to gone, which does not exist/);
    assert.equal(stdout, '');
    assert.ok(!existsSync(path.join(dir, 'dangling-out', 'DanglingFunction.zip')));
  });
});

describe('package: help', () => {
  it('is listed in --help and has its own usage', async () => {
    const overview = await capture(['--help'], dir);
    assert.match(overview.stdout, /^ {2}package {2,}build the zip Lambda runs/m);
    const own = await capture(['package', '--help'], dir);
    assert.equal(own.status, 0);
    assert.match(
      own.stdout,
      /lambda-runtime-kit package \[DIR\] \[--template template\.yaml\] \[--function NAME\] \[--out DIR\]/,
    );
  });
});
