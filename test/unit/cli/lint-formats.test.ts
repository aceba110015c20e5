import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatFindings, toJsonFindings } from '../../../src/cli/lint-formats';
import { ruleFinding } from '../../../src/core/lint/rules';
import type { Finding } from '../../../src/core/lint/types';

const cwd = path.resolve('/project');
const range = (line: number, character: number, endCharacter: number) => ({
  start: { line, character },
  end: { line, character: endCharacter },
});
const findings: Finding[] = [
  ruleFinding('exec-bit', path.join(cwd, 'fn', 'bootstrap'), range(0, 0, 0), 'bootstrap is not executable'),
  ruleFinding('hardcoded-api-host', path.join(cwd, 'fn', 'bootstrap'), range(4, 10, 24), 'use $AWS_LAMBDA_RUNTIME_API'),
  {
    file: path.join(cwd, 'fn', 'bootstrap'),
    range: range(6, 2, 8),
    severity: 'info',
    code: 'SC2086',
    message: 'Double quote to prevent globbing',
    source: 'shellcheck',
    url: 'https://www.shellcheck.net/wiki/SC2086',
  },
];

describe('lint output formats', () => {
  it('json: 1-based positions, paths relative to the working folder, the contract fields only', () => {
    const [first, second] = toJsonFindings(findings, cwd);
    assert.deepEqual(first, {
      file: path.join('fn', 'bootstrap'),
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      severity: 'error',
      code: 'exec-bit',
      message: 'bootstrap is not executable',
    });
    assert.equal(second!.column, 11);
    assert.equal(second!.endColumn, 25);
    const parsed = JSON.parse(formatFindings('json', findings, 1, cwd));
    assert.equal(parsed.length, 3);
  });

  it('text: compiler-style lines and a summary', () => {
    const text = formatFindings('text', findings, 2, cwd);
    assert.match(text, /^fn\/bootstrap:1:1: error: bootstrap is not executable \[exec-bit\]$/m);
    assert.match(text, /^fn\/bootstrap:5:11: warning: .* \[hardcoded-api-host\]$/m);
    assert.match(text, /2 files checked: 1 error, 1 warning, 1 info\./);
    assert.match(formatFindings('text', [], 1, cwd), /1 file checked, no problems found\./);
  });

  it('sarif: version 2.1.0, one rule per id, results that point at their rule and a relative location', () => {
    const sarif = JSON.parse(formatFindings('sarif', findings, 1, cwd));
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((rule: { id: string }) => rule.id),
      ['SC2086', 'exec-bit', 'hardcoded-api-host'],
    );
    assert.equal(run.tool.driver.rules[0].helpUri, 'https://www.shellcheck.net/wiki/SC2086');
    for (const result of run.results) {
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, {
        uri: 'fn/bootstrap',
        uriBaseId: '%SRCROOT%',
      });
    }
    assert.deepEqual(
      run.results.map((result: { level: string }) => result.level),
      ['error', 'warning', 'note'],
    );
    assert.equal(run.results[1].locations[0].physicalLocation.region.startColumn, 11);
  });
});
