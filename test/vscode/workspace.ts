/** Throwaway folders for one in-editor test run: a copy of the fixture workspace, user data, extensions. */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Where runners leave what a person may want to look at: screenshots, editor logs. Ignored by git. */
export const TEST_OUTPUT = path.join(REPO_ROOT, 'test-output');
/** The bundled suites (built by esbuild.mjs) that the editor loads as extensionTestsPath. */
export const TESTS_ENTRY = path.join(REPO_ROOT, 'out', 'integration', 'index.js');

export interface TestFolders {
  root: string;
  workspace: string;
  userData: string;
  extensions: string;
  resultsFile: string;
}

// Settings that keep a fresh profile quiet: no welcome page, no telemetry, no update checks or trust prompt.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

export interface TestFolderOptions {
  /** The workspace folder's name: the editor shows it in its title and Explorer. Default `workspace`. */
  folderName?: string;
  /** User settings over the quiet defaults (a theme, for pictures). */
  settings?: Record<string, unknown>;
}

/** Makes the folders for one run under the system's temporary directory, once the suites are built. */
export async function makeTestFolders(fixture = 'basic', options: TestFolderOptions = {}): Promise<TestFolders> {
  if (!existsSync(TESTS_ENTRY)) throw new Error(`${TESTS_ENTRY} is missing: run 'npm run build' first.`);
  const root = await mkdtemp(path.join(tmpdir(), 'lrk-vscode-'));
  const folders: TestFolders = {
    root,
    workspace: path.join(root, options.folderName ?? 'workspace'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    resultsFile: path.join(root, 'results.json'),
  };
  await cp(path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', fixture), folders.workspace, { recursive: true });
  await mkdir(path.join(folders.userData, 'User'), { recursive: true });
  await mkdir(folders.extensions, { recursive: true });
  await writeFile(
    path.join(folders.userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2),
  );
  return folders;
}
