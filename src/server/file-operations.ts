// Carries out the parts of quick fixes that are not text edits: making a bootstrap executable on disk and in
// git's index, and adding a line to .gitattributes. Each keeps everything else of the user's as it was.
import { execa } from 'execa';
import { appendFile, chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileOperation } from '../core/lint/types';

/** How long git may take to update its index before the fix is reported as failed. */
const GIT_TIMEOUT_MS = 15_000;

/**
 * The mode `mode` with read and execute permission for everyone, write and special bits kept. Lambda runs the
 * bootstrap as a user that owns neither the file nor its group, and a script must be readable to be run, so
 * anything less than r-x for others still fails with "permission denied" (and the exec-bit rule still fires).
 */
export function executableMode(mode: number): number {
  return (mode & 0o7777) | 0o555;
}

/** Carries out one file operation; `trusted` false refuses the ones that run a program (git). */
export async function applyFileOperation(operation: FileOperation, trusted: boolean): Promise<void> {
  switch (operation.kind) {
    case 'chmod-executable': {
      const info = await stat(operation.file);
      await chmod(operation.file, executableMode(info.mode));
      return;
    }
    case 'git-chmod-executable': {
      if (!trusted) throw new Error('git is not run in an untrusted workspace; trust the workspace to use this fix.');
      await execa('git', ['update-index', '--chmod=+x', '--', path.basename(operation.file)], {
        cwd: path.dirname(operation.file),
        timeout: GIT_TIMEOUT_MS,
        stdin: 'ignore',
      });
      return;
    }
    case 'append-line':
      await appendLine(operation.file, operation.line);
      return;
    case 'remove-bom':
      await removeByteOrderMark(operation.file);
      return;
    default: {
      const unknown: never = operation;
      throw new Error(`Unknown file operation ${JSON.stringify(unknown)}`);
    }
  }
}

/** Adds `line` at the end of `file` (created if absent) unless the same line is already there. */
export async function appendLine(file: string, line: string): Promise<void> {
  let existing = '';
  try {
    existing = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const lines = existing.split(/\r?\n/);
  if (lines.some((candidate) => candidate.trim() === line.trim())) return;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const separator = existing === '' || existing.endsWith('\n') ? '' : eol;
  // Appended, not rewritten: whatever else is in the file stays byte for byte.
  await appendFile(file, `${separator}${line}${eol}`);
}

/** Rewrites `file` without its leading UTF-8 byte-order mark; any other file is left untouched. */
export async function removeByteOrderMark(file: string): Promise<void> {
  const bytes = await readFile(file);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) await writeFile(file, bytes.subarray(3));
}

/** A key that identifies an operation, to check that a requested operation is one the server proposed. */
export function operationKey(operation: FileOperation): string {
  return JSON.stringify([
    operation.kind,
    path.resolve(operation.file),
    operation.kind === 'append-line' ? operation.line : '',
  ]);
}
