// elf-glibc: the GLIBC_x.y versions an ELF needs, read from programs built here with gcc (Debian 12's glibc 2.36,
// so every dynamic program needs __libc_start_main@GLIBC_2.34), against the base images' glibc; on bootstraps in
// folders, where a template or a Dockerfile says the base.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  compareVersions,
  FileParts,
  lintBinaryBootstrap,
  readGlibcNeeds,
  targetGlibc,
} from '../../../../src/core/lint/binary';
import { lintDocument, readLintDocument } from '../../../../src/core/lint/engine';
import { DEFAULT_LINT_OPTIONS } from '../../../../src/core/lint/types';
import type { RuntimeTarget } from '../../../../src/core/project/types';
import { compileC, hasTool } from '../zip/helpers';

const work = mkdtempSync(path.join(tmpdir(), 'lrk-glibc-'));
after(() => rmSync(work, { recursive: true, force: true }));

const HELLO = 'int main(void) { return 0; }\n';
/** Big read-only data before the dynamic segment: its tables lie megabytes into the file. */
const PADDED = 'static const char pad[3 * 1024 * 1024] = {1};\nint main(void) { return pad[0] - 1; }\n';
const HOST_ARCH = process.arch === 'arm64' ? 'arm64' : 'x86_64';
const GCC = hasTool('gcc');
const skipGcc = GCC ? false : 'gcc is absent: no ELF can be built here';

const binaries: Record<string, Buffer> = {};
before(() => {
  if (!GCC) return;
  const build = (name: string, source: string, flags: string[] = []) => {
    const output = path.join(work, name);
    if (compileC(source, output, flags)) binaries[name] = readFileSync(output);
  };
  build('dynamic', HELLO);
  build('static', HELLO, ['-static']);
  build('padded', PADDED);
  build('relr', HELLO, ['-Wl,-z,pack-relative-relocs']);
});

function target(base: RuntimeTarget['base'], overrides: Partial<RuntimeTarget> = {}): RuntimeTarget {
  return {
    base,
    shIsBash: true,
    architecture: HOST_ARCH,
    installedTools: new Set(),
    environmentNames: new Set(),
    source: 'template.yaml (HelloFunction)',
    ...overrides,
  };
}

const doc = (bytes: Uint8Array) => ({ file: '/project/hello/bootstrap', bytes, text: '' });

describe('readGlibcNeeds', { skip: skipGcc }, () => {
  it('finds GLIBC_2.34 as the newest version a program built here needs', () => {
    const needs = readGlibcNeeds(binaries.dynamic!);
    assert.equal(needs.kind, 'glibc');
    assert.equal(needs.kind === 'glibc' && needs.newest, '2.34');
    assert.equal(needs.kind === 'glibc' && needs.symbol, '__libc_start_main', 'the symbol that needs it');
  });

  it('finds no glibc need in a statically linked program', () => {
    assert.deepEqual(readGlibcNeeds(binaries.static!), { kind: 'none' });
  });

  it('takes GLIBC_ABI_DT_RELR (-z pack-relative-relocs) as glibc 2.36', (t) => {
    if (binaries.relr === undefined) return t.skip('this linker has no -z pack-relative-relocs');
    const needs = readGlibcNeeds(binaries.relr);
    assert.equal(needs.kind === 'glibc' && needs.newest, '2.36');
  });

  it('reads from parts of the file: asks for the range its tables point to, a few rounds at most', () => {
    const whole = binaries.padded!;
    const parts = new FileParts(whole.subarray(0, 64 * 1024));
    let rounds = 0;
    let needs = readGlibcNeeds(parts);
    while (needs.kind === 'truncated' && rounds < 6) {
      assert.ok(needs.offset > 1024 * 1024, 'the dynamic segment lies after the 3 MB of data');
      parts.add(needs.offset, whole.subarray(needs.offset, needs.offset + needs.length));
      rounds += 1;
      needs = readGlibcNeeds(parts);
    }
    assert.ok(rounds >= 1 && rounds <= 3, `${rounds} rounds`);
    assert.equal(needs.kind === 'glibc' && needs.newest, '2.34');
  });

  it('never throws on truncated or scrambled ELF files', () => {
    const elf = binaries.dynamic!;
    for (let length = 0; length < 4096; length += 61)
      assert.doesNotThrow(() => readGlibcNeeds(elf.subarray(0, length)));
    for (let seed = 1; seed < 100; seed += 1) {
      const copy = Buffer.from(elf);
      for (let i = 16; i < copy.length; i += 97 + seed) copy[i] = (seed * 31 + i) & 0xff;
      assert.doesNotThrow(() => readGlibcNeeds(copy));
    }
    assert.deepEqual(readGlibcNeeds(Buffer.from('#!/bin/sh\n')), { kind: 'unreadable' });
  });
});

