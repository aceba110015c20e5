// Every shell rule against its failing and passing fixtures, and every quick fix applied to its fixture.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuntimeTarget } from '../../../../src/core/project/types';
import { RULES } from '../../../../src/core/lint/rules';
import { SHELL_RULE_IDS } from '../../../../src/core/lint/shell';
import type { Finding } from '../../../../src/core/lint/types';
import { applyEdits, fixturePath, fixtureText, lintText, ofRule, target } from './helpers';

interface Case {
  readonly rule: string;
  readonly fixture: string;
  /** How many findings of the rule: exactly this number. */
  readonly count: number;
  /** 1-based line of the first finding. */
  readonly line?: number;
  readonly target?: RuntimeTarget;
  /** Whether every finding offers at least one fix. */
  readonly fixable?: boolean;
  /** Text to find in the first finding's message. */
  readonly says?: RegExp;
  /** Keep a byte-order mark in the text (as an editor that shows it would). */
  readonly keepBom?: boolean;
}

const debian = target({ baseImage: 'debian:bookworm-slim', shIsBash: false });

const CASES: readonly Case[] = [
  { rule: 'no-event-loop', fixture: 'no-event-loop/bad', count: 1, line: 4, fixable: true, says: /not inside a loop/ },
  { rule: 'no-event-loop', fixture: 'no-event-loop/good', count: 0 },
  {
    rule: 'no-event-loop',
    fixture: 'no-event-loop/bad-exit-in-loop',
    count: 1,
    line: 3,
    says: /always stops at the `exit` on line 6/,
  },
  { rule: 'no-response-post', fixture: 'no-response-post/bad', count: 1, line: 5, says: /never posts/ },
  { rule: 'no-response-post', fixture: 'no-response-post/good', count: 0 },
  { rule: 'no-response-post', fixture: 'sourced/no-response-post/bootstrap', count: 1, line: 7, says: /never posts/ },
  {
    rule: 'handler-missing',
    fixture: 'sourced/handler-missing/fn/bootstrap',
    target: target({ handler: 'function.handler' }),
    count: 1,
    line: 19,
    says: /names the function `handler`, which is defined nowhere/,
  },
  {
    rule: 'handler-missing',
    fixture: 'sourced/tutorial/hello/bootstrap',
    target: target({ handler: 'function.handler' }),
    count: 0,
  },
  {
    rule: 'syntax',
    fixture: 'syntax/bad-while-without-do',
    count: 1,
    line: 2,
    fixable: true,
    says: /`while` without `do`/,
  },
  {
    rule: 'syntax',
    fixture: 'syntax/bad-if-without-then',
    count: 1,
    line: 2,
    fixable: true,
    says: /`if` without `then`/,
  },
  { rule: 'syntax', fixture: 'syntax/bad-missing-done', count: 1, line: 2, fixable: true, says: /`done` is missing/ },
  { rule: 'syntax', fixture: 'syntax/bad-missing-fi', count: 1, line: 2, fixable: true, says: /`fi` is missing/ },
  { rule: 'syntax', fixture: 'syntax/bad-unterminated-quote', count: 1, line: 2, says: /never closed/ },
  {
    rule: 'syntax',
    fixture: 'syntax/bad-apostrophe',
    count: 1,
    line: 3,
    says: /Unterminated single-quoted string: the `'` on line 3 is never closed/,
  },
  { rule: 'syntax', fixture: 'syntax/good', count: 0 },
  { rule: 'crlf', fixture: 'crlf/bad', count: 1, line: 1, fixable: true, says: /CRLF.*3 lines/ },
  { rule: 'crlf', fixture: 'crlf/good', count: 0 },
  { rule: 'shebang', fixture: 'shebang/bad-missing', count: 1, line: 1, fixable: true, says: /No shebang/ },
  { rule: 'shebang', fixture: 'shebang/bad-line-3', count: 1, line: 3, fixable: true, says: /on line 3/ },
  {
    rule: 'shebang',
    fixture: 'shebang/bad-bom',
    count: 1,
    line: 1,
    fixable: true,
    keepBom: true,
    says: /byte-order mark/,
  },
  { rule: 'shebang', fixture: 'shebang/bad-indented', count: 1, line: 1, fixable: true, says: /indented/ },
  { rule: 'shebang', fixture: 'shebang/bad-relative', count: 1, line: 1, fixable: true, says: /not an absolute path/ },
  { rule: 'shebang', fixture: 'shebang/good', count: 0 },
  { rule: 'shebang', fixture: 'shebang/good-library.sh', count: 0 },
  { rule: 'interpreter-missing', fixture: 'interpreter-missing/bad-shebang', count: 1, line: 1, says: /`python3`/ },
  {
    rule: 'interpreter-missing',
    fixture: 'interpreter-missing/bad-exec',
    count: 1,
    line: 3,
    says: /dnf install -y python3/,
  },
  {
    rule: 'interpreter-missing',
    fixture: 'interpreter-missing/bad-exec',
    count: 1,
    target: target({ base: 'provided.al2' }),
    says: /yum install -y python3/,
  },
  {
    rule: 'interpreter-missing',
    fixture: 'interpreter-missing/good-installed',
    count: 0,
    target: target({ installedTools: new Set(['python3']) }),
  },
  { rule: 'interpreter-missing', fixture: 'interpreter-missing/good-bundled', count: 0 },
  {
    rule: 'interpreter-missing',
    fixture: 'interpreter-missing/bad-exec',
    count: 0,
    target: target({ baseImage: 'public.ecr.aws/lambda/python:3.12' }),
  },
  {
    rule: 'hardcoded-api-host',
    fixture: 'hardcoded-api-host/bad',
    count: 1,
    line: 5,
    fixable: true,
    says: /localhost:9001/,
  },
  { rule: 'hardcoded-api-host', fixture: 'hardcoded-api-host/bad-assignment', count: 1, line: 2, fixable: true },
  { rule: 'hardcoded-api-host', fixture: 'hardcoded-api-host/bad-single-quoted', count: 1, line: 4, fixable: true },
  { rule: 'hardcoded-api-host', fixture: 'hardcoded-api-host/good', count: 0 },
  { rule: 'api-path', fixture: 'api-path/bad-version', count: 1, line: 3, fixable: true, says: /not `2019-01-01`/ },
  {
    rule: 'api-path',
    fixture: 'api-path/bad-missing-id',
    count: 1,
    line: 7,
    fixable: true,
    says: /needs the request id/,
  },
  { rule: 'api-path', fixture: 'api-path/bad-typo', count: 2, line: 5, fixable: true, says: /`invocations` should be/ },
  { rule: 'api-path', fixture: 'api-path/bad-invoke-api', count: 1, line: 4, says: /Invoke API/ },
  {
    rule: 'api-path',
    fixture: 'api-path/bad-no-endpoint',
    count: 1,
    line: 6,
    says: /`\/invocation\/\$ID` stops at the request id/,
  },
  { rule: 'api-path', fixture: 'api-path/good', count: 0 },
  {
    rule: 'request-id-header',
    fixture: 'request-id-header/bad-case',
    count: 1,
    line: 6,
    fixable: true,
    says: /case-sensitive/,
  },
  {
    rule: 'request-id-header',
    fixture: 'request-id-header/bad-carriage-return',
    count: 1,
    line: 6,
    fixable: true,
    says: /`\\r`/,
  },
  { rule: 'request-id-header', fixture: 'request-id-header/good', count: 0 },
  { rule: 'next-timeout', fixture: 'next-timeout/bad', count: 1, line: 5, fixable: true, says: /`-m 30`/ },
  {
    rule: 'next-timeout',
    fixture: 'next-timeout/bad-max-time',
    count: 1,
    line: 5,
    fixable: true,
    says: /--max-time 30/,
  },
  { rule: 'next-timeout', fixture: 'next-timeout/bad-cluster', count: 1, line: 5, fixable: true },
  {
    rule: 'next-timeout',
    fixture: 'next-timeout/bad-timeout-command',
    count: 1,
    line: 5,
    fixable: true,
    says: /timeout 60/,
  },
  { rule: 'next-timeout', fixture: 'next-timeout/good', count: 0 },
  {
    rule: 'unset-variable',
    fixture: 'unset-variable/bad',
    count: 1,
    line: 7,
    fixable: true,
    says: /Did you mean `REQUEST_ID`/,
  },
  { rule: 'unset-variable', fixture: 'unset-variable/bad-no-suggestion', count: 1, line: 3, fixable: true },
  { rule: 'unset-variable', fixture: 'unset-variable/good', count: 0 },
  { rule: 'no-error-reporting', fixture: 'no-error-reporting/bad', count: 1, line: 5 },
  { rule: 'no-error-reporting', fixture: 'no-error-reporting/good', count: 0 },
  { rule: 'missing-tool', fixture: 'missing-tool/bad', count: 2, line: 7, says: /`jq`.*used 2 times/ },
  {
    rule: 'missing-tool',
    fixture: 'missing-tool/bad',
    count: 1,
    target: target({ base: 'provided.al2', installedTools: new Set(['aws']) }),
    says: /yum install -y jq/,
  },
  {
    rule: 'missing-tool',
    fixture: 'missing-tool/good-installed',
    count: 0,
    target: target({ installedTools: new Set(['jq', 'aws']) }),
  },
  { rule: 'missing-tool', fixture: 'missing-tool/good-checked', count: 0 },
  { rule: 'bashism', fixture: 'bashism/bad', count: 5, line: 5, fixable: true, target: debian, says: /`\[\[/ },
  { rule: 'bashism', fixture: 'bashism/bad', count: 0 },
  { rule: 'bashism', fixture: 'bashism/good', count: 0, target: debian },
];

async function lintCase(text: string, testCase: Case): Promise<Finding[]> {
  return lintText(text, { file: fixturePath(testCase.fixture), target: testCase.target ?? target() });
}

describe('shell rules on their fixtures', () => {
  it('has a failing and a passing fixture for every shell rule', () => {
    const shellRules = SHELL_RULE_IDS;
    for (const id of shellRules)
      assert.ok(
        RULES.some((rule) => rule.id === id),
        `${id} is not in RULES`,
      );
    for (const id of shellRules) {
      assert.ok(
        CASES.some((testCase) => testCase.rule === id && testCase.count > 0),
        `${id} has no failing fixture`,
      );
      assert.ok(
        CASES.some((testCase) => testCase.rule === id && testCase.count === 0),
        `${id} has no passing fixture`,
      );
    }
  });

  for (const testCase of CASES) {
    const label = `${testCase.rule}: ${testCase.fixture}${testCase.target ? ` (${testCase.target.baseImage ?? testCase.target.base})` : ''}`;
    it(`${label} → ${testCase.count} finding(s)`, async () => {
      const text = fixtureText(testCase.fixture, testCase.keepBom);
      const findings = ofRule(await lintCase(text, testCase), testCase.rule);
      assert.equal(
        findings.length,
        testCase.count,
        JSON.stringify(
          findings.map((f) => f.message),
          null,
          1,
        ),
      );
      if (testCase.count === 0) return;
      const first = findings[0]!;
      assert.equal(first.source, 'lambda-runtime-kit');
      assert.equal(first.severity, RULES.find((rule) => rule.id === testCase.rule)!.severity);
      if (testCase.line !== undefined) assert.equal(first.range.start.line + 1, testCase.line);
      if (testCase.says !== undefined) assert.match(first.message, testCase.says);
      if (testCase.fixable) {
        for (const finding of findings) assert.ok((finding.fixes ?? []).length > 0, `no fix for: ${finding.message}`);
      }
    });
    if (!testCase.fixable || testCase.count === 0) continue;
    it(`${label}: each quick fix makes the finding go away`, async () => {
      const text = fixtureText(testCase.fixture, testCase.keepBom);
      const findings = ofRule(await lintCase(text, testCase), testCase.rule);
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          assert.ok((fix.edits ?? []).length > 0, `${fix.title} has no text edit`);
          const fixed = applyEdits(text, fix.edits ?? []);
          const after = await lintCase(fixed, testCase);
          const remaining = ofRule(after, testCase.rule);
          assert.ok(remaining.length < findings.length, `after "${fix.title}":\n${fixed}`);
          if (findings.length === 1) assert.equal(remaining.length, 0, `after "${fix.title}":\n${fixed}`);
          if (testCase.rule !== 'syntax' && !testCase.fixture.startsWith('syntax/')) {
            assert.deepEqual(ofRule(after, 'syntax'), [], `"${fix.title}" broke the syntax:\n${fixed}`);
          }
        }
      }
    });
  }
});
