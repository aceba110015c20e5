// The linter follows the files a bootstrap sources: the AWS tutorial's `$LAMBDA_TASK_ROOT/"$(echo $_HANDLER | cut
// -d. -f1).sh"` through the template's Handler, `$(dirname "$0")/…`, `${BASH_SOURCE%/*}/…`, relative paths, and a
// sourced file that sources another (and back). Findings inside a sourced file are reported in that file.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintDocument, lintSourcedFile, readLintDocument } from '../../../../src/core/lint/engine';
import type { Finding } from '../../../../src/core/lint/types';
import { codes, fixturePath, NO_SHELLCHECK } from './helpers';

const SOURCED = (...parts: string[]) => fixturePath('sourced', ...parts);

async function lint(file: string): Promise<Finding[]> {
  return lintDocument(await readLintDocument(file), NO_SHELLCHECK, 'bootstrap');
}

const serious = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
const inFile = (findings: readonly Finding[], name: string) =>
  findings.filter((finding) => path.basename(finding.file) === name);

let scratch: string;
before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'lrk-sourced-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('sourced files', () => {
  it("follows the AWS tutorial's handler file through the template's Handler: no false alarm", async () => {
    const findings = await lint(SOURCED('tutorial', 'hello', 'bootstrap'));
    assert.deepEqual(serious(findings), []);
    assert.deepEqual(codes(findings), ['no-error-reporting']);
  });

  it('reports no-response-post when the sourced handler never posts', async () => {
    const findings = await lint(SOURCED('no-response-post', 'bootstrap'));
    assert.deepEqual(codes(serious(findings)), ['no-response-post']);
  });

  it('still gives a bootstrap whose sourced file posts the benefit of the doubt', async () => {
    const folder = path.join(scratch, 'posts');
    await cp(SOURCED('no-response-post'), folder, { recursive: true });
    const post =
      'curl -sS -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$1/response" -d "$2"';
    await writeFile(path.join(folder, 'handler.sh'), `handler() {\n  echo "$1"\n}\nrespond() {\n  ${post}\n}\n`);
    assert.deepEqual(codes(serious(await lint(path.join(folder, 'bootstrap')))), []);
  });

  it("reports unset-variable in the sourced file, naming the bootstrap, and sees the bootstrap's variables", async () => {
    const findings = await lint(SOURCED('unset-variable', 'bootstrap'));
    const unset = findings.filter((finding) => finding.code === 'unset-variable');
    assert.equal(unset.length, 1, JSON.stringify(findings, null, 1));
    assert.equal(unset[0]!.file, SOURCED('unset-variable', 'lib.sh'));
    assert.match(unset[0]!.message, /`SALUTATION`/);
    assert.match(unset[0]!.message, /lib\.sh is sourced by bootstrap/);
    assert.equal(unset[0]!.range.start.line, 2);
    assert.deepEqual(serious(inFile(findings, 'bootstrap')), []);
  });

  it('reports handler-missing when the function the Handler names is defined nowhere', async () => {
    const findings = await lint(SOURCED('handler-missing', 'fn', 'bootstrap'));
    const missing = findings.filter((finding) => finding.code === 'handler-missing');
    assert.equal(missing.length, 1);
    assert.equal(missing[0]!.severity, 'error');
    assert.equal(missing[0]!.file, SOURCED('handler-missing', 'fn', 'bootstrap'));
    assert.equal(missing[0]!.range.start.line, 18);
    assert.match(missing[0]!.message, /`function\.handler` \(template\.yaml \(HelloFunction\)\).*`handler`/);
  });

  it('reports handler-missing at the source command when the file the Handler names is absent', async () => {
    const folder = path.join(scratch, 'no-file');
    await cp(SOURCED('tutorial'), folder, { recursive: true });
    const template = path.join(folder, 'template.yaml');
    await writeFile(template, (await readFile(template, 'utf8')).replace('function.handler', 'main.handler'));
    const findings = await lint(path.join(folder, 'hello', 'bootstrap'));
    const missing = findings.filter((finding) => finding.code === 'handler-missing');
    assert.equal(missing.length, 1, JSON.stringify(findings, null, 1));
    assert.equal(missing[0]!.range.start.line, 5);
    assert.match(missing[0]!.message, /`main\.sh`/);
  });

  it('keeps its caution for helper libraries sourced from /opt (a layer): no false alarm', async () => {
    const findings = await lint(SOURCED('opt-library', 'bootstrap'));
    assert.deepEqual(serious(findings), []);
  });

  it('follows a sourced file that sources another, and back, reading each once', async () => {
    const findings = await lint(SOURCED('nested', 'bootstrap'));
    // post.sh posts the response and the error: nothing to say about the loop; TRACE_HEADER is set nowhere.
    assert.deepEqual(
      findings.map((finding) => [path.relative(SOURCED('nested'), finding.file), finding.code]),
      [['lib/post.sh', 'unset-variable']],
    );
    assert.match(findings[0]!.message, /post\.sh is sourced by \.\.\/bootstrap/);
  });

  it('without a Handler, reads every *.sh beside the bootstrap for the tutorial pattern', async () => {
    const folder = path.join(scratch, 'no-template');
    await cp(SOURCED('no-response-post'), folder, { recursive: true });
    const bootstrap = path.join(folder, 'bootstrap');
    const text = (await readFile(bootstrap, 'utf8')).replace(
      'source "$(dirname "$0")/handler.sh"',
      'source $LAMBDA_TASK_ROOT/"$(echo $_HANDLER | cut -d. -f1).sh"',
    );
    await writeFile(bootstrap, text, { mode: 0o755 });
    assert.deepEqual(codes(serious(await lint(bootstrap))), ['no-response-post']);
  });

  it('reports Windows line endings in a sourced file, in that file', async () => {
    const folder = path.join(scratch, 'crlf');
    await cp(SOURCED('no-response-post'), folder, { recursive: true });
    const handler = path.join(folder, 'handler.sh');
    await writeFile(handler, (await readFile(handler, 'utf8')).replace(/\n/g, '\r\n'));
    const crlf = (await lint(path.join(folder, 'bootstrap'))).filter((finding) => finding.code === 'crlf');
    assert.deepEqual(
      crlf.map((finding) => finding.file),
      [handler],
    );
    assert.match(crlf[0]!.message, /command not found.*handler\.sh is sourced by bootstrap/s);
  });

  it('gives the findings inside a sourced file when that file is linted on its own (as the editor does)', async () => {
    const findings = await lintSourcedFile(SOURCED('unset-variable', 'lib.sh'), NO_SHELLCHECK);
    assert.deepEqual(codes(findings), ['unset-variable']);
    assert.deepEqual(await lintSourcedFile(SOURCED('tutorial', 'hello', 'function.sh'), NO_SHELLCHECK), []);
  });
});
