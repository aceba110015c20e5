/** Prints the outcome of an in-editor run the same way for both runners, and says whether it counts as a pass. */
import type { TestResults } from '../integration/results';

export function reportResults(results: TestResults, editor: string): boolean {
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
    console.log(`  ${mark} ${test.title}${test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`}`);
    if (test.detail) console.log(`       ${test.detail.split('\n').join('\n       ')}`);
  }
  console.log(`In-editor tests ran inside ${editor} (VS Code ${results.vscodeVersion}).`);
  console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
  if (results.passed + results.failed === 0) {
    console.error('No in-editor test ran: that is a failure, not a pass.');
    return false;
  }
  return results.failed === 0;
}