describe('compareVersions and targetGlibc', () => {
  it('compares versions numerically', () => {
    assert.ok(compareVersions('2.9', '2.17') < 0);
    assert.ok(compareVersions('2.34', '2.26') > 0);
    assert.equal(compareVersions('2.2.5', '2.2.5'), 0);
    assert.ok(compareVersions('2.2.5', '2.3') < 0);
  });

  it("knows the base images' glibc, and does not guess other distributions'", () => {
    assert.equal(targetGlibc(target('provided.al2'))?.version, '2.26');
    assert.equal(targetGlibc(target('provided.al2023'))?.version, '2.34');
    assert.equal(targetGlibc(target('provided'))?.version, '2.17');
    const image = (baseImage: string) => targetGlibc(target('provided.al2023', { baseImage }))?.version;
    assert.equal(image('public.ecr.aws/lambda/provided:al2'), '2.34', 'the base is the one the image classifier found');
    assert.equal(image('amazonlinux:2'), '2.26');
    assert.equal(image('public.ecr.aws/amazonlinux/amazonlinux:2023'), '2.34');
    assert.equal(image('debian:12'), undefined);
    assert.equal(image('ubuntu:24.04'), undefined);
  });
});

describe('elf-glibc', { skip: skipGcc }, () => {
  it('reports a program built here (GLIBC_2.34) on provided.al2 (2.26): versions, base and fixes', () => {
    const findings = lintBinaryBootstrap(doc(binaries.dynamic!), target('provided.al2'));
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.severity]),
      [['elf-glibc', 'error']],
    );
    const { message } = findings[0]!;
    assert.match(
      message,
      /needs glibc 2\.34 \(symbol version GLIBC_2\.34, e\.g\. __libc_start_main@GLIBC_2\.34\) but provided\.al2 has glibc 2\.26/,
    );
    assert.match(message, /version `GLIBC_2\.34' not found/);
    assert.match(message, /public\.ecr\.aws\/lambda\/provided:al2/);
    assert.match(message, /musl/);
    const cpu = HOST_ARCH === 'arm64' ? 'aarch64' : 'x86_64';
    assert.ok(message.includes(`cargo zigbuild --target ${cpu}-unknown-linux-gnu.2.26`), message);
  });

  it('is quiet on provided.al2023 (2.34), on a static program, and on another CPU (elf-arch says it)', () => {
    assert.deepEqual(lintBinaryBootstrap(doc(binaries.dynamic!), target('provided.al2023')), []);
    assert.deepEqual(lintBinaryBootstrap(doc(binaries.static!), target('provided.al2')), []);
    const other = HOST_ARCH === 'arm64' ? 'x86_64' : 'arm64';
    const codes = lintBinaryBootstrap(doc(binaries.dynamic!), target('provided.al2', { architecture: other }));
    assert.deepEqual(
      codes.map((finding) => finding.code),
      ['elf-arch'],
    );
  });

  it('is quiet on an image on another distribution', () => {
    const debian = target('provided.al2023', { baseImage: 'debian:12', source: 'Dockerfile' });
    assert.deepEqual(lintBinaryBootstrap(doc(binaries.relr ?? binaries.dynamic!), debian), []);
  });
});

describe('elf-glibc on bootstraps in folders', { skip: skipGcc }, () => {
  const options = { ...DEFAULT_LINT_OPTIONS, trusted: false };

  async function codesIn(files: Record<string, string>, bootstrap = 'dynamic'): Promise<string[]> {
    const root = mkdtempSync(path.join(work, 'project-'));
    writeFileSync(path.join(root, '.git'), '');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const file = path.join(root, 'fn', 'bootstrap');
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(path.join(work, bootstrap), file);
    chmodSync(file, 0o755);
    return (await lintDocument(await readLintDocument(file), options)).map((finding) => finding.code);
  }

  const template = (runtime: string) =>
    `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: fn/\n      Runtime: ${runtime}\n      Handler: x\n      Architectures: [${HOST_ARCH}]\n`;

  it("takes the base from the template function's Runtime", async () => {
    assert.deepEqual(await codesIn({ 'template.yaml': template('provided.al2') }), ['elf-glibc']);
    assert.deepEqual(await codesIn({ 'template.yaml': template('provided.al2023') }), []);
  });

  it("takes the base from the Dockerfile's FROM, and leaves other distributions alone", async () => {
    const dockerfile = (from: string) =>
      `FROM ${from}\nCOPY fn/bootstrap \${LAMBDA_RUNTIME_DIR}/bootstrap\nCMD [ "handler" ]\n`;
    assert.deepEqual(await codesIn({ Dockerfile: dockerfile('public.ecr.aws/lambda/provided:al2') }), ['elf-glibc']);
    assert.deepEqual(await codesIn({ Dockerfile: dockerfile('public.ecr.aws/lambda/provided:al2023') }), []);
    assert.deepEqual(await codesIn({ Dockerfile: dockerfile('debian:12') }), []);
  });

  it('checks a compiled bootstrap over the 2 MB text limit instead of skipping it', async () => {
    assert.deepEqual(await codesIn({ 'template.yaml': template('provided.al2') }, 'padded'), ['elf-glibc']);
  });
});
