// What goes into a function's zip: everything under its folder except what Lambda never reads. The defaults are
// gitignore patterns, so a `.lambdaignore` (same syntax, read by the `ignore` package) can add to them and take
// any of them back with `!pattern`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The file, at the root of a function's folder, whose gitignore patterns come after the defaults. */
export const LAMBDAIGNORE_FILE = '.lambdaignore';

/**
 * Left out of every zip. The order matters: a later pattern wins, so third-party packages are taken back whole
 * after the test patterns (a package may load any of its files), and the build caches are dropped after that.
 */
export const DEFAULT_EXCLUSIONS: readonly string[] = [
  // The function's own tests and sample events: run by a developer, never by Lambda.
  '/events/',
  'test/',
  'tests/',
  '__tests__/',
  '*.test.*',
  '!node_modules/**',
  '!**/node_modules/**',
  // Tools' folders and caches, at any depth.
  '.git/',
  '.svn/',
  '.hg/',
  '.vscode/',
  '.idea/',
  '.aws-sam/',
  'node_modules/.cache/',
  '__pycache__/',
  '.DS_Store',
  'Thumbs.db',
  // The project's own files at the root: the scaffold's README, template, build and container files.
  '/README.md',
  '/template.yaml',
  '/template.yml',
  '/samconfig.toml',
  '/samconfig.yaml',
  '/samconfig.yml',
  '/Makefile',
  '/makefile',
  '/GNUmakefile',
  '/Dockerfile',
  '/.dockerignore',
  '/.gitignore',
  '/.gitattributes',
  `/${LAMBDAIGNORE_FILE}`,
];

/**
 * Also left out when the root `bootstrap` is a native binary (ELF): the runtime is compiled, so its sources and the
 * compiler's leftovers are not run. A script bootstrap keeps them: it may load any file next to it.
 */
export const COMPILED_EXCLUSIONS: readonly string[] = [
  '*.go',
  '/go.mod',
  '/go.sum',
  '*.rs',
  '/Cargo.toml',
  '/Cargo.lock',
  '/target/',
  '*.c',
  '*.cc',
  '*.cpp',
  '*.cxx',
  '*.h',
  '*.hh',
  '*.hpp',
  '*.o',
  '/CMakeLists.txt',
];

/** Whether a path (relative, `/` separators) is left out of the zip; `directory` is true for folders. */
export type ExclusionTest = (relativePath: string, directory: boolean) => boolean;

/** How {@link loadExclusions} builds the test for one folder. */
export interface ExclusionOptions {
  /** The root bootstrap is a native binary: add {@link COMPILED_EXCLUSIONS}. */
  readonly compiled?: boolean;
  /** Folders (absolute) never packaged, e.g. the output folder when it lies inside the function's folder. */
  readonly excludeFolders?: readonly string[];
  /** Use no defaults and no `.lambdaignore` (a build's artifacts folder holds exactly what the build put there). */
  readonly none?: boolean;
}

/**
 * The exclusion test for the function folder `root`: the defaults, then `.lambdaignore` when the folder has one.
 * Rejects when `.lambdaignore` exists but cannot be read.
 */
export async function loadExclusions(root: string, options: ExclusionOptions = {}): Promise<ExclusionTest> {
  const matcher: Ignore = ignore();
  if (!options.none) {
    matcher.add([...DEFAULT_EXCLUSIONS]);
    if (options.compiled) matcher.add([...COMPILED_EXCLUSIONS]);
    const own = await readLambdaignore(root);
    if (own !== undefined) matcher.add(own);
  }
  const folders = (options.excludeFolders ?? [])
    .map((folder) => path.relative(root, folder).split(path.sep).join('/'))
    .filter((relative) => relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative));
  return (relativePath, directory) => {
    if (folders.some((folder) => relativePath === folder || relativePath.startsWith(`${folder}/`))) return true;
    return matcher.ignores(directory ? `${relativePath}/` : relativePath);
  };
}

async function readLambdaignore(root: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(root, LAMBDAIGNORE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read ${path.join(root, LAMBDAIGNORE_FILE)}: ${(error as Error).message}`);
  }
}
