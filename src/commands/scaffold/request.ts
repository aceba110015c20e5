// The answers of the scaffolding commands, as plain data: what an argument object may say, the defaults a
// prompt starts from, and the checks both apply. No vscode here, so that all of it is tested on plain Node.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { functionNameFromFolder, hostArchitecture, LANGUAGES, validateFunctionName } from '../../core/scaffold';
import type { BaseRuntime, Packaging, ScaffoldOptions } from '../../core/scaffold/types';
import type { Architecture } from '../../core/types';

export type ConflictPolicy = 'ask' | 'keep' | 'overwrite';

export const PACKAGINGS: readonly Packaging[] = ['zip', 'image', 'layer'];
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];
export const BASES: readonly BaseRuntime[] = ['provided.al2023', 'provided.al2'];
export const DEFAULT_BASE: BaseRuntime = 'provided.al2023';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['ask', 'keep', 'overwrite'];

/** The order of the New Custom Runtime prompts; the step counter is the index plus one. */
export const WIZARD_STEPS = ['language', 'packaging', 'architecture', 'base', 'folder', 'name'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** A `lambdaRuntime.newProject` run decided in full, from an argument object or from the prompts. */
export interface NewProjectRequest {
  readonly options: ScaffoldOptions;
  /** Absolute. */
  readonly folder: string;
  readonly onConflict: ConflictPolicy;
  /** Open the handler once written. */
  readonly open: boolean;
}

/** Bad input from a caller; its message is a sentence for the user. */
export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
}

/** An absolute folder from a string path or anything Uri-like; a Uri must be a local file. */
export function folderFromArgument(value: unknown, what: string): string {
  if (typeof value === 'string') {
    if (value.trim() === '') throw new ArgumentError(`${what} is empty: give an absolute folder path.`);
    if (!path.isAbsolute(value)) throw new ArgumentError(`${what} "${value}" is not an absolute path: give one.`);
    return path.resolve(value);
  }
  if (typeof value === 'object' && value !== null && typeof (value as { fsPath?: unknown }).fsPath === 'string') {
    const uri = value as { fsPath: string; scheme?: unknown };
    if (uri.scheme !== undefined && uri.scheme !== 'file') {
      throw new ArgumentError(`${what} is a ${String(uri.scheme)}: URI; scaffolds are written to local folders only.`);
    }
    return path.resolve(uri.fsPath);
  }
  throw new ArgumentError(`${what} is missing: give an absolute folder path or a file URI.`);
}

/** `value` when it is one of `allowed`, `fallback` when it is undefined. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ArgumentError(`${what} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}.`);
}

/** Refuses keys an argument object should not have (a misspelt option would otherwise be ignored). */
export function checkKeys(value: Record<string, unknown>, allowed: readonly string[], command: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ArgumentError(`${command} does not know ${unknown.join(', ')}; it takes ${allowed.join(', ')}.`);
  }
}

/** `value` as an argument object, or a sentence saying it is not one. */
export function asObject(value: unknown, command: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArgumentError(`${command} takes one argument object, not ${JSON.stringify(value) ?? String(value)}.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Checks the argument object of `lambdaRuntime.newProject` and fills in the defaults (zip, this machine's
 * architecture, provided.al2023, a name from the folder, ask on conflict, open the handler).
 * @throws ArgumentError with a sentence that says what is wrong and what to give instead.
 */
export function parseNewProjectArgs(value: unknown, host: Architecture = hostArchitecture()): NewProjectRequest {
  const command = 'New Custom Runtime';
  const args = asObject(value, command);
  checkKeys(
    args,
    ['language', 'packaging', 'architecture', 'base', 'folder', 'functionName', 'onConflict', 'open'],
    command,
  );
  const languages = LANGUAGES.map((language) => language.id);
  if (args.language === undefined) throw new ArgumentError(`language is missing: give one of ${languages.join(', ')}.`);
  const language = oneOf(args.language, languages, 'language', languages[0]);
  const folder = folderFromArgument(args.folder, 'folder');
  let functionName = functionNameFromFolder(folder);
  if (args.functionName !== undefined) {
    if (typeof args.functionName !== 'string') throw new ArgumentError('functionName must be a string.');
    const problem = validateFunctionName(args.functionName);
    if (problem !== undefined) throw new ArgumentError(`functionName "${args.functionName}": ${problem}`);
    functionName = args.functionName;
  }
  if (args.open !== undefined && typeof args.open !== 'boolean') throw new ArgumentError('open must be true or false.');
  return {
    options: {
      language,
      packaging: oneOf(args.packaging, PACKAGINGS, 'packaging', 'zip'),
      architecture: oneOf(args.architecture, ARCHITECTURES, 'architecture', host),
      base: oneOf(args.base, BASES, 'base', DEFAULT_BASE),
      functionName,
    },
    folder,
    onConflict: oneOf(args.onConflict, CONFLICT_POLICIES, 'onConflict', 'ask'),
    open: (args.open as boolean | undefined) ?? true,
  };
}

/** What a target folder holds, for the folder step: a file is refused, files the scaffold writes are named. */
export type FolderState =
  | { readonly kind: 'file' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ready'; readonly existing: readonly string[] };

/** Looks at `folder` for the folder step. `paths` are the scaffold's relative paths; `existing` keeps their order. */
export function inspectFolder(folder: string, paths: readonly string[]): FolderState {
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (stats === undefined) return { kind: 'missing' };
  if (!stats.isDirectory()) return { kind: 'file' };
  return {
    kind: 'ready',
    existing: paths.filter((file) => statSync(path.join(folder, file), { throwIfNoEntry: false })),
  };
}

/**
 * The files of `files` that exist in `folder` with other content: the ones the writer will ask about.
 * A file that cannot be read counts as differing (the writer asks rather than overwrites).
 */
export function conflictingFiles<T extends { readonly path: string; readonly content: string }>(
  folder: string,
  files: readonly T[],
): T[] {
  return files.filter((file) => {
    const absolute = path.join(folder, file.path);
    if (statSync(absolute, { throwIfNoEntry: false }) === undefined) return false;
    try {
      return readFileSync(absolute, 'utf8') !== file.content;
    } catch {
      return true;
    }
  });
}

/**
 * The folder the user typed in the folder step: relative to `base` (a workspace folder) or absolute.
 * Returns the absolute folder, or a sentence saying what is wrong with the text.
 */
export function resolveFolderInput(base: string | undefined, text: string): { folder: string } | { error: string } {
  const value = text.trim();
  if (value === '') return { error: 'Type a folder name.' };
  if (path.isAbsolute(value)) return { folder: path.resolve(value) };
  if (base === undefined) return { error: 'No workspace folder is open: type an absolute path or choose Browse….' };
  if (value.split(/[\\/]/).some((segment) => segment === '..')) {
    return { error: 'A new folder is made inside the workspace folder: leave out "..".' };
  }
  if (/[<>:"|?*\u0000-\u001f]/.test(value)) return { error: `"${value}" has characters a folder name cannot have.` };
  return { folder: path.resolve(base, value) };
}

/** Whether `folder` is `root` or inside it. */
export function isInside(folder: string, root: string): boolean {
  const relative = path.relative(root, folder);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
