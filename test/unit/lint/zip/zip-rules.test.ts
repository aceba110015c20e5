// The zip rules on zips made for each case: the bootstrap at the root or not, its modes (Unix or none at all, as
// Windows tools write them), CRLF, unreadable entries, links, and sizes.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintZip, type ZipLintOptions } from '../../../../src/core/lint/zip';
import type { Finding } from '../../../../src/core/lint/types';
import { declareSize, makeZip, SCRIPT_BOOTSTRAP, withoutUnixModes, type TestEntry } from './helpers';

let work: string;
let count = 0;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lrk-zip-rules-'));
});
after(() => rm(work, { recursive: true, force: true }));

const GOOD: TestEntry = { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 };

async function zip(entries: readonly TestEntry[]): Promise<string> {
  count += 1;
  return makeZip(path.join(work, `test-${count}.zip`), entries);
}

async function codes(file: string, options?: ZipLintOptions): Promise<string[]> {
  return (await lintZip(file, options)).map((finding) => finding.code);
}

async function only(file: string, code: string, options?: ZipLintOptions): Promise<Finding> {
  const findings = await lintZip(file, options);
  assert.deepEqual(
    findings.map((finding) => finding.code),
    [code],
    findings.map((finding) => finding.message).join('\n'),
  );
  return findings[0]!;
}

describe('lintZip', () => {
  it('finds nothing in a good zip: an executable bootstrap at the root, readable files', async () => {
    const file = await zip([GOOD, { name: 'lib/' }, { name: 'lib/handler.sh', data: 'handler() { echo; }\n' }]);
    assert.deepEqual(await lintZip(file), []);
  });

  it('takes ./bootstrap (a leading ./ some tools write) as the bootstrap at the root', async () => {
    assert.deepEqual(await lintZip(await zip([{ ...GOOD, name: './bootstrap' }])), []);
  });

  it('rejects a zip whose bootstrap holds fewer bytes than it declares, as damaged', async () => {
    const file = await zip([{ ...GOOD, data: 'x'.repeat(100) }]);
    await declareSize(file, 'bootstrap', 5000);
    await assert.rejects(lintZip(file), /the zip is damaged: bootstrap cannot be read/);
  });

  it('reports findings on the zip itself, at its start, with the rule id and our source', async () => {
    const file = await zip([{ name: 'handler.sh', data: 'x' }]);
    const finding = await only(file, 'zip-no-bootstrap');
    assert.equal(finding.file, file);
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(finding.severity, 'error');
    assert.equal(finding.source, 'lambda-runtime-kit');
  });
});

