// Executable headers (ELF, Mach-O, PE) and the elf-arch rule, on a real ELF built here and on headers crafted
// from it or written byte by byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintBinaryBootstrap, readExecutableHeader } from '../../../../src/core/lint/binary';
import { resolveTarget } from '../../../../src/core/project';
import type { RuntimeTarget } from '../../../../src/core/project/types';
import { REPO_ROOT } from '../../helpers';

const HOST_ARCH = process.arch === 'arm64' ? 'arm64' : 'x86_64';
const OTHER_ARCH = HOST_ARCH === 'arm64' ? 'x86_64' : 'arm64';
const ELF_MACHINE = { x86_64: 62, arm64: 183 } as const;

const work = mkdtempSync(path.join(tmpdir(), 'lrk-binary-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A real executable for this machine: compiled from the fixture when gcc is here, else the system's `true`. */
function realElf(): { bytes: Buffer; compiled: boolean } {
  const output = path.join(work, 'hello');
  const gcc = spawnSync('gcc', ['-O0', '-o', output, path.join(REPO_ROOT, 'test/fixtures/lint/binary/hello.c')]);
  if (gcc.status === 0) return { bytes: readFileSync(output), compiled: true };
  return { bytes: readFileSync('/bin/true'), compiled: false };
}

const elf = realElf();

function withMachine(bytes: Buffer, machine: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt16LE(machine, 18);
  return copy;
}

function target(architecture: 'x86_64' | 'arm64', overrides: Partial<RuntimeTarget> = {}): RuntimeTarget {
  return {
    base: 'provided.al2023',
    shIsBash: true,
    architecture,
    installedTools: new Set(),
    environmentNames: new Set(),
    source: 'template.yaml (HelloFunction)',
    ...overrides,
  };
}

const doc = (bytes: Uint8Array) => ({ file: '/project/hello/bootstrap', bytes, text: new TextDecoder().decode(bytes) });

function machO(cpu: number, magic = 0xfeedfacf): Buffer {
  const bytes = Buffer.alloc(32);
  bytes.writeUInt32LE(magic, 0);
  bytes.writeUInt32LE(cpu, 4);
  return bytes;
}

function pe(machine: number): Buffer {
  const bytes = Buffer.alloc(0x100);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.writeUInt16LE(machine, 0x84);
  return bytes;
}

describe('readExecutableHeader', () => {
  it(`reads a real ELF for this machine (${HOST_ARCH})`, (t) => {
    if (!elf.compiled) t.diagnostic('gcc is absent: using /bin/true as the real ELF');
    const header = readExecutableHeader(elf.bytes);
    assert.equal(header.format, 'elf');
    assert.equal(header.os, 'linux');
    assert.equal(header.arch, HOST_ARCH);
    assert.equal(header.bits, 64);
    assert.match(header.interpreter ?? '', /ld-linux/);
  });

  it('reads only the first 64 bytes of an ELF too', () => {
    const header = readExecutableHeader(elf.bytes.subarray(0, 64));
    assert.equal(header.arch, HOST_ARCH);
    assert.equal(header.interpreter, undefined);
  });

  it('tells the CPU of ELF, Mach-O and PE files', () => {
    assert.equal(readExecutableHeader(withMachine(elf.bytes, 183)).arch, 'arm64');
    assert.equal(readExecutableHeader(withMachine(elf.bytes, 183)).machine, 'aarch64');
    assert.equal(readExecutableHeader(withMachine(elf.bytes, 62)).arch, 'x86_64');
    assert.equal(readExecutableHeader(withMachine(elf.bytes, 243)).arch, 'riscv64');
    assert.deepEqual(
      { ...readExecutableHeader(machO(0x0100000c)) },
      { format: 'macho', os: 'macos', arch: 'arm64', machine: 'arm64', bits: 64 },
    );
    assert.equal(readExecutableHeader(machO(0x01000007)).arch, 'x86_64');
    assert.deepEqual(
      { ...readExecutableHeader(pe(0x8664)) },
      { format: 'pe', os: 'windows', arch: 'x86_64', machine: 'x64' },
    );
    assert.equal(readExecutableHeader(pe(0xaa64)).arch, 'arm64');
  });

  it('tells a Mach-O universal binary from a Java class file (same magic number)', () => {
    const fat = Buffer.alloc(48);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    fat.writeUInt32BE(0x01000007, 8);
    fat.writeUInt32BE(0x0100000c, 28);
    assert.deepEqual(readExecutableHeader(fat).fatArchitectures, ['x86_64', 'arm64']);
    const javaClass = Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 65, 0, 0, 0, 0]);
    assert.equal(readExecutableHeader(javaClass).format, 'unknown');
  });

  it('recognises scripts, with or without a byte-order mark', () => {
    assert.equal(readExecutableHeader(Buffer.from('#!/bin/sh\n')).format, 'script');
    assert.equal(readExecutableHeader(Buffer.from('\ufeff#!/bin/sh\n')).format, 'script');
    assert.equal(readExecutableHeader(Buffer.from('echo hi\n')).format, 'unknown');
  });

  it('never throws on empty, truncated or random bytes', () => {
    const inputs = [
      Buffer.alloc(0),
      Buffer.from([0x7f]),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
      elf.bytes.subarray(0, 19),
      Buffer.from('MZ'),
      pe(0x8664).subarray(0, 0x82),
      Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
    ];
    for (let seed = 1; seed < 200; seed += 1) {
      const random = Buffer.alloc(128, 0);
      for (let i = 0; i < random.length; i += 1) random[i] = (seed * 7919 * (i + 1)) & 0xff;
      random[0] = 0x7f;
      random.write('ELF', 1, 'latin1');
      inputs.push(random);
    }
    for (const bytes of inputs) assert.doesNotThrow(() => readExecutableHeader(bytes));
  });
});

