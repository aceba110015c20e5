import { execa } from 'execa';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintDocument } from '../../../src/core/lint/engine';
import { DEFAULT_LINT_OPTIONS } from '../../../src/core/lint/types';
import { convertsToLf } from '../../../src/server/code-actions';
import { ruleLink } from '../../../src/server/diagnostics';
import { appendLine, applyFileOperation, executableMode } from '../../../src/server/file-operations';
import { executableExists } from '../../../src/server/shellcheck-notice';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-fileops-'));
});
after(() => rm(root, { recursive: true, force: true }));

describe('executableMode', () => {
  it('makes the file readable and executable for everyone and keeps the write and special bits', () => {
    assert.equal(executableMode(0o100644), 0o755);
    assert.equal(executableMode(0o640), 0o755, 'Lambda runs it as another user: others need r-x');
    assert.equal(executableMode(0o600), 0o755);
    assert.equal(executableMode(0o664), 0o775, 'group write kept');
    assert.equal(executableMode(0o4644), 0o4755, 'setuid kept');
    assert.equal(executableMode(0o755), 0o755);
  });
});

describe('appendLine', () => {
  it('creates the file, appends once, keeps the existing text and its line endings', async () => {
    const file = path.join(root, '.gitattributes');
    await appendLine(file, 'bootstrap text eol=lf');
    assert.equal(await readFile(file, 'utf8'), 'bootstrap text eol=lf\n');
    await appendLine(file, 'bootstrap text eol=lf');
    assert.equal(await readFile(file, 'utf8'), 'bootstrap text eol=lf\n', 'no duplicate line');

    const crlf = path.join(root, 'crlf-attributes');
    await writeFile(crlf, '*.png binary\r\n*.sh text');
    await appendLine(crlf, 'bootstrap text eol=lf');
    assert.equal(await readFile(crlf, 'utf8'), '*.png binary\r\n*.sh text\r\nbootstrap text eol=lf\r\n');
  });
});

describe('applyFileOperation', () => {
  it('chmod-executable makes the file executable', async () => {
    const file = path.join(root, 'bootstrap');
    await writeFile(file, '#!/bin/sh\n', { mode: 0o644 });
    await applyFileOperation({ kind: 'chmod-executable', file }, false);
    assert.equal((await stat(file)).mode & 0o777, 0o755);
  });

  it('git-chmod-executable records mode 100755 in the index, and is refused when untrusted', async (t) => {
    if (!(await executableExists('git'))) return t.skip('git is not installed');
    const repo = await mkdtemp(path.join(root, 'repo-'));
    const git = (...args: string[]) => execa('git', args, { cwd: repo });
    await git('init', '-q');
    const file = path.join(repo, 'bootstrap');
    await writeFile(file, '#!/bin/sh\n', { mode: 0o644 });
    await git('add', 'bootstrap');
    await assert.rejects(applyFileOperation({ kind: 'git-chmod-executable', file }, false), /untrusted/);
    assert.match((await git('ls-files', '-s', 'bootstrap')).stdout, /^100644 /);
    await applyFileOperation({ kind: 'git-chmod-executable', file }, true);
    assert.match((await git('ls-files', '-s', 'bootstrap')).stdout, /^100755 /);
  });
});

describe('code action helpers', () => {
  it('recognises an edit that only turns CRLF into LF', () => {
    const text = 'a\r\nb\r\n';
    const eol = (line: number) => ({
      range: { start: { line, character: 1 }, end: { line: line + 1, character: 0 } },
      newText: '\n',
    });
    assert.equal(convertsToLf(text, [eol(0), eol(1)]), true);
    assert.equal(convertsToLf(text, [eol(0)]), false, 'one line left CRLF');
    assert.equal(convertsToLf('a\nb\n', []), false, 'nothing to convert');
  });

  it('links our rules into docs/rules.md and ShellCheck codes to its wiki', () => {
    const base = {
      file: '/x',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: 'm',
    };
    const ours = { ...base, code: 'exec-bit', severity: 'error', source: 'lambda-runtime-kit' } as const;
    assert.equal(ruleLink(ours, 'file:///ext/docs/rules.md'), 'file:///ext/docs/rules.md#exec-bit');
    assert.equal(
      ruleLink({ ...ours, url: 'docs/rules.md#exec-bit' }, 'file:///e/docs/rules.md'),
      'file:///e/docs/rules.md#exec-bit',
    );
    const shellcheck = { ...base, code: 'SC2086', severity: 'info', source: 'shellcheck' } as const;
    assert.equal(ruleLink(shellcheck, undefined), 'https://www.shellcheck.net/wiki/SC2086');
    assert.equal(
      ruleLink({ ...shellcheck, url: 'https://example.test/SC2086' }, undefined),
      'https://example.test/SC2086',
    );
  });
});

describe('remove-bom', () => {
  it('is the fix for a byte-order mark the editor hides, and leaves a bootstrap the shebang rule accepts', async () => {
    const file = path.join(root, 'bom', 'bootstrap');
    await mkdir(path.dirname(file), { recursive: true });
    const text = '#!/bin/sh\nexec ./app\n';
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), { mode: 0o755 });
    const options = { ...DEFAULT_LINT_OPTIONS, trusted: false };
    // The editor's text has no BOM; the bytes from disk do.
    const doc = { file, bytes: await readFile(file), text };
    const shebang = (await lintDocument(doc, options)).filter((finding) => finding.code === 'shebang');
    assert.equal(shebang.length, 1);
    const operations = shebang[0]!.fixes?.flatMap((fix) => fix.operations ?? []) ?? [];
    assert.deepEqual(operations, [{ kind: 'remove-bom', file }]);

    await applyFileOperation(operations[0]!, false);
    const bytes = await readFile(file);
    assert.equal(bytes.toString(), text, 'only the three BOM bytes are gone');
    const after = await lintDocument({ file, bytes, text }, options);
    assert.deepEqual(
      after.filter((finding) => finding.code === 'shebang'),
      [],
    );
    await applyFileOperation(operations[0]!, false);
    assert.equal((await readFile(file)).toString(), text, 'a file without BOM is left as it is');
  });
});
