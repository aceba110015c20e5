// check's three outputs: text for people, JSON for scripts (the contract's array), JUnit XML for CI.
import type { ScenarioResult } from './types';

const LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** Counts per status, as the summary line gives them. */
export function summary(results: readonly ScenarioResult[]): string {
  const count = (status: ScenarioResult['status']) => results.filter((result) => result.status === status).length;
  return `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`;
}

/** One result as text: the status, id and title, then the evidence and the fix, indented. */
export function formatResultText(result: ScenarioResult): string {
  const lines = [`${LABEL[result.status]}  ${result.id}: ${result.title}`, `      ${result.evidence}`];
  if (result.fix) lines.push(`      Fix: ${result.fix}`);
  return `${lines.join('\n')}\n`;
}

export function formatText(results: readonly ScenarioResult[]): string {
  return `${results.map(formatResultText).join('')}\n${summary(results)}\n`;
}

/** The contract's JSON: an array of {id, status, title, evidence}, plus fix on failures. */
export function formatJson(results: readonly ScenarioResult[]): string {
  const plain = results.map(({ id, status, title, evidence, fix }) => ({
    id,
    status,
    title,
    evidence,
    ...(fix ? { fix } : {}),
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}

function xml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot hold at all (a runtime's output may contain them).
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** JUnit XML (the Ant schema CI servers read): one testcase per scenario, in a suite named for the function. */
export function formatJunit(results: readonly ScenarioResult[], suiteName: string): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const failures = results.filter((result) => result.status === 'fail').length;
  const skipped = results.filter((result) => result.status === 'skip').length;
  const total = results.reduce((sum, result) => sum + result.durationMs, 0);
  const cases = results.map((result) => {
    const open = `    <testcase classname="${xml(`lambda-runtime-kit.check.${suiteName}`)}" name="${xml(`${result.id}: ${result.title}`)}" time="${seconds(result.durationMs)}">`;
    const body =
      result.status === 'fail'
        ? `      <failure message="${xml(result.evidence)}" type="${xml(result.id)}">${xml(`${result.evidence}\nFix: ${result.fix ?? ''}`)}</failure>`
        : result.status === 'skip'
          ? `      <skipped message="${xml(result.evidence)}"/>`
          : `      <system-out>${xml(result.evidence)}</system-out>`;
    return `${open}\n${body}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lambda-runtime-kit check" tests="${results.length}" failures="${failures}" skipped="${skipped}" time="${seconds(total)}">`,
    `  <testsuite name="${xml(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
