// The server's command that carries out a quick fix's file operations. It only runs operations that a current
// finding proposes, so another extension calling the command cannot make the server chmod or append to any file.
import type { Connection } from 'vscode-languageserver/node';
import type { FileOperation } from '../core/lint/types';
import type { ApplyFileOperationsArgs } from './code-actions';
import { applyFileOperation, operationKey } from './file-operations';
import type { DocumentLinter } from './linter';

/** What the command answers: how many operations were carried out, and what went wrong with the others. */
export interface ApplyFileOperationsResult {
  readonly applied: number;
  readonly errors: readonly string[];
}

/** Carries out `args` (the code action's argument), then lints every open document again and republishes. */
export async function applyFileOperations(
  connection: Connection,
  linter: DocumentLinter,
  trusted: boolean,
  args: unknown,
): Promise<ApplyFileOperationsResult> {
  const operations = parseArgs(args);
  const proposed = proposedOperations(linter);
  const errors: string[] = [];
  let applied = 0;
  for (const operation of operations) {
    if (!proposed.has(operationKey(operation))) {
      errors.push(`${describe(operation)}: this fix is no longer offered (the file changed since); nothing was done.`);
      continue;
    }
    try {
      await applyFileOperation(operation, trusted);
      applied += 1;
    } catch (error) {
      errors.push(`${describe(operation)} failed: ${error instanceof Error ? firstLine(error.message) : error}`);
    }
  }
  // File operations change what the rules see (mode, git index, .gitattributes) for more than one document.
  await linter.lintAll();
  if (errors.length > 0) void connection.window.showErrorMessage(`Lambda Runtime Kit: ${errors.join(' ')}`);
  return { applied, errors };
}

function parseArgs(args: unknown): FileOperation[] {
  const operations = (args as Partial<ApplyFileOperationsArgs> | undefined)?.operations;
  if (!Array.isArray(operations)) return [];
  return operations.filter(
    (operation): operation is FileOperation =>
      typeof operation === 'object' &&
      operation !== null &&
      typeof operation.file === 'string' &&
      ['chmod-executable', 'git-chmod-executable', 'append-line'].includes(operation.kind) &&
      (operation.kind !== 'append-line' || typeof operation.line === 'string'),
  );
}

function proposedOperations(linter: DocumentLinter): Set<string> {
  const keys = new Set<string>();
  for (const result of linter.results.values()) {
    for (const finding of result.findings) {
      for (const fix of finding.fixes ?? [])
        for (const operation of fix.operations ?? []) keys.add(operationKey(operation));
    }
  }
  return keys;
}

function describe(operation: FileOperation): string {
  switch (operation.kind) {
    case 'chmod-executable':
      return `Making ${operation.file} executable`;
    case 'git-chmod-executable':
      return `Marking ${operation.file} executable in git`;
    case 'append-line':
      return `Adding '${operation.line}' to ${operation.file}`;
    case 'remove-bom':
      return `Removing the byte-order mark of ${operation.file}`;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
