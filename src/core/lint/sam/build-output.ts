// Signs that a function's bootstrap is made by a build step the template does not describe (cargo lambda, a
// Makefile, `go build -o bootstrap`): its CodeUri lies in a build-output folder, or the repository's .gitignore
// keeps `bootstrap` out of version control. A project checked out before that build is not missing anything.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const BUILD_FOLDERS = new Set(['target', 'dist', 'build', 'out', 'bin', '.build', 'artifacts', '.aws-sam']);
/** .gitignore files are read from the CodeUri folder up to this many parents (or the repository root). */
const MAX_LEVELS = 6;

/** Whether `relative` (a CodeUri, relative to the template) is something a build creates: an output folder or an archive. */
export function isBuildOutput(relative: string): boolean {
  const parts = relative.split(/[\\/]/);
  return /\.(zip|jar)$/i.test(relative) || parts.some((part) => BUILD_FOLDERS.has(part));
}

/** Whether a .gitignore between `folder` and the repository root ignores `folder/bootstrap`. */
export async function bootstrapIgnored(folder: string): Promise<boolean> {
  const bootstrap = path.join(folder, 'bootstrap');
  let current = folder;
  for (let level = 0; level <= MAX_LEVELS; level++) {
    const text = await readFile(path.join(current, '.gitignore'), 'utf8').catch(() => '');
    const relative = path.relative(current, bootstrap).split(path.sep).join('/');
    if (text !== '' && ignores(text, relative)) return true;
    const isRoot = await readFile(path.join(current, '.git'))
      .then(() => true)
      .catch((error: NodeJS.ErrnoException) => error.code === 'EISDIR');
    const parent = path.dirname(current);
    if (isRoot || parent === current) return false;
    current = parent;
  }
  return false;
}

/** Whether a .gitignore's lines ignore the file at `relative` (a simplified reading: no negation is honoured). */
function ignores(text: string, relative: string): boolean {
  const name = path.posix.basename(relative);
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/\/$/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const anchored = line.replace(/^\*\*\//, '');
    if (!anchored.includes('/') ? glob(anchored, name) : glob(anchored.replace(/^\//, ''), relative)) return true;
  }
  return false;
}

function glob(pattern: string, text: string): boolean {
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]'),
    )
    .join('.*');
  try {
    return new RegExp(`^${source}$`).test(text);
  } catch {
    return false;
  }
}
