// Writing a scaffold to disk. Nothing of the user's is replaced without asking: an existing file with other
// content goes to the resolver, an identical one is kept. Every path is checked before the first write, so bad
// input (a path out of the folder, a symbolic link, a file where a folder belongs) writes nothing.
import { chmod, lstat, mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConflictResolver, ScaffoldFile, WriteReport } from './types';

const EXECUTABLE_MODE = 0o755;

/** The file's path split into segments; throws a sentence when it is not a plain relative path. */
function segmentsOf(file: ScaffoldFile): string[] {
  const given = file.path;
  const segments = given.split('/');
  const bad =
    given === '' ||
    given.includes('\\') ||
    given.includes('\0') ||
    path.isAbsolute(given) ||
    /^[A-Za-z]:/.test(given) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) {
    throw new Error(
      `Refusing to write ${JSON.stringify(given)}: a scaffold file must have a relative path inside the folder, with / between names.`,
    );
  }
  return segments;
}

function inside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function lstatOrUndefined(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Checks what already exists along `segments` under `root`; throws a sentence on anything it must not touch. */
async function checkTarget(root: string, realRoot: string, segments: readonly string[]): Promise<void> {
  let current = root;
  for (let index = 0; index < segments.length; index += 1) {
    current = path.join(current, segments[index]);
    const info = await lstatOrUndefined(current);
    if (info === undefined) return;
    const last = index === segments.length - 1;
    if (info.isSymbolicLink()) {
      if (last)
        throw new Error(
          `Refusing to write ${current}: it is a symbolic link, and a scaffold never writes through one.`,
        );
      const real = await realpath(current).catch(() => undefined);
      if (real === undefined || !inside(realRoot, real)) {
        throw new Error(`Refusing to write under ${current}: it is a symbolic link that leads out of ${root}.`);
      }
      if (!(await stat(current)).isDirectory()) throw new Error(`Cannot write under ${current}: it is not a folder.`);
    } else if (last ? !info.isFile() : !info.isDirectory()) {
      throw new Error(
        `Cannot write ${path.join(root, ...segments)}: ${current} is ${last ? 'not a regular file' : 'not a folder'}.`,
      );
    }
  }
}

/** LF endings, as Lambda's Linux expects them. */
function lfText(content: string): string {
  return content.replace(/\r\n?/g, '\n');
}

async function readExisting(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `files` under `dir` (created with its parents when missing), with LF endings and mode 0755 for the
 * executable ones. A file that exists with the same content is kept without asking (an executable one gets its
 * missing execute bits, which Lambda needs); one with other content is written only if `resolve` answers
 * `overwrite`. Throws an Error with a sentence, before writing anything, when a path leaves `dir`, goes through a
 * symbolic link (a file link at all, a folder link out of `dir`), meets a file where a folder belongs, or repeats.
 */
export async function writeScaffold(
  dir: string,
  files: readonly ScaffoldFile[],
  resolve: ConflictResolver,
): Promise<WriteReport> {
  const root = path.resolve(dir);
  const seen = new Set<string>();
  const plan = files.map((file) => {
    const segments = segmentsOf(file);
    if (seen.has(file.path)) throw new Error(`The scaffold lists ${file.path} twice.`);
    seen.add(file.path);
    return { file, segments, target: path.join(root, ...segments) };
  });
  await mkdir(root, { recursive: true });
  const realRoot = await realpath(root);
  for (const { segments } of plan) await checkTarget(root, realRoot, segments);

  const written: string[] = [];
  const kept: string[] = [];
  for (const { file, target } of plan) {
    const content = Buffer.from(lfText(file.content), 'utf8');
    const existing = await readExisting(target);
    if (existing !== undefined && existing.equals(content)) {
      if (file.executable && ((await stat(target)).mode & 0o111) !== 0o111) {
        await chmod(target, (await stat(target)).mode | 0o111);
      }
      kept.push(file.path);
      continue;
    }
    if (existing !== undefined && (await resolve(file, target)) !== 'overwrite') {
      kept.push(file.path);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content, file.executable ? { mode: EXECUTABLE_MODE } : {});
    // writeFile's mode applies to a new file only; an overwritten one gets it here.
    if (file.executable) await chmod(target, EXECUTABLE_MODE);
    written.push(file.path);
  }
  return { written, kept };
}
