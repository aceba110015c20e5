// findBootstraps: the workspace's bootstraps, found by a bounded walk when the editor opens.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findBootstraps } from '../../../src/core/project/find-bootstraps';

let root: string;

function write(file: string): string {
  const absolute = path.join(root, file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, '#!/bin/sh\n');
  return absolute;
}

describe('findBootstraps', () => {
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lrk-bootstraps-'));
    write('bootstrap');
    write('functions/node/bootstrap');
    write('functions/python/bootstrap');
    write('functions/python/handler.py');
    write('node_modules/pkg/bootstrap');
    write('.aws-sam/build/Fn/bootstrap');
    write('.hidden/bootstrap');
    write('a/b/c/d/bootstrap');
    write('a/b/c/d/e/bootstrap');
    mkdirSync(path.join(root, 'functions', 'bootstrap-folder', 'bootstrap'), { recursive: true });
    symlinkSync(root, path.join(root, 'functions', 'loop'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds the files named bootstrap nearest first, skipping build output, dependencies, hidden folders and links', async () => {
    const found = await findBootstraps([root]);
    assert.deepEqual(
      found.bootstraps.map((file) => path.relative(root, file)),
      ['bootstrap', 'functions/node/bootstrap', 'functions/python/bootstrap', 'a/b/c/d/bootstrap'],
    );
    // a/b/c/d/e is below the depth read by default: the walk says it stopped.
    assert.equal(found.complete, false);
  });

  it('is complete when nothing lies below the depth it reads', async () => {
    const found = await findBootstraps([path.join(root, 'functions')]);
    assert.deepEqual(
      found.bootstraps.map((file) => path.relative(root, file)),
      ['functions/node/bootstrap', 'functions/python/bootstrap'],
    );
    assert.equal(found.complete, true);
  });

  it('stops at its bounds and says so', async () => {
    const few = await findBootstraps([root], { maxBootstraps: 2 });
    assert.equal(few.bootstraps.length, 2);
    assert.equal(few.complete, false);
    const shallow = await findBootstraps([root], { maxFolders: 1 });
    assert.deepEqual(shallow.bootstraps, [path.join(root, 'bootstrap')]);
    assert.equal(shallow.complete, false);
  });

  it('passes over a root that does not exist', async () => {
    assert.deepEqual(await findBootstraps([path.join(root, 'missing')]), { bootstraps: [], complete: true });
  });
});
