// ShellCheck through the shell linter: levels, codes, links, positions and its fixes; and no harm when absent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it, type TestContext } from 'node:test';
import { lintShellBootstrap, shellcheckStatus } from '../../../../src/core/lint/shell';
import { DEFAULT_LINT_OPTIONS, type Finding, type LintOptions } from '../../../../src/core/lint/types';
import { applyEdits, lintFixture, lintText, target } from './helpers';

const INSTALLED = spawnSync('shellcheck', ['--version']).error === undefined;
const WITH_SHELLCHECK: LintOptions = { ...DEFAULT_LINT_OPTIONS, shellcheck: { enabled: true, path: 'shellcheck' } };

function needShellcheck(t: TestContext): boolean {
  if (!INSTALLED) t.skip('ShellCheck is not installed (apt-get install shellcheck)');
  return INSTALLED;
}

const fromShellcheck = (findings: readonly Finding[]) => findings.filter((finding) => finding.source === 'shellcheck');

describe('ShellCheck in the shell linter', () => {
  it('follows the files the bootstrap sources from its folder: no SC1091 where the file exists', async (t) => {
    if (!needShellcheck(t)) return;
    const findings = fromShellcheck(
      await lintFixture('sourced/unset-variable/bootstrap', { options: WITH_SHELLCHECK }),
    );
    assert.deepEqual(
      findings.filter((finding) => finding.code === 'SC1091' || finding.code === 'SC2034'),
      [],
      'lib.sh is followed, and uses GREETING',
    );
    const layer = fromShellcheck(await lintFixture('sourced/opt-library/bootstrap', { options: WITH_SHELLCHECK }));
    assert.equal(layer.filter((finding) => finding.code === 'SC1091').length, 2, 'files under /opt are not here');
  });

  it('maps codes, levels and links, and converts positions (tabs, characters outside the BMP)', async (t) => {
    if (!needShellcheck(t)) return;
    const text = '#!/bin/bash\n\tif true; then\n\t\techo $x\n\tfi\nécho😀 $y\n';
    const findings = fromShellcheck(await lintText(text, { options: WITH_SHELLCHECK }));
    const quoting = findings.filter((finding) => finding.code === 'SC2086');
    assert.equal(quoting.length, 2);
    for (const finding of quoting) {
      assert.equal(finding.severity, 'info');
      assert.equal(finding.url, 'https://www.shellcheck.net/wiki/SC2086');
      const line = text.split('\n')[finding.range.start.line]!;
      assert.match(line.slice(finding.range.start.character, finding.range.end.character), /^\$[xy]$/);
    }
    const unassigned = findings.find((finding) => finding.code === 'SC2154');
    assert.equal(unassigned?.severity, 'warning');
    assert.equal(shellcheckStatus('shellcheck').state, 'ok');
  });

  it("maps style to hint and applies ShellCheck's own fix", async (t) => {
    if (!needShellcheck(t)) return;
    const text = '#!/bin/bash\nfiles=$(ls)\nfor f in $files; do echo "$f"; done\nx=`date`\necho "$x"\n';
    const findings = fromShellcheck(await lintText(text, { options: WITH_SHELLCHECK }));
    const backticks = findings.find((finding) => finding.code === 'SC2006');
    assert.ok(backticks !== undefined, JSON.stringify(findings.map((finding) => finding.code)));
    assert.equal(backticks.severity, 'hint');
    const fix = backticks.fixes?.[0];
    assert.ok(fix?.edits !== undefined);
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed, /x=\$\(date\)/);
    const after = fromShellcheck(await lintText(fixed, { options: WITH_SHELLCHECK }));
    assert.ok(!after.some((finding) => finding.code === 'SC2006'));
  });

  it('checks a #!/bin/sh script as sh where sh is not bash, and as bash on Amazon Linux', async (t) => {
    if (!needShellcheck(t)) return;
    const text = '#!/bin/sh\nif [[ -n "$HOME" ]]; then echo home; fi\n';
    const asSh = fromShellcheck(
      await lintText(text, { options: WITH_SHELLCHECK, target: target({ shIsBash: false }) }),
    );
    assert.ok(
      asSh.some((finding) => /^SC3\d{3}$/.test(finding.code)),
      'POSIX sh warnings expected',
    );
    const asBash = fromShellcheck(await lintText(text, { options: WITH_SHELLCHECK }));
    assert.ok(!asBash.some((finding) => /^SC3\d{3}$/.test(finding.code)));
  });

  it('leaves the carriage-return finding to our crlf rule', async (t) => {
    if (!needShellcheck(t)) return;
    const findings = await lintText('#!/bin/sh\r\necho hi\r\n', { options: WITH_SHELLCHECK });
    assert.ok(!findings.some((finding) => finding.code === 'SC1017'));
    assert.ok(findings.some((finding) => finding.code === 'crlf'));
  });

  it('stops ShellCheck when the lint is cancelled or takes too long', async (t) => {
    if (!needShellcheck(t)) return;
    const body = 'f_N() {\n  local a="$1"\n  if [[ -n $a ]]; then echo "${a//x/y}" | tr -d x; fi\n}\n';
    let text = '#!/bin/bash\n';
    for (let index = 0; index < 400; index++) text += body.replaceAll('N', String(index));
    const controller = new AbortController();
    const started = performance.now();
    const pending = lintShellBootstrap(
      { file: '/tmp/bootstrap', bytes: new TextEncoder().encode(text), text },
      target(),
      WITH_SHELLCHECK,
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    assert.deepEqual(fromShellcheck(await pending), []);
    assert.ok(performance.now() - started < 2000);
    const late = await lintShellBootstrap(
      { file: '/tmp/bootstrap', bytes: new TextEncoder().encode(text), text },
      target(),
      WITH_SHELLCHECK,
      { shellcheckTimeoutMs: 1 },
    );
    assert.deepEqual(fromShellcheck(late), []);
    assert.deepEqual(shellcheckStatus('shellcheck'), {
      state: 'failed',
      path: 'shellcheck',
      message: 'it took too long',
    });
  });

  it('is not an error when the executable is missing, and says so through shellcheckStatus', async () => {
    const path = '/nonexistent/bin/shellcheck';
    const options: LintOptions = { ...DEFAULT_LINT_OPTIONS, shellcheck: { enabled: true, path } };
    const findings = await lintText('#!/bin/sh\necho $x\n', { options });
    assert.deepEqual(fromShellcheck(findings), []);
    assert.deepEqual(shellcheckStatus(path), { state: 'missing', path });
  });

  it('does not run in an untrusted workspace or when disabled', async () => {
    const path = '/nonexistent/untrusted/shellcheck';
    for (const options of [
      { ...DEFAULT_LINT_OPTIONS, trusted: false, shellcheck: { enabled: true, path } },
      { ...DEFAULT_LINT_OPTIONS, shellcheck: { enabled: false, path } },
    ]) {
      assert.deepEqual(fromShellcheck(await lintText('#!/bin/sh\necho $x\n', { options })), []);
    }
    assert.deepEqual(shellcheckStatus(path), { state: 'unknown' }, 'it was never started');
  });

  it('is not run on a non-shell bootstrap', async () => {
    const path = '/nonexistent/python/shellcheck';
    const options: LintOptions = { ...DEFAULT_LINT_OPTIONS, shellcheck: { enabled: true, path } };
    await lintText('#!/usr/bin/env python3\nprint("hi")\n', { options });
    assert.deepEqual(shellcheckStatus(path), { state: 'unknown' });
  });
});
