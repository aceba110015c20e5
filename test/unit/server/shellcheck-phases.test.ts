import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { executableExists } from '../../../src/server/shellcheck-notice';
import { LspHarness, withCode } from './lsp-harness';

const FIXTURE = path.join(import.meta.dirname, '..', '..', 'fixtures', 'workspaces', 'lint', 'bootstrap');

const shellcheckCodes = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((diagnostic) => /^SC\d+$/.test(String(diagnostic.code)));

/** About 5,000 lines: ShellCheck takes a second or more on it, our rules a few tens of milliseconds. */
function largeScript(fixture: string): string {
  const block = (index: number) =>
    [
      `handle_${index}() {`,
      '  local event="$1"',
      '  local count=0',
      '  for item in alpha beta gamma; do',
      '    count=$((count + 1))',
      `    printf '%s %s %d\\n' "${index}" "$item" "$count" >&2`,
      '  done',
      '  if [[ "$event" == *error* ]]; then',
      '    return 1',
      '  fi',
      `  printf '{"route":${index},"count":%d}\\n' "$count"`,
      '}',
      '',
    ].join('\n');
  const blocks = Array.from({ length: 380 }, (_, index) => block(index)).join('\n');
  // The unquoted expansion is ShellCheck's (SC2086), not one of our rules.
  return fixture.replace('set -euo pipefail\n', `set -euo pipefail\ncd $LAMBDA_TASK_ROOT\n${blocks}\n`);
}

it('on a file ShellCheck is slow on, publishes our findings first and ShellCheck’s after', async (t) => {
  if (!(await executableExists('shellcheck')))
    return t.skip('ShellCheck is not installed (apt-get install shellcheck)');
  const root = await mkdtemp(path.join(tmpdir(), 'lrk-server-phases-'));
  const harness = await LspHarness.start();
  try {
    const file = path.join(root, 'bootstrap');
    const text = largeScript(await readFile(FIXTURE, 'utf8'));
    await writeFile(file, text, { mode: 0o644 });
    const uri = await harness.open(file, text);
    // The first lint runs everything at once and learns that ShellCheck is slow here.
    await harness.diagnostics(uri, (all) => shellcheckCodes(all).length > 0, 60_000);

    const position = { line: 3, character: 0 };
    await harness.edit(uri, { start: position, end: position }, '# edited\n');
    const version = harness.version(uri);
    const ofVersion = () => harness.published.filter((params) => params.uri === uri && params.version === version);
    await harness.until(
      () => ofVersion().some((params) => shellcheckCodes(params.diagnostics).length > 0),
      60_000,
      () => `ShellCheck's findings for version ${version}`,
    );
    const [first, ...rest] = ofVersion();
    assert.ok(first && rest.length > 0, 'two publications for the edit');
    assert.deepEqual(shellcheckCodes(first.diagnostics), [], 'the first has our findings only');
    assert.equal(withCode(first.diagnostics, 'exec-bit').length, 1, 'and ours are in it');
    const last = rest.at(-1)!;
    assert.equal(withCode(last.diagnostics, 'exec-bit').length, 1, 'the full one keeps ours');
  } finally {
    await harness.stop();
    await rm(root, { recursive: true, force: true });
  }
});
