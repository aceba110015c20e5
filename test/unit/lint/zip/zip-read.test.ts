// Reading zips: entries and modes as yazl and Info-ZIP write them, ranges of an entry's content, and damaged
// files rejected with a sentence; then the rules on zips Info-ZIP's `zip` made from real folders.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintZip } from '../../../../src/core/lint/zip';
import { walkZip, type ZipEntry } from '../../../../src/core/lint/zip/read';
import { hasTool, makeZip, SCRIPT_BOOTSTRAP, withoutUnixModes } from './helpers';

let work: string;
before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lrk-zip-read-'));
});
after(() => rm(work, { recursive: true, force: true }));

describe('walkZip', () => {
  it('visits every entry in order with its Unix mode, kind and sizes', async () => {
    const file = await makeZip(path.join(work, 'modes.zip'), [
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 },
      { name: 'lib/' },
      { name: 'lib/link', data: 'target', mode: 0o120777 },
    ]);
    const seen: ZipEntry[] = [];
    const summary = await walkZip(file, async (entry) => void seen.push(entry));
    assert.equal(summary.entryCount, 3);
    assert.deepEqual(
      seen.map((entry) => [entry.name, entry.mode?.toString(8), entry.isDirectory, entry.isSymlink, entry.madeBy]),
      [
        ['bootstrap', '100755', false, false, 'Unix'],
        ['lib/', '40755', true, false, 'Unix'],
        ['lib/link', '120777', false, true, 'Unix'],
      ],
    );
    assert.equal(seen[0]!.uncompressedSize, SCRIPT_BOOTSTRAP.length);
  });

  it('has no mode for entries made by MS-DOS (the patched zip), and still tells folders', async () => {
    const file = await makeZip(path.join(work, 'dos.zip'), [{ name: 'bootstrap', data: 'x' }, { name: 'lib/' }]);
    await withoutUnixModes(file);
    const seen: ZipEntry[] = [];
    await walkZip(file, async (entry) => void seen.push(entry));
    assert.deepEqual(
      seen.map((entry) => [entry.name, entry.mode, entry.isDirectory, entry.madeBy]),
      [
        ['bootstrap', undefined, false, 'MS-DOS/FAT'],
        ['lib/', undefined, true, 'MS-DOS/FAT'],
      ],
    );
  });

  it("reads a range of an entry's content, and no further than the entry", async () => {
    const text = 'abcdefghij'.repeat(10_000);
    const file = await makeZip(path.join(work, 'range.zip'), [{ name: 'data.txt', data: text }]);
    const reads: string[] = [];
    await walkZip(file, async (_entry, read) => {
      reads.push((await read(5)).toString(), (await read(4, 99_998)).toString(), (await read(10, 200_000)).toString());
    });
    assert.deepEqual(reads, ['abcde', 'ij', '']);
  });

  it('reads a central directory bigger than its 1 MB read window, and entries after it', async () => {
    const long = 'd'.repeat(800);
    const entries = Array.from({ length: 1500 }, (_, i) => ({ name: `${long}/${i}.txt`, data: `${i}`, stored: true }));
    const file = await makeZip(path.join(work, 'many.zip'), entries);
    let visited = 0;
    let last = '';
    await walkZip(file, async (_entry, read) => {
      visited += 1;
      if (visited === 1500) last = (await read(10)).toString();
      else if (visited % 500 === 0) assert.equal((await read(10)).toString(), `${visited - 1}`);
    });
    assert.equal(visited, 1500);
    assert.equal(last, '1499');
  });

  it('rejects a file that is no zip, or a truncated one, with a sentence', async () => {
    const notZip = path.join(work, 'not.zip');
    await writeFile(notZip, 'hello\n');
    await assert.rejects(
      walkZip(notZip, async () => {}),
      /^Error: it is not a zip file Lambda can extract \(/,
    );
    const good = await makeZip(path.join(work, 'cut.zip'), [{ name: 'a', data: 'x'.repeat(1000) }]);
    const bytes = await readFile(good);
    await writeFile(good, bytes.subarray(0, bytes.length - 10));
    await assert.rejects(lintZip(good), /not a zip file Lambda can extract|damaged/);
  });
});

describe('zips made by Info-ZIP zip', { skip: hasTool('zip', ['-v']) ? false : 'Info-ZIP zip is absent' }, () => {
  let folder: string;
  before(async () => {
    folder = path.join(work, 'my-function');
    await mkdir(path.join(folder, 'lib'), { recursive: true });
    await writeFile(path.join(folder, 'bootstrap'), SCRIPT_BOOTSTRAP.replace(/\n/g, '\r\n'));
    await chmod(path.join(folder, 'bootstrap'), 0o755);
    await writeFile(path.join(folder, 'secret.txt'), 'x');
    await chmod(path.join(folder, 'secret.txt'), 0o600);
    await symlink('missing.so.1', path.join(folder, 'lib', 'libmissing.so'));
    await symlink('../../outside.txt', path.join(folder, 'lib', 'escape'));
  });

  const zip = (cwd: string, output: string, args: string[]) => {
    const result = spawnSync('zip', ['-q', '-r', '-y', output, ...args], { cwd });
    assert.equal(result.status, 0, result.stderr?.toString());
    return output;
  };

  it("finds CRLF, an unreadable file and both broken links in a zip of the folder's contents", async () => {
    const file = zip(folder, path.join(work, 'flat.zip'), ['.']);
    const findings = await lintZip(file);
    assert.deepEqual(
      findings.map((finding) => finding.code),
      ['zip-crlf', 'zip-unreadable', 'zip-symlink', 'zip-symlink'],
      findings.map((finding) => finding.message).join('\n'),
    );
    assert.match(findings[1]!.message, /secret\.txt \(600\)/);
  });

  it('says the folder was zipped instead of its contents', async () => {
    const file = zip(work, path.join(work, 'nested.zip'), ['my-function']);
    const findings = await lintZip(file);
    assert.equal(findings[0]?.code, 'zip-no-bootstrap');
    assert.match(findings[0]!.message, /It has my-function\/bootstrap: the zip was made of the folder my-function\//);
  });
});
