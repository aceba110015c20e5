/**
 * How the screenshot scenarios (running in the extension host) ask the runner (which holds the browser page) for a
 * picture: a request file in a folder both can see, answered by a file of the same number. Files, because the
 * extension host and the runner share nothing else: the host cannot reach the page, nor the runner the host.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The environment variable that names the channel folder; the runner sets it for the extension host. */
export const SCREENSHOT_CHANNEL_ENV = 'LRK_SCREENSHOT_CHANNEL';

export interface ScreenshotRequest {
  /** The picture's file name without extension, e.g. `debug-python`. */
  name: string;
  /**
   * Playwright selectors the runner clicks first, in order, as a person would: for what the extension API cannot
   * do, such as expanding a tree row in a view the extension does not own.
   */
  clicks?: string[];
}

export interface ScreenshotAnswer {
  /** Where the runner saved the picture, or undefined when it could not. */
  file?: string;
  error?: string;
}

// Ids are unique, not counted: each scenario file is a bundle of its own, with its own copy of any counter.
export const REQUEST_SUFFIX = '.request.json';
export const requestFile = (channel: string, id: string) => path.join(channel, `${id}${REQUEST_SUFFIX}`);
export const answerFile = (channel: string, id: string) => path.join(channel, `${id}.answer.json`);

/** Writes `data` as JSON aside and renames it into place, so that the side that polls never reads half a file. */
export async function writeWhole(file: string, data: unknown): Promise<void> {
  await writeFile(`${file}.partial`, JSON.stringify(data));
  await rename(`${file}.partial`, file);
}

/** The JSON in `file`, removed once read; undefined while it is absent. */
export async function takeJson<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  await rm(file, { force: true });
  return JSON.parse(text) as T;
}
