// The build step: `make` in a folder with a Makefile, `make build-<LogicalId>` into ARTIFACTS_DIR for
// BuildMethod makefile, as sam build runs it, and a failed build said clearly.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { which } from '../../../src/core/executables';
import { PackageError, packageTarget } from '../../../src/core/package';
import { tempFolder, writeFiles } from './fixture';
import { readZip } from './zip-read';

const noMake = which('make') === undefined ? 'make is not installed' : undefined;

let dir: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir, cleanup } = await tempFolder('build')));
after(() => cleanup());

const MAKEFILE = [
  'all: bootstrap',
  'bootstrap: main.sh',
  '\tcp main.sh bootstrap && chmod 755 bootstrap',
  '\t@echo built the bootstrap',
  'build-Fn:',
  '\t@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set"; exit 2; }',
  '\tmkdir -p $(ARTIFACTS_DIR)',
  '\tcp main.sh $(ARTIFACTS_DIR)/bootstrap && chmod 755 $(ARTIFACTS_DIR)/bootstrap',
  'build-Broken:',
  '\t@echo the compiler says no >&2; exit 3',
  '',
].join('\n');

describe('package: the build step', { skip: noMake }, () => {
  it('runs make in a folder with a Makefile, streams its output, and zips the built bootstrap without the Makefile', async () => {
    const folder = path.join(dir, 'plain');
    await writeFiles(folder, { Makefile: MAKEFILE, 'main.sh': '#!/bin/sh\necho hi\n' });
    let output = '';
    const result = await packageTarget(
      { name: 'Fn', kind: 'function', folder },
      { outDir: path.join(dir, 'out-plain'), output: (text) => (output += text) },
    );
    assert.match(output, /^\$ make/m);
    assert.match(output, /built the bootstrap/);
    const entries = await readZip(result.file);
    assert.deepEqual(
      entries.map((entry) => [entry.name, entry.mode.toString(8)]),
      [
        ['bootstrap', '100755'],
        ['main.sh', '100644'],
      ],
    );
  });

  it('runs make build-<LogicalId> with ARTIFACTS_DIR for BuildMethod makefile and zips only what it wrote', async () => {
    const folder = path.join(dir, 'sam');
    await writeFiles(folder, { Makefile: MAKEFILE, 'main.sh': '#!/bin/sh\necho hi\n', 'notes.txt': 'x' });
    let output = '';
    const result = await packageTarget(
      { name: 'Fn', kind: 'function', folder, buildMethod: 'makefile' },
      { outDir: path.join(dir, 'out-sam'), output: (text) => (output += text) },
    );
    assert.match(output, /\$ make build-Fn ARTIFACTS_DIR=/);
    const entries = await readZip(result.file);
    assert.deepEqual(
      entries.map((entry) => [entry.name, entry.mode.toString(8), entry.content.toString()]),
      [['bootstrap', '100755', '#!/bin/sh\necho hi\n']],
    );
  });

  it('says which build failed, where and how, after streaming its output', async () => {
    const folder = path.join(dir, 'broken');
    await writeFiles(folder, { Makefile: MAKEFILE, 'main.sh': '#!/bin/sh\n' });
    let output = '';
    await assert.rejects(
      packageTarget(
        { name: 'Broken', kind: 'function', folder, buildMethod: 'makefile' },
        { outDir: path.join(dir, 'out-broken'), output: (text) => (output += text) },
      ),
      (error: Error) => {
        assert.ok(error instanceof PackageError);
        assert.match(error.message, /The build 'make build-Broken ARTIFACTS_DIR=\S+' in \S+ failed with exit status 2/);
        return true;
      },
    );
    assert.match(output, /the compiler says no/);
  });

  it('refuses a build method only sam build runs', async () => {
    const folder = path.join(dir, 'go');
    await writeFiles(folder, { 'main.go': 'package main\n' });
    await assert.rejects(
      packageTarget(
        { name: 'Go', kind: 'function', folder, buildMethod: 'go1.x' },
        { outDir: path.join(dir, 'out-go'), output: () => undefined },
      ),
      /BuildMethod is go1\.x, a build only sam build runs/,
    );
  });
});
