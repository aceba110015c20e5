// selectPackageTargets: what the editor's Build Deployment Package builds for the file or folder it is given.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selectPackageTargets } from '../../../src/core/package';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Runtime: provided.al2
      Handler: handler.run
      Architectures: [arm64]
  Tools:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: tools/
`;

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-select-'));
  await writeFile(path.join(root, '.git'), '');
  await writeFile(path.join(root, 'template.yaml'), TEMPLATE);
  for (const folder of ['fn', 'tools', 'other-code']) await mkdir(path.join(root, folder));
});
after(() => rm(root, { recursive: true, force: true }));

const names = (targets: { name: string; kind: string }[]) => targets.map((target) => `${target.name}:${target.kind}`);

describe('selectPackageTargets', () => {
  it("gives a template's functions and layers, from the file or its folder", async () => {
    for (const resource of [path.join(root, 'template.yaml'), root]) {
      const selection = await selectPackageTargets(resource);
      assert.deepEqual(names(selection.targets), ['Fn:function', 'Tools:layer']);
      assert.equal(selection.template, path.join(root, 'template.yaml'));
      assert.equal(selection.root, root);
    }
  });

  it('gives the one function whose CodeUri is the folder, with its runtime and CPU', async () => {
    const selection = await selectPackageTargets(path.join(root, 'fn'));
    assert.deepEqual(names(selection.targets), ['Fn:function']);
    assert.equal(selection.targets[0]!.runtime, 'provided.al2');
    assert.equal(selection.targets[0]!.architecture, 'arm64');
    assert.equal(selection.root, root, 'the zips go under the template’s folder');
  });

  it('gives a folder no template names as one function named after it', async () => {
    const selection = await selectPackageTargets(path.join(root, 'other-code'));
    assert.deepEqual(names(selection.targets), ['OtherCodeFunction:function']);
    assert.equal(selection.template, undefined);
    assert.equal(selection.root, path.join(root, 'other-code'));
  });
});
