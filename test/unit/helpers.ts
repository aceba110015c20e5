/** Paths and checks shared by the unit tests. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../vscode/workspace';

export { REPO_ROOT };

/** The parsed package.json. */
export const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

/** A built bundle under dist/; fails with the fix when the build has not run (`npm test` always builds first). */
export function builtFile(name: string): string {
  const file = path.join(REPO_ROOT, 'dist', name);
  assert.ok(existsSync(file), `${file} is missing: run 'npm run build' first`);
  return file;
}

/** Live processes whose environment mentions `text` (Linux /proc; zombies do not count). */
export function processesWithEnvironment(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return (
          !/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8')) &&
          readFileSync(`/proc/${entry}/environ`, 'latin1').includes(text)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}