describe('zip-no-bootstrap', () => {
  it('says which subfolder holds the bootstrap and why: the folder was zipped, not its contents', async () => {
    const file = await zip([{ name: 'my-function/' }, { ...GOOD, name: 'my-function/bootstrap' }]);
    const { message } = await only(file, 'zip-no-bootstrap');
    assert.match(message, /my-function\/bootstrap/);
    assert.match(message, /zip the folder's contents, not the folder/i);
    assert.match(message, /Runtime\.InvalidEntrypoint/);
  });

  it('names a look-alike at the root (bootstrap.sh, Bootstrap)', async () => {
    const sh = await zip([{ name: 'bootstrap.sh', data: SCRIPT_BOOTSTRAP, mode: 0o100755 }]);
    assert.match((await only(sh, 'zip-no-bootstrap')).message, /There is bootstrap\.sh/);
    const capital = await zip([{ name: 'Bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 }]);
    assert.match((await only(capital, 'zip-no-bootstrap')).message, /There is Bootstrap/);
  });

  it('says when bootstrap is a folder', async () => {
    const file = await zip([{ name: 'bootstrap/' }, { name: 'bootstrap/run', data: 'x' }]);
    assert.match((await only(file, 'zip-no-bootstrap')).message, /`bootstrap\/` is a folder/);
  });

  it('is no error when a layer brings /opt/bootstrap: a layer folder or zip with one, or a layer not known here', async () => {
    const code = await zip([{ name: 'handler.sh', data: 'x' }]);
    const folder = path.join(work, 'layer-folder');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'bootstrap'), SCRIPT_BOOTSTRAP, { mode: 0o755 });
    assert.deepEqual(await codes(code, { layers: [{ kind: 'local', path: folder }] }), []);
    const layerZip = await zip([GOOD]);
    assert.deepEqual(await codes(code, { layers: [{ kind: 'local', path: layerZip }] }), []);
    assert.deepEqual(await codes(code, { layers: [{ kind: 'unknown' }] }), []);
    const without = await zip([{ name: 'bin/', mode: 0o40755 }]);
    assert.deepEqual(await codes(code, { layers: [{ kind: 'local', path: without }] }), ['zip-no-bootstrap']);
  });

  it("is not asked of a layer's own zip", async () => {
    const file = await zip([{ name: 'bin/' }, { name: 'bin/jq', data: 'x', mode: 0o100755 }]);
    assert.deepEqual(await codes(file, { role: 'layer' }), []);
  });
});

describe('zip-exec-bit', () => {
  it('reports a bootstrap without the execute bit, and one executable only for its owner', async () => {
    const plain = await zip([{ ...GOOD, mode: 0o100644 }]);
    const { message } = await only(plain, 'zip-exec-bit');
    assert.match(message, /^bootstrap: The bootstrap is not executable in the zip \(mode 644\)/);
    assert.match(message, /permission denied/);
    assert.match(message, /Runtime\.InvalidEntrypoint/);
    const owner = await zip([{ ...GOOD, mode: 0o100744 }]);
    assert.match((await only(owner, 'zip-exec-bit')).message, /only for its owner or group.*mode 744/);
  });

  it('reports a zip with no Unix modes at all, as Windows tools write it (entries made by MS-DOS/FAT)', async () => {
    const file = await zip([GOOD, { name: 'lib/' }, { name: 'lib/handler.sh', data: 'x' }]);
    await withoutUnixModes(file);
    const { message } = await only(file, 'zip-exec-bit');
    assert.match(message, /made by MS-DOS\/FAT/);
    assert.match(message, /No entry of this zip has one: it was made on Windows/);
    assert.match(message, /Runtime\.InvalidEntrypoint \("permission denied"\)/);
  });
});

describe('zip-unreadable', () => {
  it("reports entries others cannot read (Lambda's user), with their modes, once for the zip", async () => {
    const file = await zip([
      GOOD,
      { name: 'config.json', data: '{}', mode: 0o100600 },
      { name: 'private/', mode: 0o40700 },
      { name: 'handler.sh', data: 'x', mode: 0o100640 },
    ]);
    const { message, severity } = await only(file, 'zip-unreadable');
    assert.equal(severity, 'warning');
    assert.match(
      message,
      /^3 entries of the zip cannot be read by Lambda's user: config\.json \(600\), private\/ \(700\), handler\.sh \(640\)/,
    );
    assert.match(message, /EACCES/);
  });

  it('names the first five and counts the rest', async () => {
    const entries = Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, data: 'x', mode: 0o100600 }));
    const { message } = await only(await zip([GOOD, ...entries]), 'zip-unreadable');
    assert.match(message, /f4 \(600\) and 3 more/);
  });
});

describe('zip-crlf', () => {
  it('reports a script bootstrap with CRLF endings, and what the kernel makes of its #! line', async () => {
    const file = await zip([{ ...GOOD, data: SCRIPT_BOOTSTRAP.replace(/\n/g, '\r\n') }]);
    const { message } = await only(file, 'zip-crlf');
    assert.match(message, /^bootstrap: The bootstrap script has Windows \(CRLF\) line endings, from line 1/);
    assert.match(message, /bad interpreter/);
  });

  it('says from which line when the #! line is fine', async () => {
    const file = await zip([{ ...GOOD, data: '#!/bin/sh\nset -eu\r\necho\r\n' }]);
    assert.match((await only(file, 'zip-crlf')).message, /from line 2/);
  });

  it('leaves alone CRLF in other files and in a bootstrap that is no script', async () => {
    const file = await zip([GOOD, { name: 'event.json', data: '{\r\n}\r\n' }]);
    assert.deepEqual(await codes(file), []);
  });
});

