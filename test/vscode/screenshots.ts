/**
 * The screenshot mode of run-offline.ts (`npm run screenshots`): the same editor, opened at a fixed size and theme on
 * a folder named `my-runtime`, runs the scenarios of test/integration/screenshots instead of the suites, and takes
 * the page's picture whenever a scenario asks for one (see test/integration/screenshot-channel.ts).
 *
 * `--screenshots` writes the pictures the README shows, into media/screenshots/; `--screenshots=DIR` writes them
 * into DIR instead (CI: test-output/screenshots), so that a run that only checks the scenarios rewrites nothing.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  answerFile,
  REQUEST_SUFFIX,
  requestFile,
  SCREENSHOT_CHANNEL_ENV,
  takeJson,
  writeWhole,
  type ScreenshotAnswer,
  type ScreenshotRequest,
} from '../integration/screenshot-channel';
import { REPO_ROOT } from './workspace';

/** Where `npm run screenshots` puts the README's pictures. */
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'media', 'screenshots');
/** Every picture is this size (a test checks the README's against it). */
export const SCREENSHOT_VIEWPORT = { width: 1280, height: 800 } as const;
/** The name the editor shows for the opened folder, in its title and Explorer. */
export const SCREENSHOT_FOLDER = 'my-runtime';

/** The profile of the pictures: one theme whatever the editor's default becomes, and no noise. */
export const SCREENSHOT_SETTINGS: Record<string, unknown> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.iconTheme': 'vs-seti',
  'window.zoomLevel': 0,
  'editor.fontSize': 14,
  // No recommendation toasts for shell or Python files.
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'debug.toolBarLocation': 'docked',
  'explorer.compactFolders': false,
  'editor.minimap.enabled': false,
  // An invocation's log lines are long; code stays unwrapped, as people keep it.
  '[log]': { 'editor.wordWrap': 'on' },
  // The emulator's ports are not for the browser: no Ports count in the panel.
  'remote.autoForwardPorts': false,
};

/**
 * The editor runs the extension under development, so its command center reads "[Extension Development Host]
 * my-runtime"; an installed extension's window reads "my-runtime", which is what the pictures show. Run in the
 * page, hence a string: this project type-checks without the DOM library.
 */
const DROP_DEVELOPMENT_PREFIX = `(() => {
  const prefix = '[Extension Development Host] ';
  const titlebar = document.querySelector('.part.titlebar') || document.body;
  const walker = document.createTreeWalker(titlebar, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (node.textContent.startsWith(prefix)) node.textContent = node.textContent.slice(prefix.length);
})()`;

export interface ScreenshotMode {
  /** Where the pictures go. */
  outDir: string;
  /** The folder of request and answer files shared with the extension host (set by prepareScreenshots). */
  channel: string;
  /** Names of the pictures taken so far (a picture that failed is not among them). */
  taken: string[];
}

/** The mode asked for on the command line, or undefined for an ordinary test run. */
export function screenshotMode(argv: readonly string[]): ScreenshotMode | undefined {
  const flag = argv.find((argument) => argument === '--screenshots' || argument.startsWith('--screenshots='));
  if (!flag) return undefined;
  const outDir = flag.includes('=') ? path.resolve(flag.slice(flag.indexOf('=') + 1)) : SCREENSHOTS_DIR;
  return { outDir, channel: '', taken: [] };
}

/** The environment the extension host needs to run the scenarios and reach the runner. */
export function screenshotEnvironment(mode: ScreenshotMode): Record<string, string> {
  return { LRK_TEST_SUITES: 'screenshots', [SCREENSHOT_CHANNEL_ENV]: mode.channel };
}

/** Makes the channel in the run's temporary folder `root`, and the output folder. */
export async function prepareScreenshots(mode: ScreenshotMode, root: string): Promise<void> {
  mode.channel = path.join(root, 'screenshot-channel');
  await mkdir(mode.channel, { recursive: true });
  await mkdir(mode.outDir, { recursive: true });
}

/** Answers every request waiting in the channel, in order: a picture of the page, saved as `<name>.png`. */
export async function serveScreenshots(mode: ScreenshotMode, page: Page): Promise<void> {
  const waiting = (await readdir(mode.channel))
    .filter((name) => name.endsWith(REQUEST_SUFFIX))
    .map((name) => name.slice(0, -REQUEST_SUFFIX.length))
    .sort();
  for (const id of waiting) {
    const request = await takeJson<ScreenshotRequest>(requestFile(mode.channel, id));
    if (!request) continue;
    const file = path.join(mode.outDir, `${request.name}.png`);
    let answer: ScreenshotAnswer;
    try {
      if (!/^[a-z0-9-]+$/.test(request.name)) throw new Error(`'${request.name}' is not a picture name (a-z, 0-9, -)`);
      for (const selector of request.clicks ?? []) {
        await page.click(selector, { timeout: 10_000 });
        await page.waitForTimeout(500);
      }
      // Away from what was clicked, so that no hover toolbar or tooltip covers it.
      if (request.clicks?.length) await page.mouse.move(SCREENSHOT_VIEWPORT.width - 2, SCREENSHOT_VIEWPORT.height / 2);
      await page.evaluate(DROP_DEVELOPMENT_PREFIX);
      // The caret blinks and animations run: hide the caret so two runs of a scenario give the same picture.
      await page.screenshot({ path: file, caret: 'hide', animations: 'disabled' });
      answer = { file };
      mode.taken.push(request.name);
      console.log(`  picture ${path.relative(REPO_ROOT, file)}`);
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    await writeWhole(answerFile(mode.channel, id), answer);
  }
}

/** Prints where the pictures went; false when none was taken (a run of no scenario is not a success). */
export function reportPictures(mode: ScreenshotMode): boolean {
  console.log(
    `${mode.taken.length} pictures in ${path.relative(REPO_ROOT, mode.outDir) || '.'}: ${mode.taken.join(', ')}`,
  );
  if (mode.taken.length === 0) console.error('No picture was taken: that is a failure, not a pass.');
  return mode.taken.length > 0;
}
