/** Paths and checks shared by the unit tests. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A built bundle under dist/; fails with the fix when the build has not run (`npm test` always builds first). */
export function builtFile(name: string): string {
  const file = path.join(REPO_ROOT, 'dist', name);
  assert.ok(existsSync(file), `${file} is missing: run 'npm run build' first`);
  return file;
}
