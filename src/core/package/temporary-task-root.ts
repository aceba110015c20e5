// A deployment zip extracted for a run (invoke/serve --zip, a template function whose code is a zip, F5 with
// `zip`): the one extractor, plus what every run needs around it. A process that ends without its own cleanup
// (an uncaught error, process.exit, an editor window closed mid-session) still removes the folder; a session whose
// configuration carries only the folder's path finds the extraction again by it, and nothing else is ever removed.
import { rmSync } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { extractTaskRoot, ZipExtractError, type ExtractedTaskRoot, type ExtractOptions } from './extract';

/** Extractions of this process still on disk, by task root. */
const live = new Map<string, ExtractedTaskRoot>();
let exitHookInstalled = false;

function removeAllOnExit(): void {
  for (const taskRoot of live.keys()) rmSync(taskRoot, { recursive: true, force: true });
  live.clear();
}

/**
 * Extracts `zipFile` with {@link extractTaskRoot} after checking that it is a zip at all, so that a missing file,
 * a folder or another kind of file gets a sentence naming it. Rejects with a {@link ZipExtractError}.
 */
export async function extractForRun(zipFile: string, options: ExtractOptions = {}): Promise<ExtractedTaskRoot> {
  await assertZipFile(zipFile);
  const extracted = await extractTaskRoot(zipFile, options);
  if (!exitHookInstalled) {
    process.on('exit', removeAllOnExit);
    exitHookInstalled = true;
  }
  live.set(extracted.taskRoot, extracted);
  return {
    taskRoot: extracted.taskRoot,
    entries: extracted.entries,
    dispose: async () => {
      live.delete(extracted.taskRoot);
      await extracted.dispose();
    },
  };
}

/** Removes the folder of an extraction of this process, found by its path; any other path is left alone. */
export async function disposeExtracted(taskRoot: string): Promise<void> {
  const extracted = live.get(taskRoot);
  live.delete(taskRoot);
  await extracted?.dispose();
}

/** Local file headers and the end record of an empty zip start with these. */
const ZIP_SIGNATURES = ['PK\x03\x04', 'PK\x05\x06'];

/** Rejects with a sentence naming `zipFile` when it is missing, a folder, or has no zip signature. */
export async function assertZipFile(zipFile: string): Promise<void> {
  const info = await stat(zipFile).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const why = info.code === 'ENOENT' ? 'does not exist' : `cannot be read (${info.code ?? info.message})`;
    throw new ZipExtractError(
      `The zip ${zipFile} ${why}: build it (lambda-runtime-kit package, or Lambda Runtime: Build Deployment Package) or fix its path.`,
    );
  }
  if (!info.isFile()) throw new ZipExtractError(`The zip ${zipFile} is a folder, not a zip file.`);
  const head = Buffer.alloc(4);
  const handle = await open(zipFile, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (!ZIP_SIGNATURES.includes(head.toString('latin1'))) {
    throw new ZipExtractError(`${zipFile} is not a zip file (it does not start with a zip signature).`);
  }
}

/**
 * Lambda runs the bootstrap as a user that owns none of the files, so only the "others" execute bit counts there;
 * here the files are this user's own, and a 0744 bootstrap would run. The sentence to say so, or undefined.
 */
export async function ownerOnlyWarning(bootstrap: string): Promise<string | undefined> {
  const info = await lstat(bootstrap).catch(() => undefined);
  if (info === undefined || !info.isFile()) return undefined;
  if ((info.mode & 0o111) === 0 || (info.mode & 0o001) !== 0) return undefined;
  const octal = (info.mode & 0o777).toString(8).padStart(3, '0');
  return (
    `Warning: the bootstrap is ${octal} in the zip, executable only for its owner or group. Lambda runs it as ` +
    'another user and answers Runtime.InvalidEntrypoint ("permission denied"); here it runs, as the files are ' +
    'yours. chmod 755 bootstrap and zip it again.'
  );
}

/** Whether Lambda could start `bootstrap` at all: a file (or a link to one) with an execute bit. */
export async function isStartable(bootstrap: string): Promise<boolean> {
  const info = await stat(bootstrap).catch(() => undefined);
  return info !== undefined && info.isFile() && (info.mode & 0o111) !== 0;
}
