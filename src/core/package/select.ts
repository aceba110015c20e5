// What to package for a file or folder the user points at (the editor's commands): a template's functions and
// layers, the one function of a template whose code is that folder, or the folder alone as one function's code.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { functionNameFromFolder } from '../scaffold/names';
import { readTemplateTargets, type PackageTarget } from './targets';

/**
 * Where the zips go when no output folder is given, under the project's folder: sam's own build folder, which the
 * default exclusions leave out of every zip and the scaffolds' .gitignore leaves out of git.
 */
export const DEFAULT_OUT_DIR = path.join('.aws-sam', 'lambda-runtime-kit');

/** The template names looked for in a folder, in sam's order. */
export const TEMPLATE_NAMES = ['template.yaml', 'template.yml'];

/** A template's folder and this many parents are searched for the template that names a code folder. */
const MAX_PARENT_LEVELS = 4;

/** What to build for a resource, and where. */
export interface PackageSelection {
  readonly targets: PackageTarget[];
  /** Functions and layers of the template left out, with the reason. */
  readonly skipped: string[];
  readonly template?: string;
  /** The folder the default output folder is under: the template's, or the function folder's. */
  readonly root: string;
}

/**
 * The packages `resource` stands for: a template file gives all its targets; a folder with a template gives that
 * template's; a folder a nearby template names as a function's CodeUri (or a layer's ContentUri) gives that target
 * with the template's runtime, CPU and layers; any other folder is one function's code. Rejects with a
 * PackageError when a template cannot be read.
 */
export async function selectPackageTargets(resource: string): Promise<PackageSelection> {
  const absolute = path.resolve(resource);
  const info = await stat(absolute);
  if (!info.isDirectory()) {
    const { targets, skipped } = await readTemplateTargets(absolute);
    return { targets, skipped, template: absolute, root: path.dirname(absolute) };
  }
  const own = await templateIn(absolute);
  if (own !== undefined) {
    const { targets, skipped } = await readTemplateTargets(own);
    return { targets, skipped, template: own, root: absolute };
  }
  const named = await templateNaming(absolute);
  if (named !== undefined) return { ...named, skipped: [] };
  return {
    targets: [{ name: functionNameFromFolder(absolute), kind: 'function', folder: absolute }],
    skipped: [],
    root: absolute,
  };
}

async function templateIn(folder: string): Promise<string | undefined> {
  for (const name of TEMPLATE_NAMES) {
    const candidate = path.join(folder, name);
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
  }
  return undefined;
}

/** The target of a template in a parent folder whose code is `folder` (stopping at a git root). */
async function templateNaming(
  folder: string,
): Promise<{ targets: PackageTarget[]; template: string; root: string } | undefined> {
  let parent = path.dirname(folder);
  for (let level = 0; level < MAX_PARENT_LEVELS; level += 1) {
    const template = await templateIn(parent);
    if (template !== undefined) {
      const read = await readTemplateTargets(template).catch(() => undefined);
      const targets = read?.targets.filter((target) => path.resolve(target.folder) === folder) ?? [];
      if (targets.length > 0) return { targets, template, root: parent };
    }
    const names = await readdir(parent).catch(() => [] as string[]);
    const up = path.dirname(parent);
    if (up === parent || names.includes('.git')) break;
    parent = up;
  }
  return undefined;
}

/** Sizes as Lambda's limits are given (50 MB zipped, 250 MB unzipped): in units of 1024. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
