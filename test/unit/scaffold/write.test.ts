// writeScaffold on a real folder: LF and mode 0755, conflicts asked only for differing files and obeyed, nothing
// else touched, and bad input (a path out of the folder, a symbolic link, a repeated path) writes nothing at all.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeScaffold } from '../../../src/core/scaffold';
import type { ConflictAnswer, ConflictResolver, ScaffoldFile } from '../../../src/core/scaffold/types';

const FILES: ScaffoldFile[] = [
  { path: 'bootstrap', content: '#!/bin/sh\r\necho hi\r\n', role: 'bootstrap', executable: true },
  { path: 'function.sh', content: 'handler() { echo "$1"; }\n', role: 'handler' },
  { path: 'events/event.json', content: '{"name": "World"}\n', role: 'event' },
];

let scratch: string;
before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'lrk-write-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A resolver that answers `answer` and records what it was asked. */
function recorder(answer: ConflictAnswer): ConflictResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (file: ScaffoldFile, absolute: string) => {
    asked.push(file.path);
    assert.equal(absolute, path.resolve(absolute), 'an absolute path');
    return answer;
  };
  return Object.assign(resolve, { asked });
}

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

let count = 0;
const freshDir = () => path.join(scratch, `case-${(count += 1)}`);

describe('writeScaffold', () => {
  it('creates the folder, writes LF text and makes the bootstrap executable (0755)', async () => {
    const dir = path.join(freshDir(), 'nested', 'project');
    const report = await writeScaffold(dir, FILES, recorder('keep'));
    assert.deepEqual(report, { written: ['bootstrap', 'function.sh', 'events/event.json'], kept: [] });
    assert.equal(await readFile(path.join(dir, 'bootstrap'), 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal((await stat(path.join(dir, 'bootstrap'))).mode & 0o777, 0o755);
    assert.equal((await stat(path.join(dir, 'function.sh'))).mode & 0o111, 0, 'only the bootstrap is executable');
  });

  it('keeps identical files without asking, and gives a kept bootstrap back its execute bits', async () => {
    const dir = freshDir();
    await writeScaffold(dir, FILES, recorder('keep'));
    await chmod(path.join(dir, 'bootstrap'), 0o644);
    const resolve = recorder('overwrite');
    const report = await writeScaffold(dir, FILES, resolve);
    assert.deepEqual(resolve.asked, []);
    assert.deepEqual(report, { written: [], kept: ['bootstrap', 'function.sh', 'events/event.json'] });
    assert.equal((await stat(path.join(dir, 'bootstrap'))).mode & 0o777, 0o755);
  });

  it('asks only for differing files and keeps them when told, touching nothing else', async () => {
    const dir = freshDir();
    await writeScaffold(dir, FILES, recorder('keep'));
    await writeFile(path.join(dir, 'function.sh'), 'mine\n');
    await writeFile(path.join(dir, 'notes.txt'), 'unrelated\n');
    const resolve = recorder('keep');
    const report = await writeScaffold(dir, FILES, resolve);
    assert.deepEqual(resolve.asked, ['function.sh']);
    assert.deepEqual(report.written, []);
    assert.equal(await readFile(path.join(dir, 'function.sh'), 'utf8'), 'mine\n');
    assert.equal(await readFile(path.join(dir, 'notes.txt'), 'utf8'), 'unrelated\n');
    assert.deepEqual(await listAll(dir), ['bootstrap', 'events/event.json', 'function.sh', 'notes.txt']);
  });

  it('overwrites a differing file when told, and an overwritten bootstrap is executable', async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'bootstrap'), 'old\n', { mode: 0o600 });
    const resolve = recorder('overwrite');
    const report = await writeScaffold(dir, FILES, resolve);
    assert.deepEqual(resolve.asked, ['bootstrap']);
    assert.deepEqual(report.written, ['bootstrap', 'function.sh', 'events/event.json']);
    assert.equal(await readFile(path.join(dir, 'bootstrap'), 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal((await stat(path.join(dir, 'bootstrap'))).mode & 0o777, 0o755);
  });

  for (const bad of ['../escape', '/etc/passwd', 'a/../../b', 'a\\b', '', 'a//b', './a', 'C:/x']) {
    it(`refuses the path ${JSON.stringify(bad)} and writes nothing`, async () => {
      const dir = freshDir();
      const files = [FILES[1], { path: bad, content: 'x\n', role: 'source' as const }];
      await assert.rejects(writeScaffold(dir, files, recorder('overwrite')), /relative path inside the folder/);
      await assert.rejects(stat(path.join(dir, 'function.sh')), /ENOENT/);
    });
  }

  it('never writes through a symbolic link, even one inside the folder', async () => {
    const dir = freshDir();
    const outside = path.join(scratch, `outside-${count}.txt`);
    await writeFile(outside, 'precious\n');
    await mkdir(dir, { recursive: true });
    await symlink(outside, path.join(dir, 'function.sh'));
    await assert.rejects(writeScaffold(dir, FILES, recorder('overwrite')), /symbolic link/);
    assert.equal(await readFile(outside, 'utf8'), 'precious\n');
    await assert.rejects(stat(path.join(dir, 'bootstrap')), /ENOENT/, 'nothing half-written');
  });

  it('refuses a folder link that leads out of the folder, follows one that stays inside', async () => {
    const dir = freshDir();
    const elsewhere = path.join(scratch, `elsewhere-${count}`);
    await mkdir(elsewhere, { recursive: true });
    await mkdir(path.join(dir, 'real-events'), { recursive: true });
    await symlink(elsewhere, path.join(dir, 'events'));
    await assert.rejects(writeScaffold(dir, FILES, recorder('overwrite')), /leads out of/);
    assert.deepEqual(await readdir(elsewhere), []);
    await rm(path.join(dir, 'events'));
    await symlink(path.join(dir, 'real-events'), path.join(dir, 'events'));
    const report = await writeScaffold(dir, FILES, recorder('overwrite'));
    assert.ok(report.written.includes('events/event.json'));
    assert.equal(await readFile(path.join(dir, 'real-events', 'event.json'), 'utf8'), '{"name": "World"}\n');
  });

  it('refuses a repeated path, and a file where a folder belongs, writing nothing', async () => {
    const dir = freshDir();
    await assert.rejects(writeScaffold(dir, [FILES[1], FILES[1]], recorder('keep')), /lists function\.sh twice/);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'events'), 'a file\n');
    await assert.rejects(writeScaffold(dir, FILES, recorder('keep')), /is not a folder/);
    await assert.rejects(stat(path.join(dir, 'bootstrap')), /ENOENT/);
  });
});
