// extractTaskRoot: a deployment zip extracted as Lambda extracts it, with the zip's modes, and nothing outside.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extractAgain, extractTaskRoot, ZipExtractError } from '../../../src/core/package/extract';
import { makeZip, renameEntry, SCRIPT_BOOTSTRAP, withoutUnixModes, type TestEntry } from '../lint/zip/helpers';

let work: string;
/** Where the task roots are made, so a test can see that none is left behind. */
let roots: string;
let count = 0;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lrk-extract-'));
  roots = path.join(work, 'roots');
  await mkdir(roots);
});
after(() => rm(work, { recursive: true, force: true }));

async function zip(entries: readonly TestEntry[]): Promise<string> {
  count += 1;
  return makeZip(path.join(work, `test-${count}.zip`), entries);
}

async function mode(file: string): Promise<number> {
  return (await lstat(file)).mode & 0o777;
}

async function refused(file: string, pattern: RegExp): Promise<void> {
  await assert.rejects(extractTaskRoot(file, { parent: roots }), (error: unknown) => {
    assert.ok(error instanceof ZipExtractError, String(error));
    assert.match(error.message, pattern);
    assert.ok(error.message.startsWith(file), 'the message names the zip');
    return true;
  });
  assert.deepEqual(await readdir(roots), [], 'the folder of a refused zip is removed');
}

describe('extractTaskRoot', () => {
  it("writes each entry with the zip's permission bits, links as links, and removes it all on dispose", async () => {
    const file = await zip([
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 },
      { name: 'handler.sh', data: 'echo hi\n', mode: 0o100644 },
      { name: 'secret.txt', data: 'only me\n', mode: 0o100600 },
      { name: 'lib/', mode: 0o40750 },
      { name: 'lib/tool', data: 'x', mode: 0o100700 },
      { name: 'lib/setuid', data: 'x', mode: 0o104755 },
      { name: 'current', data: 'lib/tool', mode: 0o120777 },
      { name: 'absolute', data: '/var/task/handler.sh', mode: 0o120777 },
      { name: 'layer-lib', data: '/opt/lib/libx.so', mode: 0o120777 },
      { name: 'deep/er/file.txt', data: 'implied folders', mode: 0o100644 },
    ]);
    const root = await extractTaskRoot(file, { parent: roots });
    try {
      assert.equal(await mode(root.taskRoot), 0o755, 'the task root is 0755, as /var/task');
      assert.equal(await mode(path.join(root.taskRoot, 'bootstrap')), 0o755);
      assert.equal(await readFile(path.join(root.taskRoot, 'bootstrap'), 'utf8'), SCRIPT_BOOTSTRAP);
      assert.equal(await mode(path.join(root.taskRoot, 'handler.sh')), 0o644);
      assert.equal(await mode(path.join(root.taskRoot, 'secret.txt')), 0o600);
      assert.equal(await mode(path.join(root.taskRoot, 'lib')), 0o750);
      assert.equal(await mode(path.join(root.taskRoot, 'lib', 'tool')), 0o700);
      assert.equal((await lstat(path.join(root.taskRoot, 'lib', 'setuid'))).mode & 0o7777, 0o755, 'no setuid here');
      assert.equal(await mode(path.join(root.taskRoot, 'deep', 'er')), 0o755);
      assert.equal(await readlink(path.join(root.taskRoot, 'current')), 'lib/tool');
      assert.equal(await readlink(path.join(root.taskRoot, 'absolute')), 'handler.sh', '/var/task/... points inside');
      assert.equal(await readlink(path.join(root.taskRoot, 'layer-lib')), '/opt/lib/libx.so');
      assert.equal(root.entries, 10);
    } finally {
      await root.dispose();
    }
    assert.equal(existsSync(root.taskRoot), false);
    await root.dispose();
  });

  it('gives files 0644 and folders 0755 in a zip without Unix modes (made on Windows): nothing executable', async () => {
    const file = await zip([
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 },
      { name: 'bin/', mode: 0o40700 },
      { name: 'bin/tool', data: 'x', mode: 0o100755 },
    ]);
    await withoutUnixModes(file);
    const root = await extractTaskRoot(file, { parent: roots });
    try {
      assert.equal(await mode(path.join(root.taskRoot, 'bootstrap')), 0o644);
      assert.equal(await mode(path.join(root.taskRoot, 'bin')), 0o755);
      assert.equal(await mode(path.join(root.taskRoot, 'bin', 'tool')), 0o644);
    } finally {
      await root.dispose();
    }
  });

  it('refuses a "zip slip" entry that climbs out of the folder, and writes nothing outside', async () => {
    const file = await zip([
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 },
      { name: 'xx/escaped.txt', data: 'owned', mode: 0o100644 },
    ]);
    await renameEntry(file, 'xx/escaped.txt', '../escaped.txt');
    await refused(file, /the entry \.\.\/escaped\.txt would be written outside .*zip slip/);
    assert.equal(existsSync(path.join(work, 'escaped.txt')), false);
    assert.equal(existsSync(path.join(roots, 'escaped.txt')), false);
  });

  it('refuses links that point outside the zip', async () => {
    await refused(
      await zip([{ name: 'passwd', data: '../../etc/passwd', mode: 0o120777 }]),
      /the link passwd points to \.\.\/\.\.\/etc\/passwd, outside the zip/,
    );
    await refused(
      await zip([{ name: 'passwd', data: '/etc/passwd', mode: 0o120777 }]),
      /the link passwd points to \/etc\/passwd, outside the zip/,
    );
  });

  it('refuses an entry that would be written through a link', async () => {
    await refused(
      await zip([
        { name: 'lib', data: 'elsewhere', mode: 0o120777 },
        { name: 'lib/evil.so', data: 'x', mode: 0o100644 },
      ]),
      /lib is both a link and a file or folder/,
    );
  });

  it('stops when its signal is aborted (Ctrl+C) and leaves no folder behind', async () => {
    const file = await zip([{ name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 }]);
    const aborted = AbortSignal.abort();
    await assert.rejects(extractTaskRoot(file, { parent: roots, signal: aborted }), /extraction interrupted/);
    assert.deepEqual(await readdir(roots), []);
  });

  it('refuses a file that is no zip, with the reason', async () => {
    const file = path.join(work, 'not-a.zip');
    await writeFile(file, 'hello');
    await refused(file, /not a zip file/);
  });
});

