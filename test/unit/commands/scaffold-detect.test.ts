// What Add Dockerfile learns from an existing bootstrap: scripts by shebang and exec, binaries built here by
// the real compilers (skipped by name when a compiler is absent).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  classifyBootstrap,
  compiledSourcesIn,
  handlerFilesIn,
  inspectBootstrapFolder,
} from '../../../src/commands/scaffold/detect';
import { isOnPath } from '../../../src/commands/scaffold/toolchain';

let root: string;
const text = (value: string) => new TextEncoder().encode(value);
const hostArch = process.arch === 'arm64' ? 'arm64' : 'x86_64';

/** Compiles `source` with `command` in a fresh folder; the built binary's bytes. */
function build(name: string, source: string, command: (src: string, out: string) => [string, string[]]): Uint8Array {
  const folder = path.join(root, name);
  mkdirSync(folder, { recursive: true });
  const src = path.join(folder, source.split('\n')[0].replace(/^\/\/ /, ''));
  writeFileSync(src, source);
  const out = path.join(folder, 'bootstrap');
  const [program, args] = command(src, out);
  execFileSync(program, args, {
    cwd: folder,
    stdio: 'pipe',
    env: { ...process.env, GO111MODULE: 'off', GOCACHE: path.join(root, 'gocache'), GOFLAGS: '' },
  });
  return readFileSync(out);
}

describe('classifyBootstrap', () => {
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lrk-detect-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads a shell bootstrap as bash, or as the interpreter it execs', () => {
    assert.deepEqual(classifyBootstrap(text('#!/bin/bash\nset -euo pipefail\nwhile true; do :; done\n')), {
      kind: 'script',
      language: 'bash',
    });
    assert.equal(classifyBootstrap(text('#!/bin/sh\nexec /usr/bin/python3 -u runtime.py\n')).language, 'python');
    assert.equal(
      classifyBootstrap(text('#!/bin/sh\ncd "$LAMBDA_TASK_ROOT"\nexec node runtime.mjs\n')).language,
      'node',
    );
    assert.equal(classifyBootstrap(text('#!/usr/bin/env node\nconsole.log(1)\n')).language, 'node');
    assert.equal(classifyBootstrap(text('#!/usr/bin/python3.12\n')).language, 'python');
  });

  it('knows a script in another language is a script, and text with no shebang is unknown', () => {
    assert.deepEqual(classifyBootstrap(text('#!/usr/bin/env ruby\n')), { kind: 'script' });
    assert.deepEqual(classifyBootstrap(text('echo hello\n')), { kind: 'unknown' });
    assert.deepEqual(classifyBootstrap(new Uint8Array()), { kind: 'unknown' });
  });

  it('reads a C++ binary built here: its CPU and its language', async (t) => {
    if (!(await isOnPath('g++'))) return t.skip('g++ is not on PATH');
    const bytes = build(
      'cpp',
      '// main.cpp\n#include <iostream>\nint main() { std::cout << "hi" << std::endl; }\n',
      (src, out) => ['g++', ['-O0', '-o', out, src]],
    );
    assert.deepEqual(classifyBootstrap(bytes), { kind: 'binary', language: 'cpp', architecture: hostArch });
  });

  it('reads a Go binary built here', async (t) => {
    if (!(await isOnPath('go'))) return t.skip('go is not on PATH');
    const bytes = build('go', '// main.go\npackage main\n\nfunc main() { println("hi") }\n', (src, out) => [
      'go',
      ['build', '-o', out, src],
    ]);
    assert.deepEqual(classifyBootstrap(bytes), { kind: 'binary', language: 'go', architecture: hostArch });
  });

  it('reads a Rust binary built here', async (t) => {
    const rustc = (await isOnPath('rustc')) ? 'rustc' : path.join(process.env.HOME ?? '', '.cargo', 'bin', 'rustc');
    if (!(await isOnPath(rustc))) return t.skip('rustc is not on PATH nor in ~/.cargo/bin');
    const bytes = build('rust', '// main.rs\nfn main() { println!("hi"); }\n', (src, out) => [rustc, ['-o', out, src]]);
    assert.deepEqual(classifyBootstrap(bytes), { kind: 'binary', language: 'rust', architecture: hostArch });
  });

  it('reads a binary for another CPU as a binary with that CPU left out', () => {
    // An ELF header for 32-bit ARM: no architecture Lambda runs, no toolchain marker.
    const header = new Uint8Array(64);
    header.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
    header[18] = 40;
    assert.deepEqual(classifyBootstrap(header), { kind: 'binary', language: undefined, architecture: undefined });
  });
});

describe('folder facts', () => {
  it('finds compiled sources by their marker files', () => {
    assert.equal(compiledSourcesIn(['go.mod', 'main.go', 'Makefile']), 'go');
    assert.equal(compiledSourcesIn(['Cargo.toml', 'src']), 'rust');
    assert.equal(compiledSourcesIn(['handler.cpp', 'Makefile']), 'cpp');
    assert.equal(compiledSourcesIn(['function.sh', 'bootstrap']), undefined);
  });

  it('lists the handler files a Dockerfile copies, of the bootstrap’s language when known', () => {
    const names = ['bootstrap', 'function.sh', 'helpers.sh', 'app.py', '.env.sh', 'README.md', 'template.yaml'];
    assert.deepEqual(handlerFilesIn(names, 'bash'), ['function.sh', 'helpers.sh']);
    assert.deepEqual(handlerFilesIn(names, undefined), ['app.py', 'function.sh', 'helpers.sh']);
    assert.deepEqual(handlerFilesIn(names, 'go'), []);
  });

  it('inspects a folder with a script bootstrap, one with sources only, and a missing one', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'lrk-detect-folder-'));
    try {
      writeFileSync(path.join(folder, 'bootstrap'), '#!/bin/sh\nexec python3 runtime.py\n');
      const facts = await inspectBootstrapFolder(folder);
      assert.equal(facts.kind, 'script');
      assert.equal(facts.language, 'python');
      assert.equal(facts.bootstrap, path.join(folder, 'bootstrap'));

      rmSync(path.join(folder, 'bootstrap'));
      writeFileSync(path.join(folder, 'go.mod'), 'module example.com/fn\n');
      const sources = await inspectBootstrapFolder(folder);
      assert.equal(sources.bootstrap, undefined);
      assert.equal(sources.sources, 'go');

      const missing = await inspectBootstrapFolder(path.join(folder, 'absent'));
      assert.deepEqual(missing.names, []);
      assert.equal(missing.bootstrap, undefined);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
