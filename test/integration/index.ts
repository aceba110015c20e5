// Loaded by the editor as extensionTestsPath: runs every suite under suites/ with mocha inside the extension
// host and writes the outcome to the file named by LRK_TEST_RESULTS for the runner that started the editor.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { RESULTS_ENV, type TestOutcome, type TestResults } from './results';
import { skipReason } from './skip';

export async function run(): Promise<void> {
  // LRK_TEST_GREP runs only the matching tests, for working on one suite; CI sets nothing and runs them all.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, grep: process.env.LRK_TEST_GREP || undefined });
  // LRK_TEST_SUITES=bench runs the in-editor benchmarks (bench/) instead of the tests (suites/), and
  // LRK_TEST_SUITES=screenshots the scenarios that take the README's pictures (screenshots/).
  const chosen = process.env.LRK_TEST_SUITES;
  const suitesDir = path.join(__dirname, chosen === 'bench' || chosen === 'screenshots' ? chosen : 'suites');
  for (const file of readdirSync(suitesDir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(suitesDir, file));
  }

  const tests: TestOutcome[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error: Error) =>
      tests.push({ title: test.fullTitle(), state: 'failed', detail: error.stack ?? String(error) }),
    );
    runner.on('pending', (test) =>
      tests.push({ title: test.fullTitle(), state: 'skipped', detail: skipReason(test) ?? 'marked pending' }),
    );
  });

  const count = (state: TestOutcome['state']) => tests.filter((test) => test.state === state).length;
  const results: TestResults = {
    vscodeVersion: vscode.version,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    tests,
  };
  const resultsFile = process.env[RESULTS_ENV];
  if (resultsFile) {
    // Written aside and renamed, so that the polling runner never reads half a file.
    await writeFile(`${resultsFile}.partial`, JSON.stringify(results, null, 2));
    await rename(`${resultsFile}.partial`, resultsFile);
  }
  // @vscode/test-electron reads the outcome from run() itself.
  if (results.failed > 0) throw new Error(`${results.failed} of ${tests.length} in-editor tests failed.`);
}