describe('extractAgain', () => {
  it("replaces an extraction's content in the same folder, with the new zip's modes; a bad zip changes nothing", async () => {
    const first = await zip([
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100755 },
      { name: 'old.sh', data: 'echo old\n', mode: 0o100644 },
      { name: 'locked/', mode: 0o40555 },
      { name: 'locked/file', data: 'x', mode: 0o100444 },
    ]);
    const second = await zip([
      { name: 'bootstrap', data: SCRIPT_BOOTSTRAP, mode: 0o100644 },
      { name: 'new.sh', data: 'echo new\n', mode: 0o100755 },
    ]);
    const root = await extractTaskRoot(first, { parent: roots });
    try {
      assert.equal(await extractAgain(second, root.taskRoot), 2);
      assert.deepEqual((await readdir(root.taskRoot)).sort(), ['bootstrap', 'new.sh']);
      assert.equal(await mode(path.join(root.taskRoot, 'bootstrap')), 0o644, "the new zip's mode");
      assert.equal(await mode(path.join(root.taskRoot, 'new.sh')), 0o755);
      assert.deepEqual(await readdir(roots), [path.basename(root.taskRoot)], 'nothing is left beside it');
      const notZip = path.join(work, 'again-not-a.zip');
      await writeFile(notZip, 'hello');
      await assert.rejects(extractAgain(notZip, root.taskRoot), ZipExtractError);
      assert.deepEqual((await readdir(root.taskRoot)).sort(), ['bootstrap', 'new.sh'], 'a bad zip changes nothing');
      assert.deepEqual(await readdir(roots), [path.basename(root.taskRoot)]);
    } finally {
      await root.dispose();
    }
  });
});
