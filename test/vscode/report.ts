/** What both in-editor runners share: reading the suites' results, judging and printing them, the exit status. */
import { readFile } from 'node:fs/promises';
import type { TestResults } from '../integration/results';

/** The results the suites wrote, or undefined while the file is absent (they rename it into place whole). */
export async function readResults(file: string): Promise<TestResults | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as TestResults;
  } catch {
    return undefined;
  }
}

/** Prints every test and the closing count; true only when a test ran and none failed. */
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

/** Runs a runner's main() and sets the exit status from it; `hint` follows any error that stopped the run. */
export function exitWith(main: () => Promise<boolean>, hint?: string): void {
  main().then(
    (passed) => {
      process.exitCode = passed ? 0 : 1;
    },
    (error: unknown) => {
      console.error(`In-editor tests could not run: ${error instanceof Error ? error.message : String(error)}`);
      if (hint) console.error(hint);
      process.exitCode = 1;
    },
  );
}
