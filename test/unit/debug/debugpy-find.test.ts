// Finding debugpy without making F5 wait: beside an interpreter binary on the file system, otherwise by asking the
// interpreters (in parallel), each answer kept until the interpreter file changes. Fake interpreters stand in for
// python: an "ELF" file (only its magic number is read) and shell scripts that answer the probe and count calls.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { debugpyBesideInterpreter, findDebugpy, forgetDebugpyProbes } from '../../../src/core/debug/debugpy-find';

async function file(target: string, text: string, mode = 0o644): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
  await chmod(target, mode);
  return target;
}

/** A prefix with bin/python3.11 (an ELF file) and, when `withDebugpy`, debugpy in lib/python3.11/site-packages. */
async function prefix(root: string, withDebugpy: boolean): Promise<string> {
  const python = await file(path.join(root, 'bin', 'python3.11'), '\x7fELF fake interpreter', 0o755);
  if (withDebugpy) {
    const site = path.join(root, 'lib', 'python3.11', 'site-packages', 'debugpy');
    await file(path.join(site, '__init__.py'), '');
    await file(path.join(site, '_version.py'), 'version_json = """\n{\n "version": "1.8.1"\n}\n"""\n');
  }
  return python;
}

/** A script interpreter that answers the probe with `answer` (or fails) and counts its runs in `count`. */
async function scriptPython(dir: string, name: string, answer: string | undefined): Promise<string> {
  const count = path.join(dir, `${name}.count`);
  const body = answer === undefined ? 'exit 1' : `printf '%s\\n%s' ${answer}`;
  return file(path.join(dir, name), `#!/bin/sh\necho run >> '${count}'\n${body}\n`, 0o755);
}

async function runs(script: string): Promise<number> {
  return (await readFile(`${script}.count`, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

describe('finding debugpy', () => {
  beforeEach(() => forgetDebugpyProbes());

  test('beside an interpreter binary: its site-packages, with the version; a venv before its base', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'lrk-debugpy-find-'));
    const python = await prefix(path.join(root, 'usr'), true);
    const found = debugpyBesideInterpreter(python, root);
    assert.equal(found?.packageDir, path.join(root, 'usr', 'lib', 'python3.11', 'site-packages', 'debugpy'));
    assert.equal(found?.version, '1.8.1');

    const venv = path.join(root, 'venv');
    await mkdir(path.join(venv, 'bin'), { recursive: true });
    await symlink(python, path.join(venv, 'bin', 'python'));
    await file(path.join(venv, 'pyvenv.cfg'), 'home = /usr/bin\n');
    await file(path.join(venv, 'lib', 'python3.11', 'site-packages', 'debugpy', '__init__.py'), '');
    const inVenv = debugpyBesideInterpreter(path.join(venv, 'bin', 'python'), root);
    assert.equal(inVenv?.packageDir, path.join(venv, 'lib', 'python3.11', 'site-packages', 'debugpy'));

    const bare = await prefix(path.join(root, 'opt'), false);
    assert.equal(debugpyBesideInterpreter(bare, root), undefined);
    const script = await scriptPython(root, 'shim', '/x/debugpy 1.0');
    assert.equal(debugpyBesideInterpreter(script, root), undefined, 'a script only tells by running');
  });

  test('a debugpy on the file system is taken without running any interpreter', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'lrk-debugpy-find-'));
    const shim = await scriptPython(root, 'python3', '/elsewhere/debugpy 1.0');
    const system = await prefix(path.join(root, 'usr'), true);
    const found = await findDebugpy([shim, system]);
    assert.equal(found?.python, system);
    assert.equal(await runs(shim), 0);
  });

  test('otherwise the interpreters are asked once each, the first in order wins, and the answers are kept', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'lrk-debugpy-find-'));
    const without = await scriptPython(root, 'python-without', undefined);
    const first = await scriptPython(root, 'python-first', '/first/debugpy 1.2.3');
    const second = await scriptPython(root, 'python-second', '/second/debugpy 4.5.6');
    const found = await findDebugpy([without, first, second]);
    assert.deepEqual(found, { python: first, packageDir: '/first/debugpy', version: '1.2.3' });
    assert.deepEqual([await runs(without), await runs(first), await runs(second)], [1, 1, 1], 'asked in parallel');

    // The package folder of a kept answer must still exist to be reused; a missing one is asked again.
    const real = path.join(root, 'pkg', 'debugpy');
    await file(path.join(real, '__init__.py'), '');
    const kept = await scriptPython(root, 'python-kept', `${real} 7.0`);
    await findDebugpy([without, kept]);
    await findDebugpy([without, kept]);
    assert.deepEqual([await runs(without), await runs(kept)], [1, 1], 'nothing asked twice');

    // A changed interpreter file is asked again.
    await writeFile(kept, (await readFile(kept, 'utf8')).replace('7.0', '7.1'));
    assert.equal((await findDebugpy([kept]))?.version, '7.1');
    assert.equal(await runs(kept), 2);
    assert.equal(await findDebugpy([without]), undefined);
    assert.equal(await runs(without), 1, 'a kept "no debugpy" is not asked again either');
  });
});
