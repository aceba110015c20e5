/** Throwaway projects for the project-model tests, each its own repository root under one temporary folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** Returns `project(name, files)`, which writes `files` (path → text) into a new project and returns its folder. */
export function scratchProjects(prefix: string): (name: string, files: Record<string, string>) => string {
  const work = mkdtempSync(path.join(tmpdir(), prefix));
  after(() => rmSync(work, { recursive: true, force: true }));
  return (name, files) => {
    const root = path.join(work, name);
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, '.git'), ''); // a repository root: the search stops here
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return root;
  };
}