describe('elf-arch', () => {
  it('is quiet on an ELF for the function architecture', () => {
    assert.deepEqual(lintBinaryBootstrap(doc(elf.bytes), target(HOST_ARCH)), []);
  });

  it('names both CPUs and where the architecture comes from', () => {
    const arm = withMachine(elf.bytes, ELF_MACHINE.arm64);
    const [finding] = lintBinaryBootstrap(doc(arm), target('x86_64'));
    assert.equal(finding.code, 'elf-arch');
    assert.equal(finding.severity, 'error');
    assert.match(
      finding.message,
      /built for arm64 \(aarch64\) but the function's Architectures is x86_64 \(template\.yaml \(HelloFunction\)\)/,
    );
    assert.match(finding.message, /GOARCH=amd64/);
    const [reverse] = lintBinaryBootstrap(doc(withMachine(elf.bytes, ELF_MACHINE.x86_64)), target('arm64'));
    assert.match(reverse.message, /built for x86_64 \(x86-64\) but the function's Architectures is arm64/);
  });

  it(`fires on this machine's real ELF when the function is ${OTHER_ARCH}`, () => {
    assert.equal(lintBinaryBootstrap(doc(elf.bytes), target(OTHER_ARCH)).length, 1);
  });

  it('fires on macOS and Windows executables whatever their CPU', () => {
    for (const bytes of [machO(0x0100000c), machO(0x01000007), pe(0x8664)]) {
      const [finding] = lintBinaryBootstrap(doc(bytes), target('x86_64'));
      assert.match(finding.message, /macOS|Windows/);
      assert.match(finding.message, /Linux ELF/);
    }
  });

  it('fires on 32-bit and other CPUs', () => {
    for (const machine of [3, 40, 243])
      assert.equal(lintBinaryBootstrap(doc(withMachine(elf.bytes, machine)), target('x86_64')).length, 1);
  });

  it('fires on a musl-linked program for Amazon Linux, not on an Alpine image', () => {
    const bytes = Buffer.from(elf.bytes);
    const glibc = HOST_ARCH === 'x86_64' ? '/lib64/ld-linux-x86-64.so.2' : '/lib/ld-linux-aarch64.so.1';
    const at = bytes.indexOf(glibc);
    assert.ok(at > 0, 'the real ELF has a glibc interpreter');
    const musl = HOST_ARCH === 'x86_64' ? '/lib/ld-musl-x86_64.so.1' : '/lib/ld-musl-aarch64.so.1';
    bytes.fill(0, at, at + glibc.length);
    bytes.write(musl, at, 'latin1');
    assert.equal(readExecutableHeader(bytes).interpreter, musl);
    const [finding] = lintBinaryBootstrap(doc(bytes), target(HOST_ARCH));
    assert.match(finding.message, /musl/);
    assert.deepEqual(
      lintBinaryBootstrap(doc(bytes), target(HOST_ARCH, { baseImage: 'alpine:3.20', source: 'Dockerfile' })),
      [],
    );
  });

  it('says the default is x86_64 when nothing in the project sets it', async () => {
    const folder = path.join(work, 'lonely');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, '.git'), '');
    const file = path.join(folder, 'bootstrap');
    const arm = withMachine(elf.bytes, ELF_MACHINE.arm64);
    writeFileSync(file, arm);
    const [finding] = lintBinaryBootstrap({ file, bytes: arm, text: '' }, await resolveTarget(file, 'provided.al2023'));
    assert.match(finding.message, /Architectures is x86_64 \(the default: no template or Dockerfile sets it\)/);
  });

  it('takes the architecture from the template function whose CodeUri holds the bootstrap', async () => {
    const project = path.join(work, 'sam');
    mkdirSync(path.join(project, 'hello'), { recursive: true });
    writeFileSync(
      path.join(project, 'template.yaml'),
      'Resources:\n  HelloFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: hello/\n      Runtime: provided.al2023\n      Architectures: [arm64]\n',
    );
    const file = path.join(project, 'hello', 'bootstrap');
    const x86 = withMachine(elf.bytes, ELF_MACHINE.x86_64);
    writeFileSync(file, x86);
    const [finding] = lintBinaryBootstrap({ file, bytes: x86, text: '' }, await resolveTarget(file, 'provided.al2023'));
    assert.match(finding.message, /Architectures is arm64 \(template\.yaml \(HelloFunction\)\)/);
  });
});
