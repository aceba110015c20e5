/**
 * Runs the in-editor suites offline: a real VS Code (code-server 4.100.3, installed into a cache on first use)
 * opened in headless Chromium through playwright-core. The suites write their results to a file that this
 * runner polls, with a deadline; whatever happens, every process started here is stopped before it exits.
 *
 * Environment: LRK_TEST_TIMEOUT (seconds, default 600), LRK_CHROMIUM (default /usr/bin/chromium),
 * LRK_KEEP_TEST_FOLDERS=1 to keep the temporary workspace and profile for a look afterwards, LRK_TEST_WORKSPACE (a
 * folder of test/fixtures/workspaces, default basic) for the workspace the editor opens.
 *
 * `--screenshots[=DIR]` runs the screenshot scenarios instead of the suites and saves the pictures they ask for
 * (see screenshots.ts; `npm run screenshots`).
 */
import { execa } from 'execa';
import { existsSync, writeFileSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RESULTS_ENV } from '../integration/results';
import { CODE_SERVER_VERSION, ensureCodeServer } from './code-server';
import { freePort, stopGroup, waitFor } from './processes';
import { exitWith, readResults, reportResults } from './report';
import {
  prepareScreenshots,
  reportPictures,
  SCREENSHOT_FOLDER,
  SCREENSHOT_SETTINGS,
  SCREENSHOT_VIEWPORT,
  screenshotEnvironment,
  screenshotMode,
  serveScreenshots,
} from './screenshots';
import { makeTestFolders, REPO_ROOT, TEST_OUTPUT, TESTS_ENTRY, type TestFolders } from './workspace';

const CHROMIUM = process.env.LRK_CHROMIUM ?? '/usr/bin/chromium';
// The flags DESIGN.md records as working here; without the networking ones Chromium keeps dialling out.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const EDITOR_LOGS = path.join(TEST_OUTPUT, 'editor-logs');
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const DEADLINE_MS = Number(process.env.LRK_TEST_TIMEOUT ?? 600) * 1000;

async function main(): Promise<boolean> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install chromium) or set LRK_CHROMIUM.`);
  }
  const entry = await ensureCodeServer();
  await mkdir(TEST_OUTPUT, { recursive: true });
  const pictures = screenshotMode(process.argv.slice(2));
  const folders = await makeTestFolders(
    process.env.LRK_TEST_WORKSPACE || undefined,
    pictures ? { folderName: SCREENSHOT_FOLDER, settings: SCREENSHOT_SETTINGS } : {},
  );
  if (pictures) await prepareScreenshots(pictures, folders.root);
  let server: ReturnType<typeof startCodeServer> | undefined;
  let browser: Browser | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await browser?.close().catch(() => undefined);
      if (server?.pid !== undefined) await stopGroup(server.pid);
      // The editor's own logs (extension host, window, server) outlive the throwaway profile, for a look afterwards.
      await rm(EDITOR_LOGS, { recursive: true, force: true });
      await cp(path.join(folders.userData, 'logs'), EDITOR_LOGS, { recursive: true }).catch(() => undefined);
      if (process.env.LRK_KEEP_TEST_FOLDERS === '1') console.log(`Test folders kept in ${folders.root}`);
      else await rm(folders.root, { recursive: true, force: true });
    })());
  // code-server runs in its own process group, so Ctrl+C in the terminal does not reach it: stop it here.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping the editor and the browser...`);
    void stopAll().finally(() => process.exit(128 + osConstants.signals[signal]));
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  try {
    const port = await freePort();
    server = startCodeServer(entry, port, folders, pictures ? screenshotEnvironment(pictures) : {});
    const serverExit = watchExit(server);
    const base = `http://127.0.0.1:${port}`;
    await waitFor('code-server to listen', () => healthy(base), 60_000, serverExit);

    // Playwright's own signal handlers would exit before code-server is stopped; ours stop everything.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await browser.newPage({ viewport: pictures ? SCREENSHOT_VIEWPORT : { width: 1400, height: 900 } });
    const browserLog: string[] = [];
    page.on('console', (message) => browserLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => browserLog.push(`[pageerror] ${error.message}`));
    const profiler = await startRendererProfile(page);
    await page.goto(workbenchUrl(base, port, folders.workspace));

    const started = Date.now();
    const results = await waitFor(
      'the in-editor tests to write their results',
      async () => {
        if (pictures) await serveScreenshots(pictures, page);
        return readResults(folders.resultsFile);
      },
      DEADLINE_MS,
      serverExit,
      pictures ? 100 : 500,
    ).finally(async () => {
      await writeFile(path.join(TEST_OUTPUT, 'browser.log'), browserLog.join('\n'));
      await profiler?.stop();
    });
    console.log(`In-editor run took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (pictures) {
      const passed = reportResults(results, `code-server ${CODE_SERVER_VERSION}`);
      return reportPictures(pictures) && passed;
    }
    await page.screenshot({ path: path.join(TEST_OUTPUT, 'workbench.png') }).then(
      () =>
        console.log(
          `Screenshot of the workbench: ${path.relative(REPO_ROOT, path.join(TEST_OUTPUT, 'workbench.png'))}`,
        ),
      (error: Error) => console.warn(`No screenshot: ${error.message}`),
    );
    return reportResults(results, `code-server ${CODE_SERVER_VERSION}`);
  } finally {
    await stopAll();
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

/**
 * LRK_RENDERER_PROFILE=FILE: a CPU profile of the workbench (the browser side of the editor) for the whole run,
 * written to FILE (.cpuprofile, for Chrome's or VS Code's profiler view), with the wall-clock time it started.
 */
async function startRendererProfile(page: Page): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env.LRK_RENDERER_PROFILE;
  if (!file) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  const startedAt = Date.now();
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await writeFile(file, JSON.stringify({ ...profile, wallClockStart: startedAt }));
      console.log(`Renderer profile: ${file}`);
    },
  };
}

function startCodeServer(entry: string, port: number, folders: TestFolders, env: Record<string, string>) {
  const log = path.join(TEST_OUTPUT, 'code-server.log');
  writeFileSync(log, '');
  // Its own process group (detached), so that stopping the group also stops the extension host and pty host.
  const args: string[] = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    folders.userData,
    '--extensions-dir',
    folders.extensions,
    folders.workspace,
  ];
  return execa(process.execPath, args, {
    detached: true,
    reject: false,
    stdin: 'ignore',
    stdout: { file: log, append: true },
    stderr: { file: log, append: true },
    // The extension host inherits this environment; the suites find their results file through it.
    env: { ...env, [RESULTS_ENV]: folders.resultsFile, XDG_CONFIG_HOME: path.join(folders.root, 'config') },
  });
}

/** A function that says why to stop waiting once the server has exited. */
function watchExit(server: PromiseLike<{ exitCode?: number; signal?: string }>): () => string | undefined {
  let exited: string | undefined;
  void server.then((result) => {
    exited = `code-server exited (${result.exitCode ?? result.signal}); see test-output/code-server.log`;
  });
  return () => exited;
}

async function healthy(base: string): Promise<true | undefined> {
  try {
    const response = await fetch(`${base}/healthz`);
    return response.ok ? true : undefined;
  } catch {
    return undefined;
  }
}

function workbenchUrl(base: string, port: number, workspace: string): string {
  const remote = (file: string) => `vscode-remote://127.0.0.1:${port}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(TESTS_ENTRY)],
  ];
  return `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

exitWith(main);
