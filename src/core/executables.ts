// Finding programs the way a shell does: the first executable of that name in PATH's folders.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The directories of a PATH string, in order, without duplicates or empty entries. */
export function pathDirectories(pathValue: string | undefined = process.env.PATH): string[] {
  const seen = new Set<string>();
  for (const dir of (pathValue ?? '').split(path.delimiter)) if (dir) seen.add(dir);
  return [...seen];
}

/** Whether `file` is a file (a folder is "executable" too) that this process may execute. */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first executable named `name` in `dirs`, or undefined. */
export function which(name: string, dirs: readonly string[] = pathDirectories()): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}
