// Finding debugger executables on PATH (and where distributions put versioned LLVM tools), and reading versions.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { isExecutable, pathDirectories, which } from '../../executables';

export { pathDirectories, which };

/** An executable found under a base name, possibly with a version suffix (`lldb-dap-19`). */
export interface VersionedTool {
  readonly path: string;
  /** The suffix's major version, when the name has one. */
  readonly major?: number;
}

/**
 * Every executable in `dirs` named `base` or `base-N` (Debian and Ubuntu install LLVM tools as `lldb-dap-19`),
 * the highest version first and an unversioned name after the versioned ones of the same directory order.
 */
export function findVersioned(base: string, dirs: readonly string[] = pathDirectories()): VersionedTool[] {
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:-(\\d+))?$`);
  const found: VersionedTool[] = [];
  const names = new Set<string>();
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries.sort()) {
      const match = pattern.exec(entry);
      if (!match || names.has(entry)) continue;
      const file = path.join(dir, entry);
      if (!isExecutable(file)) continue;
      names.add(entry);
      found.push({ path: file, major: match[1] ? Number(match[1]) : undefined });
    }
  }
  // Stable: a versioned name beats an unversioned one only by its number; unversioned keep PATH order at the end.
  return found.sort((a, b) => (b.major ?? -1) - (a.major ?? -1));
}

/** The first dotted version number (`1.20.2`, `19.1.7`) in a tool's version text. */
export function parseVersion(text: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
}

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Runs `file args` briefly and returns the version it prints, or undefined when it cannot run. */
export async function toolVersion(file: string, args: readonly string[]): Promise<string | undefined> {
  const result = await execa(file, [...args], { reject: false, timeout: 10_000, stdin: 'ignore' });
  if (result.failed && !result.stdout) return undefined;
  return parseVersion(`${result.stdout}\n${result.stderr}`);
}
