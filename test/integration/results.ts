/** What an in-editor test run reports to the runner that started the editor, as JSON in a file. */
export interface TestResults {
  vscodeVersion: string;
  passed: number;
  failed: number;
  skipped: number;
  tests: TestOutcome[];
}

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  /** The failure message and stack, or the reason a test was skipped. */
  detail?: string;
}

/** The environment variable that names the results file; the runners set it for the extension host. */
export const RESULTS_ENV = 'LRK_TEST_RESULTS';
