// elf-arch and elf-glibc on binaries inside zips: programs built here with gcc (glibc 2.36, so they need
// GLIBC_2.34), a static one, one whose version tables lie 3 MB into the entry, and libraries for another CPU.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintZip } from '../../../../src/core/lint/zip';
import { compileC, hasTool, makeZip, type TestEntry } from './helpers';

const HOST_ARCH: 'x86_64' | 'arm64' = process.arch === 'arm64' ? 'arm64' : 'x86_64';
const OTHER_ARCH: 'x86_64' | 'arm64' = HOST_ARCH === 'arm64' ? 'x86_64' : 'arm64';
const OTHER_MACHINE = HOST_ARCH === 'arm64' ? 62 : 183;
const skip = hasTool('gcc') ? false : 'gcc is absent: no ELF can be built here';

let work: string;
let count = 0;
const elf: Record<string, Buffer> = {};

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lrk-zip-binaries-'));
  if (skip) return;
  const build = async (name: string, source: string, flags: string[] = []) => {
    const output = path.join(work, name);
    assert.ok(compileC(source, output, flags), `gcc could not build ${name}`);
    elf[name] = await readFile(output);
  };
  await build('dynamic', 'int main(void) { return 0; }\n');
  await build('static', 'int main(void) { return 0; }\n', ['-static']);
  await build('padded', 'static const char pad[3 << 20] = {1};\nint main(void) { return pad[0] - 1; }\n');
  await build('library.so', 'int answer(void) { return 42; }\n', ['-shared', '-fPIC']);
});
after(() => rm(work, { recursive: true, force: true }));

function otherCpu(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt16LE(OTHER_MACHINE, 18);
  return copy;
}

async function lint(entries: readonly TestEntry[], base: 'provided.al2' | 'provided.al2023', architecture = HOST_ARCH) {
  count += 1;
  const file = await makeZip(path.join(work, `test-${count}.zip`), entries);
  return (await lintZip(file, { base, architecture, source: 'template.yaml (Fn)' })).map(
    (finding) => `${finding.code} ${finding.message}`,
  );
}

describe('binaries inside zips', { skip }, () => {
  it('elf-glibc: a bootstrap built here needs GLIBC_2.34, provided.al2 has 2.26', async () => {
    const findings = await lint([{ name: 'bootstrap', data: elf.dynamic, mode: 0o100755 }], 'provided.al2');
    assert.equal(findings.length, 1, findings.join('\n'));
    assert.match(
      findings[0]!,
      /^elf-glibc bootstrap: The bootstrap needs glibc 2\.34 .* provided\.al2 has glibc 2\.26/,
    );
    assert.match(findings[0]!, /cargo zigbuild --target/);
  });

  it('passes the same bootstrap on provided.al2023 (2.34), and a static one on provided.al2', async () => {
    assert.deepEqual(await lint([{ name: 'bootstrap', data: elf.dynamic, mode: 0o100755 }], 'provided.al2023'), []);
    assert.deepEqual(await lint([{ name: 'bootstrap', data: elf.static, mode: 0o100755 }], 'provided.al2'), []);
  });

  it("reads version tables megabytes into an entry (ranges of the entry's stream, not all of it)", async () => {
    const findings = await lint([{ name: 'bootstrap', data: elf.padded, mode: 0o100755 }], 'provided.al2');
    assert.deepEqual(
      findings.map((finding) => finding.split(' ')[0]),
      ['elf-glibc'],
    );
  });

  it('elf-arch: a bootstrap for the other CPU, named with the function architecture and where it comes from', async () => {
    const findings = await lint([{ name: 'bootstrap', data: elf.dynamic, mode: 0o100755 }], 'provided.al2', OTHER_ARCH);
    assert.equal(findings.length, 1, 'elf-arch only: the glibc of a program that cannot start is moot');
    assert.match(findings[0]!, new RegExp(`^elf-arch bootstrap: The bootstrap is built for ${HOST_ARCH}`));
    assert.match(findings[0]!, new RegExp(`Architectures is ${OTHER_ARCH} \\(template\\.yaml \\(Fn\\)\\)`));
  });

  it('checks programs and libraries at the root, in bin/ and lib/, and names each', async () => {
    const findings = await lint(
      [
        { name: 'bootstrap', data: elf.static, mode: 0o100755 },
        { name: 'helper', data: elf.dynamic, mode: 0o100755 },
        { name: 'bin/tool', data: elf.dynamic, mode: 0o100755 },
        { name: 'lib/libanswer.so', data: otherCpu(elf['library.so']!) },
      ],
      'provided.al2',
    );
    assert.deepEqual(
      findings.map((finding) => finding.split(':')[0]),
      ['elf-glibc helper', 'elf-glibc bin/tool', 'elf-arch lib/libanswer.so'],
    );
    assert.match(findings[2]!, /This library is built for/);
  });

  it('leaves deeper binaries alone (prebuilt addons for other platforms) and non-ELF files outside the bootstrap', async () => {
    const macho = Buffer.alloc(128);
    macho.writeUInt32LE(0xfeedfacf, 0);
    macho.writeUInt32LE(0x0100000c, 4);
    const findings = await lint(
      [
        { name: 'bootstrap', data: elf.static, mode: 0o100755 },
        { name: 'node_modules/addon/prebuilds/linux-other/addon.node', data: otherCpu(elf['library.so']!) },
        { name: 'vendor/bin/tool', data: elf.dynamic, mode: 0o100755 },
        { name: 'bin/macos-tool', data: macho, mode: 0o100755 },
      ],
      'provided.al2',
    );
    assert.deepEqual(findings, []);
  });

  it('reports a macOS bootstrap', async () => {
    const macho = Buffer.alloc(128);
    macho.writeUInt32LE(0xfeedfacf, 0);
    macho.writeUInt32LE(0x0100000c, 4);
    const findings = await lint([{ name: 'bootstrap', data: macho, mode: 0o100755 }], 'provided.al2023');
    assert.match(findings[0] ?? '', /^elf-arch bootstrap: The bootstrap is a macOS \(Mach-O/);
  });
});
