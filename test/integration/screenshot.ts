// What the screenshot scenarios (screenshots/*.test.ts) share: asking the runner for a picture, and putting the
// editor back to a clean window on an empty `my-runtime` folder between scenarios.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  answerFile,
  requestFile,
  SCREENSHOT_CHANNEL_ENV,
  takeJson,
  writeWhole,
  type ScreenshotAnswer,
  type ScreenshotRequest,
} from './screenshot-channel';
import { waitFor } from './wait';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks the runner for a picture of the whole window, saved as `<name>.png`, and waits until it is taken. Toasts
 * are cleared first: they come from work done to set the scene (writing a scaffold, starting a run), not from
 * what the picture shows. `settleMs` lets the window finish drawing what the last command changed.
 */
export async function takeScreenshot(
  name: string,
  { settleMs = 1_000, clicks }: { settleMs?: number; clicks?: string[] } = {},
): Promise<void> {
  const channel = process.env[SCREENSHOT_CHANNEL_ENV];
  assert.ok(channel, `${SCREENSHOT_CHANNEL_ENV} is not set: run the scenarios with npm run screenshots`);
  await vscode.commands.executeCommand('notifications.clearAll');
  await pause(settleMs);
  // Sorted by time, so that the runner answers them in the order they were asked.
  const id = `${Date.now()}-${randomUUID()}`;
  await writeWhole(requestFile(channel, id), { name, clicks } satisfies ScreenshotRequest);
  const answer = await waitFor(`the runner to take ${name}.png`, () =>
    takeJson<ScreenshotAnswer>(answerFile(channel, id)),
  );
  assert.ok(answer.file, `no picture ${name}: ${answer.error}`);
}

/** The folder the editor opened (`my-runtime`). */
export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor opened no workspace folder');
  return folder.uri.fsPath;
}

/**
 * A clean window for the next scenario: no debug session, no breakpoint, no editor, no panel, no toast, and the
 * workspace folder emptied (its name stays, it is what the title shows).
 */
export async function resetWindow(): Promise<string> {
  await vscode.debug.stopDebugging();
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  for (const command of [
    'workbench.action.closeAllEditors',
    'workbench.action.closePanel',
    'notifications.clearAll',
    'lambdaRuntime.clearInvocations',
  ]) {
    await vscode.commands.executeCommand(command);
  }
  await arrangeSizes();
  const folder = workspaceFolder();
  for (const entry of await readdir(folder)) await rm(path.join(folder, entry), { recursive: true, force: true });
  return folder;
}

/** Opens `file` in the editor with the cursor at `line` (1-based) in the middle of the view. */
export async function showAt(file: string, line: number, column = 0): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  const position = new vscode.Position(line - 1, column);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** The 1-based line of the first line of `file` that holds `text`. */
export async function lineWith(file: string, text: string): Promise<number> {
  const index = (await readFile(file, 'utf8')).split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} is not in ${file}`);
  return index + 1;
}

const SIZES_DONE = Symbol.for('lambda-runtime-kit.screenshots.sizes');
const WATCH_HIDDEN = Symbol.for('lambda-runtime-kit.screenshots.watchHidden');
// Every scenario file is a bundle of its own: what must happen once per window is flagged on globalThis.
const once = globalThis as { [SIZES_DONE]?: boolean; [WATCH_HIDDEN]?: boolean };

/**
 * The window's proportions, set once (they outlive each scenario, and every picture should have the same): a wider
 * side bar so that session, thread and invocation rows fit, a taller panel so that a whole invocation's lines fit
 * in the Debug Console. The resize commands act on the focused part: the editor's, made narrower and shorter.
 */
async function arrangeSizes(): Promise<void> {
  if (once[SIZES_DONE]) return;
  once[SIZES_DONE] = true;
  await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  for (const command of [
    'workbench.action.decreaseViewWidth',
    'workbench.action.decreaseViewHeight',
    'workbench.action.decreaseViewHeight',
  ]) {
    await vscode.commands.executeCommand(command);
  }
  await vscode.commands.executeCommand('workbench.action.closePanel');
}

/**
 * Makes the side bar `steps` steps wider (negative: narrower), by resizing the editor that has focus; a scenario
 * that needs it wider puts it back, so that every other picture keeps the same proportions.
 */
export async function resizeSideBar(steps: number): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  const command = steps > 0 ? 'workbench.action.decreaseViewWidth' : 'workbench.action.increaseViewWidth';
  for (let step = 0; step < Math.abs(steps); step++) await vscode.commands.executeCommand(command);
}

/** Hides the Watch view, empty in every picture; its command exists only while a session runs. */
export async function hideWatchView(): Promise<void> {
  if (once[WATCH_HIDDEN]) return;
  once[WATCH_HIDDEN] = true;
  await vscode.commands.executeCommand('workbench.debug.watchExpressionsView.removeView');
}
