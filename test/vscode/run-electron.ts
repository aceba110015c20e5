/**
 * Runs the in-editor suites in a desktop VS Code downloaded by @vscode/test-electron: the way to run them on a
 * machine that reaches the VS Code download service (a laptop, public CI). Offline, use run-offline.ts.
 *
 * Environment: LRK_VSCODE_VERSION (default 'stable'; the engine's minimum is 1.91.0).
 */
import { runTests } from '@vscode/test-electron';
import { rm } from 'node:fs/promises';
import { RESULTS_ENV } from '../integration/results';
import { exitWith, readResults, reportResults } from './report';
import { makeTestFolders, REPO_ROOT, TESTS_ENTRY } from './workspace';

async function main(): Promise<boolean> {
  const folders = await makeTestFolders();
  try {
    const version = process.env.LRK_VSCODE_VERSION ?? 'stable';
    const status = await runTests({
      version,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TESTS_ENTRY,
      extensionTestsEnv: { [RESULTS_ENV]: folders.resultsFile },
      launchArgs: [
        folders.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        `--user-data-dir=${folders.userData}`,
        `--extensions-dir=${folders.extensions}`,
      ],
    });
    const results = await readResults(folders.resultsFile);
    if (!results) throw new Error(`VS Code exited with ${status} and the in-editor tests wrote no results.`);
    return reportResults(results, `VS Code (${version}, @vscode/test-electron)`) && status === 0;
  } finally {
    await rm(folders.root, { recursive: true, force: true });
  }
}

exitWith(main, 'Where VS Code cannot be downloaded, run them offline instead: npm run test:integration');
