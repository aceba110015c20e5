// `lambda-runtime-kit lint` end to end: real files in a temporary project, the real engine, the contract's
// exit statuses and formats.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runLint } from '../../../src/cli/lint';

const GOOD_BOOTSTRAP = `#!/bin/sh
set -euo pipefail
source "$LAMBDA_TASK_ROOT/$(echo "$_HANDLER" | cut -d. -f1).sh"
while true
do
  HEADERS="$(mktemp)"
  EVENT_DATA=$(curl -sS -LD "$HEADERS" "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  RESPONSE=$($(echo "$_HANDLER" | cut -d. -f2) "$EVENT_DATA")
  curl -sS "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/response" -d "$RESPONSE"
done
`;

let root: string;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runLint(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) }, root);
  return { status, stdout, stderr };
}

async function project(name: string, files: Record<string, { text: string; mode?: number }>) {
  const folder = path.join(root, name);
  for (const [file, { text, mode }] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), text);
    await chmod(path.join(folder, file), mode ?? 0o644);
  }
  return folder;
}

describe('lambda-runtime-kit lint', () => {
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lrk-lint-cli-'));
    await project('good', {
      bootstrap: { text: GOOD_BOOTSTRAP, mode: 0o755 },
      'function.sh': { text: 'function handler () {\n  echo "$1"\n}\n' },
    });
    await project('not-executable', { bootstrap: { text: GOOD_BOOTSTRAP, mode: 0o644 } });
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('exits 0 with no error or warning of our rules on a correct bootstrap (the AWS tutorial)', async () => {
    const { status, stdout } = await run(['good', '--format', 'json']);
    const findings = JSON.parse(stdout);
    assert.deepEqual(
      findings.filter(
        (finding: { severity: string; code: string }) =>
          !finding.code.startsWith('SC') && (finding.severity === 'error' || finding.severity === 'warning'),
      ),
      [],
    );
    assert.equal(status, 0);
  });

  it('exits 1 and reports exec-bit at line 1 for a bootstrap without execute permission', async () => {
    const { status, stdout } = await run(['not-executable', '--format', 'json']);
    assert.equal(status, 1);
    const execBit = JSON.parse(stdout).find((finding: { code: string }) => finding.code === 'exec-bit');
    assert.ok(execBit, stdout);
    assert.equal(execBit.file, path.join('not-executable', 'bootstrap'));
    assert.equal(execBit.line, 1);
    assert.equal(execBit.severity, 'error');
  });

  it('searches directories: the text format names the file and the rule', async () => {
    const { status, stdout } = await run([]);
    assert.equal(status, 1);
    assert.match(stdout, /^not-executable\/bootstrap:1:1: error: .* \[exec-bit\]$/m);
    assert.match(stdout, /2 files checked/);
  });

  it('writes SARIF 2.1.0 with the finding at its relative location', async () => {
    const { stdout } = await run(['not-executable', '--format', 'sarif']);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results.find((item: { ruleId: string }) => item.ruleId === 'exec-bit');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'not-executable/bootstrap');
  });

  it('exits 2 with a clear message on a path that does not exist or an unknown format', async () => {
    const missing = await run(['no-such-folder']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such-folder/);
    const format = await run(['good', '--format', 'xml']);
    assert.equal(format.status, 2);
    assert.match(format.stderr, /unknown format 'xml'/);
  });
});