describe('zip-symlink', () => {
  const link = (name: string, target: string): TestEntry => ({ name, data: target, mode: 0o120777 });

  it('reports a link to nothing and a link out of the zip, naming the entry', async () => {
    const file = await zip([
      GOOD,
      { name: 'lib/' },
      link('lib/libfoo.so', 'libfoo.so.1'),
      link('lib/libbar.so', '../../build/libbar.so'),
      link('data', '/home/me/project/data'),
    ]);
    const messages = (await lintZip(file)).map((finding) => `${finding.code} ${finding.message}`);
    assert.equal(messages.length, 3, messages.join('\n'));
    assert.match(
      messages[0]!,
      /^zip-symlink lib\/libfoo\.so: The link points to libfoo\.so\.1, which the zip does not hold/,
    );
    assert.match(
      messages[1]!,
      /^zip-symlink lib\/libbar\.so: The link points to \.\.\/\.\.\/build\/libbar\.so, outside the zip/,
    );
    assert.match(messages[2]!, /^zip-symlink data: The link points to \/home\/me\/project\/data, outside the zip/);
  });

  it('accepts links to entries (through other links, to folders, by /var/task paths) and to /opt or /tmp', async () => {
    const file = await zip([
      GOOD,
      { name: 'lib/libfoo.so.1.2', data: 'x' },
      link('lib/libfoo.so.1', 'libfoo.so.1.2'),
      link('lib/libfoo.so', 'libfoo.so.1'),
      link('libs', 'lib'),
      link('absolute', '/var/task/lib/libfoo.so.1.2'),
      link('cache', '/tmp/cache'),
      link('tool', '/opt/bin/tool'),
    ]);
    assert.deepEqual(await codes(file), []);
  });

  it('reports a loop of links', async () => {
    const file = await zip([GOOD, link('a', 'b'), link('b', 'a')]);
    assert.deepEqual(await codes(file), ['zip-symlink', 'zip-symlink']);
    assert.match((await lintZip(file))[0]!.message, /loop/);
  });
});

describe('zip-size', () => {
  it('warns over 50 MB zipped (a real zip of 51 MB, stored)', async () => {
    const file = await zip([GOOD, { name: 'data.bin', zeros: 51 * 1024 * 1024 }]);
    const finding = await only(file, 'zip-size');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /The zip is 51\.0 MB, over the 50 MB .* direct upload/);
    await rm(file);
  });

  it('reports over 250 MB unzipped, from the sizes the central directory declares', async () => {
    const file = await zip([GOOD, { name: 'model.bin', data: 'x'.repeat(1000) }]);
    await declareSize(file, 'model.bin', 300 * 1024 * 1024);
    const finding = await only(file, 'zip-size');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /unzips to 300\.0 MB, over Lambda's 250 MB limit/);
    assert.match(finding.message, /262144000/);
  });

  it("counts the layers' unzipped size with the zip's (a sparse 60 MB file in a layer folder)", async () => {
    const file = await zip([GOOD, { name: 'model.bin', data: 'x' }]);
    await declareSize(file, 'model.bin', 200 * 1024 * 1024);
    assert.deepEqual(await codes(file), []);
    const folder = path.join(work, 'big-layer');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'lib.so'), '');
    await truncate(path.join(folder, 'lib.so'), 60 * 1024 * 1024);
    const finding = await only(file, 'zip-size', { layers: [{ kind: 'local', path: folder }] });
    assert.match(finding.message, /the zip 200\.0 MB, its layers 60\.0 MB/);
  });
});

describe('rule settings', () => {
  it('drops rules set to off and applies the chosen severity', async () => {
    const file = await zip([
      { ...GOOD, mode: 0o100644 },
      { name: 'secret', data: 'x', mode: 0o100600 },
    ]);
    const findings = await lintZip(file, { rules: { 'zip-exec-bit': 'off', 'zip-unreadable': 'error' } });
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.severity]),
      [['zip-unreadable', 'error']],
    );
  });
});
