// `serve --watch`: a change under a function's task root ends its environments once their invoke is done, so the
// next invoke runs the new code; a change in one of its layers' local content (a folder or zip of the template, or
// one an ARN is mapped to) rebuilds the layers first (make, extraction, the sandbox's /opt), then does the same, and
// so does a new deployment zip for a function whose CodeUri is one, or of `serve --zip` (extracted again).
import { statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Emulator, FunctionConfig } from '../core/emulator';
import { extractAgain } from '../core/package';
import { assertZipFile, ownerOnlyWarning } from '../core/package/temporary-task-root';
import type { CliIO } from './io';
import type { TemplateFunctionsRun } from './template-run';
import type { CommandLineCode } from './zip-code';

/** What the functions were prepared from: a template's functions, or the deployment zip of `--zip`. */
interface Prepared {
  readonly prepared?: TemplateFunctionsRun;
  readonly zip?: CommandLineCode['zip'];
}

/** Editors save in bursts (temp file, rename, chmod): one restart per burst. */
const DEBOUNCE_MS = 150;

interface Watched {
  /** What is watched: a folder (recursively) or a file (a layer zip). */
  readonly target: string;
  /** Called once per burst of changes, with the last file named. */
  readonly onChange: (changed: string) => Promise<void>;
}

/** Starts watching every function's task root and layers; returns what closes the watchers. */
export function watchFunctions(
  emulator: Emulator,
  functions: readonly FunctionConfig[],
  { prepared, zip }: Prepared,
  io: CliIO,
): () => void {
  const watched: Watched[] = [];
  const byRoot = new Map<string, string[]>();
  for (const fn of functions) {
    // A function run from its deployment zip is watched through the zip (below): its extracted copy is ours.
    if (prepared?.codeZips.has(fn.name) || zip) continue;
    const root = fn.taskRoot ?? path.dirname(fn.bootstrap);
    byRoot.set(root, [...(byRoot.get(root) ?? []), fn.name]);
  }
  for (const [root, names] of byRoot) {
    watched.push({
      target: root,
      onChange: async (changed) => {
        io.err(`${changed || root} changed: the next invoke of ${names.join(', ')} starts afresh.\n`);
        await Promise.all(
          names.map((name) =>
            emulator.recycle(name).catch((error: unknown) => io.err(`Restart of ${name} failed: ${String(error)}\n`)),
          ),
        );
      },
    });
  }
  const byLayer = new Map<string, string[]>();
  for (const [name, sources] of prepared?.layerSources ?? []) {
    for (const source of sources) byLayer.set(source, [...(byLayer.get(source) ?? []), name]);
  }
  for (const [source, names] of byLayer) {
    watched.push({
      target: source,
      onChange: async (changed) => {
        const what = changed === '' ? source : path.join(source, changed);
        io.err(`${what} changed: rebuilding the layers of ${names.join(', ')}; their next invoke starts afresh.\n`);
        for (const name of names) await prepareAgain(emulator, prepared!, name, io);
      },
    });
  }
  for (const [name, zip] of prepared?.codeZips ?? []) {
    watched.push({
      target: zip,
      onChange: async () => {
        io.err(`${zip} changed: extracting it again for ${name}; its next invoke starts afresh.\n`);
        await prepareAgain(emulator, prepared!, name, io);
      },
    });
  }
  if (zip) {
    const names = functions.map((fn) => fn.name);
    watched.push({ target: zip.file, onChange: () => extractZipAgain(emulator, zip, names, io) });
  }
  const quiet = { busy: 0 };
  const closers = watched.map((entry) => watchOne(entry, quiet, io)).filter((close) => close !== undefined);
  const targets = watched.map((entry) => entry.target);
  if (closers.length > 0) io.err(`Watching ${targets.join(', ')} for changes.\n`);
  return () => {
    for (const close of closers) close();
  };
}

/**
 * Prepares `name` again (its zip extracted, its layers rebuilt) and reloads it; on failure the function keeps
 * running what it had.
 */
async function prepareAgain(emulator: Emulator, prepared: TemplateFunctionsRun, name: string, io: CliIO) {
  let rebuilt;
  try {
    rebuilt = await prepared.rebuild(name);
  } catch (error) {
    io.err(`${name}: it could not be prepared again, so it keeps running what it had: ${(error as Error).message}\n`);
    return;
  }
  try {
    await emulator.reload(rebuilt.config);
  } catch (error) {
    io.err(`Restart of ${name} failed: ${String(error)}\n`);
  } finally {
    await rebuilt.release();
  }
}

/** `serve --zip`: the zip built anew is extracted into the same folder; a zip that cannot be changes nothing. */
async function extractZipAgain(
  emulator: Emulator,
  zip: NonNullable<CommandLineCode['zip']>,
  names: readonly string[],
  io: CliIO,
): Promise<void> {
  try {
    await assertZipFile(zip.file);
    const entries = await extractAgain(zip.file, zip.taskRoot);
    io.err(`${zip.file} changed: extracted again (${entries} entries); the next invoke starts afresh.\n`);
  } catch (error) {
    io.err(
      `${zip.file} changed but cannot be extracted, so it keeps running the previous code: ${(error as Error).message}\n`,
    );
    return;
  }
  const warning = await ownerOnlyWarning(path.join(zip.taskRoot, 'bootstrap'));
  if (warning) io.err(`${warning}\n`);
  for (const name of names) {
    await emulator.recycle(name).catch((error: unknown) => io.err(`Restart of ${name} failed: ${String(error)}\n`));
  }
}

/**
 * Watches one folder or file. Events that come while any handler runs are the handlers' own doing and start
 * nothing: a layer's build writing into its folder, and the sandbox's /opt, whose hard links to every layer's files
 * change their link counts (an attribute change, which the file system reports as a change) when it is made and
 * removed. What comes after that does.
 */
function watchOne(entry: Watched, quiet: { busy: number }, io: CliIO): (() => void) | undefined {
  let pending: NodeJS.Timeout | undefined;
  let changed = '';
  let watcher: FSWatcher;
  try {
    const folder = statSync(entry.target).isDirectory();
    // A zip is watched through its folder: a zip written anew (a rename over it) is still seen.
    const watchedPath = folder ? entry.target : path.dirname(entry.target);
    watcher = watch(watchedPath, { recursive: folder }, (_event, filename) => {
      if (quiet.busy > 0) return;
      const name = filename?.toString() ?? '';
      if (!folder && name !== path.basename(entry.target)) return;
      if (name === '.git' || name.startsWith(`.git${path.sep}`)) return;
      changed = folder ? name : '';
      clearTimeout(pending);
      pending = setTimeout(() => {
        pending = undefined;
        quiet.busy += 1;
        entry
          .onChange(changed)
          .catch((error: unknown) => io.err(`--watch: ${String(error)}\n`))
          .finally(() => {
            // Let the file system's events for what the handler did arrive before listening again.
            setTimeout(() => (quiet.busy -= 1), DEBOUNCE_MS);
          });
      }, DEBOUNCE_MS);
    });
  } catch (error) {
    io.err(`--watch cannot watch ${entry.target}: ${(error as Error).message}; changes there need a restart.\n`);
    return undefined;
  }
  watcher.on('error', (error) => io.err(`--watch stopped watching ${entry.target}: ${error.message}\n`));
  return () => {
    clearTimeout(pending);
    watcher.close();
  };
}
