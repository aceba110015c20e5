// `exec-bit` and `git-exec-bit` on real files and a real git repository, with their fixes carried out as the
// language server does (chmod, git update-index --chmod=+x).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { lintFileMode } from '../../../src/core/lint/file-mode';
import { DEFAULT_LINT_OPTIONS, type FileOperation, type Finding } from '../../../src/core/lint/types';
import { REPO_ROOT } from '../helpers';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'shell', 'exec-bit', 'bootstrap');
const GIT = spawnSync('git', ['--version']).error === undefined;
const UNTRUSTED = { ...DEFAULT_LINT_OPTIONS, trusted: false };

function git(folder: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd: folder, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/** Carries out a fix's file operations as the server does. */
async function perform(operations: readonly FileOperation[]): Promise<void> {
  for (const operation of operations) {
    if (operation.kind === 'chmod-executable') await chmod(operation.file, (await stat(operation.file)).mode | 0o111);
    if (operation.kind === 'git-chmod-executable') {
      git(path.dirname(operation.file), 'update-index', '--chmod=+x', '--', path.basename(operation.file));
    }
  }
}

const codes = (findings: readonly Finding[]) => findings.map((finding) => finding.code);

describe('file mode rules', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'lrk-mode-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function copy(name: string, mode: number): Promise<string> {
    const file = path.join(folder, name, 'bootstrap');
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(FIXTURE, file);
    await chmod(file, mode);
    return file;
  }

  it('reports a bootstrap without execute bits, on line 1, and its chmod fix clears it', async () => {
    const file = await copy('plain', 0o644);
    const findings = await lintFileMode(file, DEFAULT_LINT_OPTIONS);
    assert.deepEqual(codes(findings), ['exec-bit']);
    const [finding] = findings;
    assert.equal(finding!.severity, 'error');
    assert.deepEqual(finding!.range.start, { line: 0, character: 0 });
    assert.match(finding!.message, /not executable \(mode 644\)/);
    assert.deepEqual(finding!.fixes![0]!.operations, [{ kind: 'chmod-executable', file }]);
    await perform(finding!.fixes![0]!.operations!);
    assert.deepEqual(await lintFileMode(file, DEFAULT_LINT_OPTIONS), []);
  });

  it('reports a bootstrap executable only by its owner (Lambda runs it as another user)', async () => {
    const file = await copy('owner', 0o744);
    const findings = await lintFileMode(file, DEFAULT_LINT_OPTIONS);
    assert.deepEqual(codes(findings), ['exec-bit']);
    assert.match(findings[0]!.message, /only for some users \(mode 744\)/);
  });

  it('finds nothing on an executable bootstrap, a missing file or a folder', async () => {
    assert.deepEqual(await lintFileMode(await copy('good', 0o755), DEFAULT_LINT_OPTIONS), []);
    assert.deepEqual(await lintFileMode(path.join(folder, 'nope', 'bootstrap'), DEFAULT_LINT_OPTIONS), []);
    assert.deepEqual(await lintFileMode(folder, DEFAULT_LINT_OPTIONS), []);
  });

  function needGit(t: TestContext): boolean {
    if (!GIT) t.skip('git is not installed');
    return GIT;
  }

  it('reports a bootstrap tracked as 100644, and both fixes clear both findings', async (t) => {
    if (!needGit(t)) return;
    const file = await copy('repo', 0o644);
    const repository = path.dirname(file);
    git(repository, 'init', '-q');
    git(repository, 'add', 'bootstrap');
    assert.match(git(repository, 'ls-files', '-s'), /^100644 /);
    const findings = await lintFileMode(file, DEFAULT_LINT_OPTIONS);
    assert.deepEqual(codes(findings), ['exec-bit', 'git-exec-bit']);
    const [execBit, gitExecBit] = findings;
    assert.equal(gitExecBit!.severity, 'warning');
    assert.deepEqual(execBit!.fixes![0]!.operations, [
      { kind: 'chmod-executable', file },
      { kind: 'git-chmod-executable', file },
    ]);
    assert.deepEqual(gitExecBit!.fixes![0]!.operations, [{ kind: 'git-chmod-executable', file }]);
    await perform(execBit!.fixes![0]!.operations!);
    assert.match(git(repository, 'ls-files', '-s'), /^100755 /);
    assert.deepEqual(await lintFileMode(file, DEFAULT_LINT_OPTIONS), []);
  });

  it('reports the git mode even when the file on disk is executable (a clone would lose it)', async (t) => {
    if (!needGit(t)) return;
    const file = await copy('repo-disk-ok', 0o644);
    const repository = path.dirname(file);
    git(repository, 'init', '-q');
    git(repository, 'add', 'bootstrap');
    await chmod(file, 0o755);
    const findings = await lintFileMode(file, DEFAULT_LINT_OPTIONS);
    assert.deepEqual(codes(findings), ['git-exec-bit']);
    await perform(findings[0]!.fixes![0]!.operations!);
    assert.deepEqual(await lintFileMode(file, DEFAULT_LINT_OPTIONS), []);
  });

  it('runs no git in an untrusted workspace', async (t) => {
    if (!needGit(t)) return;
    const file = await copy('repo-untrusted', 0o644);
    git(path.dirname(file), 'init', '-q');
    git(path.dirname(file), 'add', 'bootstrap');
    const findings = await lintFileMode(file, UNTRUSTED);
    assert.deepEqual(codes(findings), ['exec-bit']);
    assert.deepEqual(findings[0]!.fixes![0]!.operations, [{ kind: 'chmod-executable', file }]);
  });

  it('finds no git finding outside a repository or without git on PATH', async (t) => {
    const file = await copy('no-repo', 0o755);
    assert.deepEqual(await lintFileMode(file, DEFAULT_LINT_OPTIONS), []);
    if (!needGit(t)) return;
    const tracked = await copy('no-git', 0o644);
    git(path.dirname(tracked), 'init', '-q');
    git(path.dirname(tracked), 'add', 'bootstrap');
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(folder, 'empty-path');
    try {
      assert.deepEqual(codes(await lintFileMode(tracked, DEFAULT_LINT_OPTIONS)), ['exec-bit']);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('asks git again only when its index changed', async (t) => {
    if (!needGit(t)) return;
    const file = await copy('cached', 0o755);
    const repository = path.dirname(file);
    git(repository, 'init', '-q');
    assert.deepEqual(await lintFileMode(file, DEFAULT_LINT_OPTIONS), [], 'untracked');
    git(repository, 'add', 'bootstrap');
    assert.deepEqual(
      codes(await lintFileMode(file, DEFAULT_LINT_OPTIONS)),
      [],
      'tracked as 100755 (git add keeps the bit)',
    );
    git(repository, 'update-index', '--chmod=-x', 'bootstrap');
    assert.deepEqual(codes(await lintFileMode(file, DEFAULT_LINT_OPTIONS)), ['git-exec-bit']);
  });
});
