// findLintTargets: what `lambda-runtime-kit lint PATH...` checks.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { explicitFileKind, findLintTargets } from '../../../src/core/project';

let root: string;

function write(file: string, text: string | Buffer): string {
  const absolute = path.join(root, file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
  return absolute;
}

describe('findLintTargets', () => {
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lrk-discover-'));
    write('a/bootstrap', '#!/bin/sh\n');
    write('node_modules/pkg/bootstrap', '#!/bin/sh\n');
    write('.aws-sam/build/Fn/bootstrap', '#!/bin/sh\n');
    write('.git/hooks/bootstrap', '#!/bin/sh\n');
    write('vendor/bootstrap', '#!/bin/sh\n');
    write('Containerfile', 'FROM alpine:3.20\n');
    write('sub/api.Dockerfile', 'FROM alpine:3.20\n');
    write(
      'Dockerfile.dev',
      'FROM public.ecr.aws/lambda/provided:al2023\nCOPY runtime/start.sh ${LAMBDA_RUNTIME_DIR}/bootstrap\nCMD ["x"]\n',
    );
    write('runtime/start.sh', '#!/bin/sh\n');
    write('runtime/helper.sh', '#!/bin/sh\n');
    write('sub/template.yml', 'Resources: {}\n');
    write('notes.txt', 'notes\n');
    write('bin/bootstrap', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    // A template whose CodeUri is in a folder the search skips still names its bootstrap.
    write(
      'sam/template.yaml',
      'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: build/fn\n      Runtime: provided.al2023\n',
    );
    write('sam/build/fn/bootstrap', '#!/bin/sh\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const relative = (targets: { file: string; kind: string }[]) =>
    targets.map((target) => [path.relative(root, target.file), target.kind]);

  it('finds Dockerfiles, templates and bootstraps, skipping dependency and build folders', async () => {
    assert.deepEqual(
      relative(await findLintTargets([root])),
      [
        ['a/bootstrap', 'bootstrap'],
        ['bin/bootstrap', 'bootstrap'],
        ['Containerfile', 'dockerfile'],
        ['Dockerfile.dev', 'dockerfile'],
        ['runtime/start.sh', 'bootstrap'],
        ['sam/build/fn/bootstrap', 'bootstrap'],
        ['sam/template.yaml', 'template'],
        ['sub/api.Dockerfile', 'dockerfile'],
        ['sub/template.yml', 'template'],
      ].sort((a, b) => path.join(root, a[0]).localeCompare(path.join(root, b[0]))),
    );
  });

  it('lints an explicit file whatever its name, once even when named twice', async () => {
    const notes = path.join(root, 'notes.txt');
    assert.deepEqual(relative(await findLintTargets([notes, notes])), [['notes.txt', 'bootstrap']]);
  });

  it('accepts relative paths', async () => {
    const targets = await findLintTargets([path.relative(process.cwd(), path.join(root, 'sub'))]);
    assert.equal(targets.length, 2);
    assert.ok(targets.every((target) => path.isAbsolute(target.file)));
  });

  it('rejects a path that does not exist with a sentence naming it', async () => {
    await assert.rejects(findLintTargets([path.join(root, 'missing')]), /missing: no such file or folder/);
  });
});

describe('explicitFileKind', () => {
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lrk-kind-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('tells templates and Dockerfiles by content when the name does not say', async () => {
    assert.equal(
      await explicitFileKind(write('infra.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")),
      'template',
    );
    assert.equal(await explicitFileKind(write('sam.yml', 'Transform: AWS::Serverless-2016-10-31\n')), 'template');
    assert.equal(
      await explicitFileKind(write('build.docker', '# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine\n')),
      'dockerfile',
    );
    assert.equal(await explicitFileKind(write('runtime.sh', '#!/bin/sh\nFROM=x\n')), 'bootstrap');
    assert.equal(await explicitFileKind(write('blob', Buffer.from([0, 1, 2, 3]))), 'bootstrap');
    assert.equal(await explicitFileKind(write('empty', '')), 'bootstrap');
    assert.equal(await explicitFileKind(write('Containerfile.prod', 'anything')), 'dockerfile');
  });
});
