// No false alarms on correct runtimes: the AWS tutorial's bootstrap and function.sh ("Tutorial: Building a custom
// runtime", Lambda developer guide) and bootstraps that hand off to another program with `exec`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { DEFAULT_LINT_OPTIONS, type Finding } from '../../../../src/core/lint/types';
import { codes, lintFixture, target } from './helpers';

const serious = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');

const TARGETS = [
  target({ base: 'provided.al2023' }),
  target({ base: 'provided.al2' }),
  target({ base: 'provided.al2023', baseImage: 'public.ecr.aws/lambda/provided:al2023', source: 'Dockerfile' }),
];

describe('the AWS tutorial and hand-off bootstraps', () => {
  for (const runtime of TARGETS) {
    const where = runtime.baseImage ?? runtime.base;
    it(`finds no error or warning in the tutorial's bootstrap on ${where}`, async () => {
      const findings = await lintFixture('tutorial/bootstrap', { target: runtime });
      assert.deepEqual(serious(findings), []);
      // It reports no errors to Lambda, which is worth an info.
      assert.deepEqual(codes(findings), ['no-error-reporting']);
    });

    it(`finds nothing in the tutorial's function.sh (a sourced handler, no shebang) on ${where}`, async () => {
      assert.deepEqual(await lintFixture('tutorial/function.sh', { target: runtime }), []);
    });

    it(`finds nothing in the hand-off bootstraps on ${where}`, async () => {
      for (const fixture of ['handoff/bootstrap', 'handoff/bootstrap-binary']) {
        assert.deepEqual(await lintFixture(fixture, { target: runtime }), [], fixture);
      }
      const python = target({ ...runtime, installedTools: new Set(['python3']) });
      assert.deepEqual(await lintFixture('handoff/bootstrap-python', { target: python }), []);
    });
  }

  it('tells when a hand-off goes to an interpreter the image lacks', async () => {
    assert.deepEqual(codes(await lintFixture('handoff/bootstrap-python')), ['interpreter-missing']);
  });

  it('runs ShellCheck on the tutorial: a non-constant source and unquoted words, no error', async (t) => {
    if (spawnSync('shellcheck', ['--version']).error !== undefined) {
      t.skip('ShellCheck is not installed (apt-get install shellcheck)');
      return;
    }
    const findings = await lintFixture('tutorial/bootstrap', { options: DEFAULT_LINT_OPTIONS });
    const shellcheck = findings.filter((finding) => finding.source === 'shellcheck');
    // ShellCheck 0.9 here: SC1090 (non-constant source, warning) on line 6 and SC2086 (unquoted, info) twice.
    assert.ok(shellcheck.some((finding) => finding.code === 'SC1090' && finding.range.start.line === 5));
    assert.ok(shellcheck.some((finding) => finding.code === 'SC2086'));
    assert.deepEqual(
      shellcheck.filter((finding) => finding.severity === 'error'),
      [],
    );
    assert.ok(shellcheck.every((finding) => finding.url === `https://www.shellcheck.net/wiki/${finding.code}`));
  });
});
