// The zip writer through packageTarget: Unix modes, bootstrap at the root, fixed order and timestamps, symbolic
// links, read back with yauzl and with Info-ZIP's zipinfo.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PackageError, packageTarget, walkFolder, type PackageTarget } from '../../../src/core/package';
import { ELF_BYTES, tempFolder, writeFiles } from './fixture';
import { noZipinfo, readZip, zipinfoLines } from './zip-read';

let dir: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir, cleanup } = await tempFolder('zip')));
after(() => cleanup());

const quiet = () => undefined;

async function build(folder: string, out: string, name = 'Fn') {
  const target: PackageTarget = { name, kind: 'function', folder };
  return packageTarget(target, { outDir: out, output: quiet });
}

describe('package: the zip Lambda runs', () => {
  let fn: string;
  let zip: string;
  before(async () => {
    fn = path.join(dir, 'fn');
    await writeFiles(fn, {
      // Not executable on disk: the zip makes it 0755 all the same.
      bootstrap: ['#!/bin/sh\nexec ./lib/run.sh\n', 0o644],
      'lib/run.sh': ['#!/bin/sh\necho hello\n', 0o755],
      'lib/data.txt': 'data\n'.repeat(1000),
      'lib/big.txt': 'a line of text that compresses well\n'.repeat(30_000),
      'lib/random.bin': randomBytes(300 * 1024),
      'empty.txt': '',
    });
    zip = (await build(fn, path.join(dir, 'out'))).file;
  });

  it('puts bootstrap at the root with 0755, executables 0755, other files 0644, folders 0755, all Unix entries', async () => {
    const entries = await readZip(zip);
    const modes = Object.fromEntries(entries.map((entry) => [entry.name, entry.mode.toString(8)]));
    assert.deepEqual(modes, {
      bootstrap: '100755',
      'empty.txt': '100644',
      'lib/': '40755',
      'lib/big.txt': '100644',
      'lib/data.txt': '100644',
      'lib/random.bin': '100644',
      'lib/run.sh': '100755',
    });
    assert.ok(
      entries.every((entry) => entry.madeBy === 3),
      'every entry is made by Unix (3)',
    );
    assert.deepEqual(
      entries.map((entry) => entry.name),
      ['bootstrap', 'empty.txt', 'lib/', 'lib/big.txt', 'lib/data.txt', 'lib/random.bin', 'lib/run.sh'],
    );
  });

  it('keeps every byte of small, big, empty and random files', async () => {
    const entries = await readZip(zip);
    for (const entry of entries.filter((e) => !e.name.endsWith('/'))) {
      assert.ok(entry.content.equals(await readFile(path.join(fn, entry.name))), entry.name);
    }
  });

  it(
    'reads the same in zipinfo: Unix modes, Unix host, bootstrap at the root, the fixed 1980 date',
    { skip: noZipinfo },
    () => {
      const lines = zipinfoLines(zip);
      assert.match(lines.get('bootstrap')!, /^-rwxr-xr-x\s+\S+\s+unx\s.*80-Jan-01 00:00 bootstrap$/);
      assert.match(lines.get('lib/run.sh')!, /^-rwxr-xr-x\s+\S+\s+unx\s/);
      assert.match(lines.get('lib/data.txt')!, /^-rw-r--r--\s+\S+\s+unx\s.*defN/);
      assert.match(
        lines.get('lib/random.bin')!,
        /^-rw-r--r--\s+\S+\s+unx\s.*stor/,
        'random data is stored, not deflated',
      );
      assert.match(lines.get('lib/')!, /^drwxr-xr-x\s+\S+\s+unx\s/);
    },
  );

  it('gives a byte-identical zip for the same files, whatever their timestamps', async () => {
    await utimes(path.join(fn, 'lib/data.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    await utimes(path.join(fn, 'bootstrap'), new Date(), new Date());
    const again = (await build(fn, path.join(dir, 'out-again'))).file;
    assert.ok((await readFile(again)).equals(await readFile(zip)));
  });

  it('reports the entries and both sizes', async () => {
    const result = await build(fn, path.join(dir, 'out-sizes'));
    assert.equal(result.entries, 7);
    assert.equal(result.zippedBytes, (await stat(result.file)).size);
    let unzipped = 0;
    for (const name of ['bootstrap', 'empty.txt', 'lib/big.txt', 'lib/data.txt', 'lib/random.bin', 'lib/run.sh']) {
      unzipped += (await stat(path.join(fn, name))).size;
    }
    assert.equal(result.unzippedBytes, unzipped);
  });
});

describe('package: symbolic links', () => {
  it('stores a link into the folder as a relative link, and follows one that points outside', async () => {
    const fn = path.join(dir, 'links');
    await writeFiles(fn, { bootstrap: ['#!/bin/sh\n', 0o755], 'lib/real.sh': ['#!/bin/sh\n', 0o755] });
    await writeFiles(dir, { 'shared/config.json': '{"shared":true}\n' });
    await symlink('lib/real.sh', path.join(fn, 'relative'));
    await symlink(path.join(fn, 'lib'), path.join(fn, 'absolute-dir'));
    await symlink(path.join(dir, 'shared/config.json'), path.join(fn, 'config.json'));
    const entries = await readZip((await build(fn, path.join(dir, 'out-links'))).file);
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    assert.equal(byName.get('relative')!.mode.toString(8), '120777');
    assert.equal(byName.get('relative')!.content.toString(), 'lib/real.sh');
    assert.equal(byName.get('absolute-dir')!.mode.toString(8), '120777');
    assert.equal(
      byName.get('absolute-dir')!.content.toString(),
      'lib',
      'an absolute link into the folder becomes relative',
    );
    assert.equal(byName.get('config.json')!.mode.toString(8), '100644', 'a link out of the folder is followed');
    assert.equal(byName.get('config.json')!.content.toString(), '{"shared":true}\n');
  });

  it('refuses a link to nothing, naming it and saying what to do', async () => {
    const fn = path.join(dir, 'dangling');
    await writeFiles(fn, { bootstrap: ['#!/bin/sh\n', 0o755] });
    await symlink('missing.sh', path.join(fn, 'handler.sh'));
    await assert.rejects(build(fn, path.join(dir, 'out-dangling')), (error: Error) => {
      assert.ok(error instanceof PackageError);
      assert.match(error.message, /handler\.sh is a symbolic link to missing\.sh, which does not exist/);
      assert.match(error.message, /\.lambdaignore/);
      return true;
    });
  });
});

describe('package: a compiled bootstrap', () => {
  it('zips the binary without the sources when the bootstrap is ELF, and keeps them beside a script', async () => {
    const compiled = path.join(dir, 'compiled');
    await writeFiles(compiled, {
      bootstrap: [ELF_BYTES, 0o755],
      'main.go': 'package main\n',
      'go.mod': 'module x\n',
      'target/debug/bootstrap': ELF_BYTES,
      'config/settings.json': '{}\n',
    });
    const binary = await readZip((await build(compiled, path.join(dir, 'out-compiled'))).file);
    assert.deepEqual(
      binary.map((entry) => entry.name),
      ['bootstrap', 'config/', 'config/settings.json'],
    );
    const script = path.join(dir, 'script');
    await writeFiles(script, { bootstrap: ['#!/bin/sh\n', 0o755], 'main.go': 'package main\n' });
    const kept = await readZip((await build(script, path.join(dir, 'out-script'))).file);
    assert.deepEqual(
      kept.map((entry) => entry.name),
      ['bootstrap', 'main.go'],
    );
  });

  it('never packages the output folder when it lies inside the function folder', async () => {
    const fn = path.join(dir, 'inside');
    await writeFiles(fn, { bootstrap: ['#!/bin/sh\n', 0o755] });
    await writeFile(path.join(fn, 'notes.txt'), 'x');
    const first = await build(fn, path.join(fn, 'dist'));
    const second = await build(fn, path.join(fn, 'dist'));
    assert.deepEqual(
      (await readZip(second.file)).map((entry) => entry.name),
      ['bootstrap', 'notes.txt'],
    );
    assert.ok((await readFile(first.file)).length > 0);
  });
});

describe('package: a file system with no executable bit (Windows)', () => {
  it('takes #! scripts and ELF binaries as executables when asked to look at their first bytes', async () => {
    const fn = path.join(dir, 'windows');
    await writeFiles(fn, {
      bootstrap: ['#!/bin/sh\n', 0o644],
      'bin/tool': ['#!/usr/bin/env python3\n', 0o644],
      'bin/native': [ELF_BYTES, 0o644],
      'data.txt': 'text\n',
    });
    const listing = await walkFolder(fn, () => false, { sniffExecutables: true });
    const modes = Object.fromEntries(listing.entries.map((entry) => [entry.name, entry.mode.toString(8)]));
    assert.deepEqual(modes, {
      bin: '40755',
      'bin/native': '100755',
      'bin/tool': '100755',
      bootstrap: '100755',
      'data.txt': '100644',
    });
    const unsniffed = await walkFolder(fn, () => false, { sniffExecutables: false });
    assert.equal(unsniffed.entries.find((entry) => entry.name === 'bin/tool')?.mode.toString(8), '100644');
  });
});
