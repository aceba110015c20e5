import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { SHELLCHECK_MISSING_NOTIFICATION, TRUST_GRANTED_NOTIFICATION } from '../../../src/server/protocol';
import { executableExists } from '../../../src/server/shellcheck-notice';
import { LspHarness, withCode } from './lsp-harness';

const FIXTURE = path.join(import.meta.dirname, '..', '..', 'fixtures', 'workspaces', 'lint', 'bootstrap');
/** A line ShellCheck always has something to say about (SC2086, unquoted expansion), and our rules do not. */
const SHELLCHECK_BAIT = 'cd $LAMBDA_TASK_ROOT\n';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lrk-server-settings-'));
});
after(() => rm(root, { recursive: true, force: true }));

async function bootstrapIn(name: string, mode: number, extra = ''): Promise<{ file: string; text: string }> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'bootstrap');
  const fixture = await readFile(FIXTURE, 'utf8');
  // After the `set` line, so the shebang stays on line 1.
  const text = fixture.replace('set -euo pipefail\n', `set -euo pipefail\n${extra}`);
  await writeFile(file, text, { mode });
  return { file, text };
}

const shellcheckCodes = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((diagnostic) => /^SC\d+$/.test(String(diagnostic.code)));

describe('settings', () => {
  it('pulls lambdaRuntime.lint for the document and applies `off` and severity overrides when they change', async () => {
    const harness = await LspHarness.start();
    try {
      const { file, text } = await bootstrapIn('rules', 0o644);
      const uri = await harness.open(file, text);
      const [execBit] = withCode(
        await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length > 0),
        'exec-bit',
      );
      assert.equal(execBit!.severity, 1);
      const scoped = JSON.stringify(harness.configurationRequests);
      assert.ok(scoped.includes(uri) && scoped.includes('lambdaRuntime.lint'), `asked for ${scoped}`);

      await harness.setSettings({ rules: { 'exec-bit': 'warning' } });
      await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit')[0]?.severity === 2);

      await harness.setSettings({ rules: { 'exec-bit': 'off' } });
      await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 0);

      await harness.setSettings({ enabled: false });
      await harness.diagnostics(uri, (all) => all.length === 0);

      await harness.setSettings({});
      await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 1);
    } finally {
      await harness.stop();
    }
  });

  it('runs no ShellCheck in an untrusted workspace, and does once trust is granted', async (t) => {
    if (!(await executableExists('shellcheck')))
      return t.skip('ShellCheck is not installed (apt-get install shellcheck)');
    const harness = await LspHarness.start({ trusted: false });
    try {
      const { file, text } = await bootstrapIn('untrusted', 0o755, SHELLCHECK_BAIT);
      const uri = await harness.open(file, text);
      const untrusted = await harness.diagnostics(uri, () => true);
      assert.deepEqual(shellcheckCodes(untrusted), [], 'ShellCheck ran in an untrusted workspace');
      await harness.connection.sendNotification(TRUST_GRANTED_NOTIFICATION);
      const trusted = await harness.diagnostics(uri, (all) => shellcheckCodes(all).length > 0);
      const [first] = shellcheckCodes(trusted);
      assert.equal(first!.source, 'shellcheck');
      assert.match(String(first!.codeDescription?.href), /^https:\/\/www\.shellcheck\.net\/wiki\/SC\d+$/);
      assert.equal(harness.notifications.filter((n) => n.method === SHELLCHECK_MISSING_NOTIFICATION).length, 0);
    } finally {
      await harness.stop();
    }
  });

  it('tells the client once that ShellCheck is missing, and lints without it', async () => {
    const missing = path.join(root, 'no-such-dir', 'shellcheck');
    const harness = await LspHarness.start({ settings: { shellcheck: { enabled: true, path: missing } } });
    try {
      const first = await bootstrapIn('missing-1', 0o644, SHELLCHECK_BAIT);
      const second = await bootstrapIn('missing-2', 0o644, SHELLCHECK_BAIT);
      const uris = [await harness.open(first.file, first.text), await harness.open(second.file, second.text)];
      for (const uri of uris) {
        const diagnostics = await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 1);
        assert.deepEqual(shellcheckCodes(diagnostics), []);
      }
      const notices = harness.notifications.filter((n) => n.method === SHELLCHECK_MISSING_NOTIFICATION);
      assert.deepEqual(notices, [{ method: SHELLCHECK_MISSING_NOTIFICATION, params: { path: missing } }]);
    } finally {
      await harness.stop();
    }
  });

  it('says nothing about a missing ShellCheck that would not run anyway (untrusted, or disabled)', async () => {
    const missing = path.join(root, 'no-such-dir', 'shellcheck');
    for (const [trusted, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const harness = await LspHarness.start({ trusted, settings: { shellcheck: { enabled, path: missing } } });
      try {
        const { file, text } = await bootstrapIn(`quiet-${trusted}-${enabled}`, 0o644);
        const uri = await harness.open(file, text);
        await harness.diagnostics(uri, (all) => withCode(all, 'exec-bit').length === 1);
        assert.deepEqual(
          harness.notifications.filter((n) => n.method === SHELLCHECK_MISSING_NOTIFICATION),
          [],
        );
      } finally {
        await harness.stop();
      }
    }
  });
});
