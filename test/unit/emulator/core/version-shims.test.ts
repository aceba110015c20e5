// The runtime's PATH skips pyenv's (rbenv's, nodenv's) shims where the version they would choose is plain to read.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { execa } from 'execa';
import { lambdaEnvironment, resolveFunction } from '../../../../src/core/emulator/launch';
import { bypassVersionShims, folderAndAncestors } from '../../../../src/core/emulator/version-shims';
import { which } from '../../../../src/core/executables';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'lrk-shims-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A manager's root as its installer leaves it: shims that exec the manager, versions with their bin folders. */
function managerRoot(name: string, versions: string[], global?: string): string {
  const root = mkdtempSync(path.join(scratch, `${name}-`));
  mkdirSync(path.join(root, 'shims'));
  // The shim's text as pyenv's rehash writes it (rbenv's and nodenv's differ only in the name).
  writeFileSync(
    path.join(root, 'shims', 'python3'),
    `#!/usr/bin/env bash\nset -e\nprogram="\${0##*/}"\nexport ${name.toUpperCase()}_ROOT="${root}"\n` +
      `exec "${root}/libexec/${name}" exec "$program" "$@"\n`,
  );
  for (const version of versions) mkdirSync(path.join(root, 'versions', version, 'bin'), { recursive: true });
  if (global) writeFileSync(path.join(root, 'version'), `${global}\n`);
  return root;
}

function project(versionFile?: { name: string; text: string }): string {
  const dir = mkdtempSync(path.join(scratch, 'project-'));
  mkdirSync(path.join(dir, 'task'));
  if (versionFile) writeFileSync(path.join(dir, versionFile.name), versionFile.text);
  return path.join(dir, 'task');
}

describe('version manager shims on the runtime PATH', () => {
  it("puts the global version's bin folder just before pyenv's shims", () => {
    const root = managerRoot('pyenv', ['3.11.7', '3.12.1'], '3.11.7');
    const task = project();
    assert.equal(
      bypassVersionShims(`/usr/local/bin:${root}/shims:/usr/bin`, {}, folderAndAncestors(task)),
      `/usr/local/bin:${root}/versions/3.11.7/bin:${root}/shims:/usr/bin`,
    );
  });

  it('reads a version file above the task root, and PYENV_VERSION before it, several versions in order', () => {
    const root = managerRoot('pyenv', ['3.11.7', '3.12.1', '3.13.0'], '3.11.7');
    const task = project({ name: '.python-version', text: '# pinned\n3.12.1 trailing words\n../escape\n3.13.0\n' });
    const dirs = folderAndAncestors(task);
    assert.equal(
      bypassVersionShims(`${root}/shims:/usr/bin`, {}, dirs),
      `${root}/versions/3.12.1/bin:${root}/versions/3.13.0/bin:${root}/shims:/usr/bin`,
    );
    assert.equal(
      bypassVersionShims(`${root}/shims:/usr/bin`, { PYENV_VERSION: '3.13.0' }, dirs),
      `${root}/versions/3.13.0/bin:${root}/shims:/usr/bin`,
    );
  });

  it('recognises rbenv and nodenv shims with their own version files', () => {
    const rbenv = managerRoot('rbenv', ['3.3.0']);
    const nodenv = managerRoot('nodenv', ['20.11.0']);
    const task = project({ name: '.ruby-version', text: '3.3.0\n' });
    writeFileSync(path.join(task, '.node-version'), '20.11.0\n');
    assert.equal(
      bypassVersionShims(`${rbenv}/shims:${nodenv}/shims`, {}, folderAndAncestors(task)),
      `${rbenv}/versions/3.3.0/bin:${rbenv}/shims:${nodenv}/versions/20.11.0/bin:${nodenv}/shims`,
    );
  });

  it('leaves PATH to the shim where the choice is not plain', () => {
    const root = managerRoot('pyenv', ['3.11.7'], '3.11.7');
    const pathValue = `${root}/shims:/usr/bin`;
    const dirs = folderAndAncestors(project());
    const unplain: Record<string, string>[] = [
      { PYENV_VERSION: 'system' },
      { PYENV_VERSION: '3.11' },
      { PYENV_DIR: '/elsewhere' },
    ];
    for (const env of unplain) {
      assert.equal(bypassVersionShims(pathValue, env, dirs), pathValue, JSON.stringify(env));
    }
    assert.equal(bypassVersionShims(pathValue, { PYENV_VERSION: '3.11.7:system' }, dirs), pathValue);
    // No version anywhere (no file, no global): the shim says what to do.
    const bare = managerRoot('pyenv', ['3.11.7']);
    assert.equal(bypassVersionShims(`${bare}/shims`, {}, dirs), `${bare}/shims`);
  });

  it('leaves folders named shims that are not a version manager', () => {
    const dir = path.join(mkdtempSync(path.join(scratch, 'other-')), 'shims');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'tool'), '#!/bin/sh\nexec /usr/bin/tool "$@"\n');
    mkdirSync(path.join(dir, '..', 'versions', '1', 'bin'), { recursive: true });
    writeFileSync(path.join(dir, '..', 'version'), '1\n');
    assert.equal(bypassVersionShims(`${dir}:/usr/bin`, {}, ['/']), `${dir}:/usr/bin`);
  });

  it("gives the runtime the version file in its folder, in place and in the sandbox (where /var is Lambda's)", () => {
    const root = managerRoot('pyenv', ['3.11.7', '3.12.1'], '3.11.7');
    const task = project({ name: '.python-version', text: '3.12.1\n' });
    const host = { PATH: `${root}/shims:/usr/bin` };
    const inPlace = resolveFunction({ name: 'fn', bootstrap: path.join(task, 'bootstrap') });
    assert.equal(
      lambdaEnvironment(inPlace, '127.0.0.1:1', 's', undefined, host).PATH.split(':')[0],
      `${root}/versions/3.12.1/bin`,
    );
    // The version file is above the task root, which the sandbox does not show: the global version is chosen.
    const sandboxed = { ...inPlace, sandbox: { bwrap: 'bwrap' } };
    assert.equal(
      lambdaEnvironment(sandboxed, '127.0.0.1:1', 's', undefined, host).PATH.split(':')[0],
      `${root}/versions/3.11.7/bin`,
    );
  });

  const pyenv = which('pyenv', (process.env.PATH ?? '').split(':'));
  it(
    'runs the python that pyenv itself would run',
    { skip: pyenv ? false : 'pyenv is not installed here' },
    async () => {
      const shims = (process.env.PATH ?? '').split(':').find((dir) => dir.endsWith('/shims')) ?? '';
      const task = project();
      const ask = 'import sys; print(sys.executable)';
      const viaShim = await execa('python3', ['-c', ask], { cwd: task });
      const bypassed = bypassVersionShims(process.env.PATH ?? '', {}, folderAndAncestors(task));
      assert.notEqual(bypassed, process.env.PATH, `the shims in ${shims} were not bypassed`);
      const direct = await execa('python3', ['-c', ask], { cwd: task, env: { PATH: bypassed } });
      assert.equal(direct.stdout, viaShim.stdout);
    },
  );
});
