// Rules about a bootstrap's permissions rather than its text: `exec-bit` (the file mode on disk) and `git-exec-bit`
// (the mode git records, which is what a clone, a CI build or a zip made from the repository gets).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { ruleFinding } from './rules';
import type { Finding, Fix, LintOptions, Range } from './types';

const FIRST_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Lints the permissions of `file`. A file that is not on disk (yet) has no findings. Never throws. */
export async function lintFileMode(file: string, options: LintOptions): Promise<Finding[]> {
  let mode: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return [];
    mode = info.mode;
  } catch {
    return [];
  }
  const tracked = options.trusted ? await gitMode(file) : undefined;
  const findings: Finding[] = [];
  // Windows has no execute bits to read: there only git's record tells.
  if (process.platform !== 'win32' && (mode & 0o111) !== 0o111) {
    const fixes: Fix[] = [
      {
        title: 'Make the bootstrap executable (chmod +x)',
        operations: [
          { kind: 'chmod-executable', file },
          ...(tracked === '100644' ? [{ kind: 'git-chmod-executable' as const, file }] : []),
        ],
        preferred: true,
      },
    ];
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    const message =
      (mode & 0o111) === 0
        ? `The bootstrap is not executable (mode ${octal}): Lambda cannot run it ("permission denied", ` +
          'Runtime.InvalidEntrypoint). Run `chmod +x` on it before packaging.'
        : `The bootstrap is executable only for some users (mode ${octal}), and Lambda runs it as another user: ` +
          'it fails with "permission denied" (Runtime.InvalidEntrypoint). Make it executable for all (`chmod 755`).';
    findings.push(ruleFinding('exec-bit', file, FIRST_LINE, message, fixes));
  }
  if (tracked === '100644') {
    const message =
      'git records the bootstrap without the executable bit (mode 100644): a clone, a CI build or a zip made from ' +
      'the repository gets a bootstrap Lambda cannot run (Runtime.InvalidEntrypoint). ' +
      'Run `git update-index --chmod=+x` on it and commit.';
    const fix: Fix = {
      title: 'Record the executable bit in git (git update-index --chmod=+x)',
      operations: [{ kind: 'git-chmod-executable', file }],
      preferred: true,
    };
    findings.push(ruleFinding('git-exec-bit', file, FIRST_LINE, message, [fix]));
  }
  return findings;
}

/** The mode git's index holds for `file` (`100644`, `100755`), or undefined: untracked, no repository, no git. */
export async function gitMode(file: string): Promise<string | undefined> {
  const index = await gitIndex(path.dirname(file));
  if (index === null) return undefined; // Not inside a repository: no need to start git.
  // The editor lints on every change: ask git again only when its index file has changed.
  const cached = cache.get(file);
  if (index !== undefined && cached?.index === index.path && cached.stamp === index.stamp) return cached.mode;
  const mode = await askGit(file);
  if (index !== undefined) cache.set(file, { index: index.path, stamp: index.stamp, mode });
  return mode;
}

const cache = new Map<string, { index: string; stamp: string; mode: string | undefined }>();

/**
 * The index file of the repository around `folder` with a stamp of its state; undefined when there is a repository
 * whose index cannot be watched (a worktree or submodule, whose `.git` is a file); null when there is none.
 */
async function gitIndex(folder: string): Promise<{ path: string; stamp: string } | undefined | null> {
  for (let current = folder, depth = 0; depth < 64; depth++) {
    const dotGit = path.join(current, '.git');
    try {
      const info = await stat(dotGit);
      if (!info.isDirectory()) return undefined;
      const index = path.join(dotGit, 'index');
      const indexInfo = await stat(index).catch(() => undefined);
      return {
        path: index,
        stamp: indexInfo === undefined ? 'none' : `${indexInfo.ino}:${indexInfo.mtimeMs}:${indexInfo.size}`,
      };
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return null;
      current = parent;
    }
  }
  return null;
}

async function askGit(file: string): Promise<string | undefined> {
  try {
    const result = await execa('git', ['ls-files', '--stage', '--', `:(literal)${path.basename(file)}`], {
      cwd: path.dirname(file),
      reject: false,
      timeout: 5000,
      env: { GIT_OPTIONAL_LOCKS: '0' },
    });
    if (result.failed || result.exitCode !== 0) return undefined;
    const match = /^(\d{6}) [0-9a-f]+ \d+\t/m.exec(String(result.stdout));
    return match?.[1];
  } catch {
    return undefined;
  }
}
