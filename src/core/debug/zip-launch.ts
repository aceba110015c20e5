// F5 with `zip`: the function runs from its deployment zip, extracted to a temporary task root with the zip's own
// modes, while breakpoints are set on the workspace's files. The debuggers see the extracted paths (or /var/task in
// the sandbox); the mapping below sends them to the folder the zip was built from, and to the extracted copy for
// what only the zip has (dependencies installed by the build).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PathMapping } from '../path-mappings';
import { readTemplateFunctions } from '../project/template-functions';
import { within } from '../within';

/** A launch's zip, extracted: plain data, so that it travels inside the debug configuration. */
export interface ZipLaunch {
  /** The deployment zip, absolute. */
  readonly file: string;
  /** The temporary folder it is extracted to: the task root the runtime runs in. */
  readonly taskRoot: string;
  /** The workspace folders whose files stand for the zip's, the first that has a file winning. */
  readonly local: readonly string[];
}

/** Folders never taken for the code a zip was built from. */
const NOT_SOURCE = new Set(['node_modules', '.git', '.aws-sam', '.vscode', 'cdk.out', 'dist', 'build', 'target']);

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function contentOf(file: string): Buffer | undefined {
  try {
    return statSync(file).isFile() ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** `folder` and its subfolders that may hold code, in name order. */
function withSubfolders(folder: string): string[] {
  let children;
  try {
    children = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [folder];
  }
  const code = children.filter(
    (child) => child.isDirectory() && !NOT_SOURCE.has(child.name) && !child.name.startsWith('.'),
  );
  return [folder, ...code.map((child) => path.join(folder, child.name)).sort()];
}

/**
 * The folders a zip (`zipFile`, extracted at `taskRoot`) may have been built from: the provided.* code folders of
 * `templates`, the zip's own folder and its parent (within the workspace) with their subfolders (a `dist/` beside
 * the code), the workspace `folder` and its subfolders. The one that holds `marker` (the handler file's path in the
 * zip, else the bootstrap) with the same content comes first, then one that holds it at all; the workspace folder
 * is the last resort.
 */
export async function zipSourceFolders(
  zipFile: string,
  taskRoot: string,
  marker: string,
  folder: string | undefined,
  templates: readonly string[],
): Promise<string[]> {
  const candidates: string[] = [];
  for (const template of templates) {
    const found = await readTemplateFunctions(template).catch(() => ({ functions: [] }));
    for (const fn of found.functions)
      if (fn.packageType === 'Zip' && isDirectory(fn.codeUri)) candidates.push(fn.codeUri);
  }
  const zipFolder = path.dirname(zipFile);
  for (const near of [zipFolder, path.dirname(zipFolder)])
    if (folder === undefined || within(folder, near)) candidates.push(...withSubfolders(near));
  if (folder !== undefined) candidates.push(...withSubfolders(folder));
  const unique = [...new Set(candidates.map((candidate) => path.resolve(candidate)))].filter(
    (candidate) => candidate !== taskRoot,
  );
  const inZip = contentOf(path.join(taskRoot, marker));
  const same = unique.filter((candidate) => {
    const local = contentOf(path.join(candidate, marker));
    return local !== undefined && inZip !== undefined && local.equals(inZip);
  });
  const holding = unique.filter((candidate) => !same.includes(candidate) && contentOf(path.join(candidate, marker)));
  const chosen = [...same, ...holding];
  if (chosen.length > 0) return [chosen[0]!];
  return folder !== undefined ? [path.resolve(folder)] : [];
}

/**
 * The session's path mappings with the zip's: where the extracted folder is mapped (to /var/task in the sandbox)
 * its files are the workspace's; in place, the extracted folder itself is mapped. The extracted folder stays the
 * last local folder, for the files only the zip has.
 */
export function zipPathMappings(mappings: readonly PathMapping[], zip: ZipLaunch): PathMapping[] {
  const local = [...zip.local.filter((folder) => folder !== zip.taskRoot), zip.taskRoot];
  let mapped = false;
  const result = mappings.map((mapping) => {
    if (!mapping.local.includes(zip.taskRoot)) return mapping;
    mapped = true;
    return { runtime: mapping.runtime, local };
  });
  return mapped ? result : [{ runtime: zip.taskRoot, local }, ...result];
}
