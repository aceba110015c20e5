// The answers of the Add… commands (event, bootstrap, Dockerfile) given as argument objects, and the defaults
// they propose. No vscode here: tested on plain Node.
import path from 'node:path';
import { LANGUAGES } from '../../core/scaffold';
import type { Architecture } from '../../core/types';
import type { BaseRuntime, Language } from '../../core/scaffold/types';
import { languageFromExtension } from './detect';
import {
  ARCHITECTURES,
  ArgumentError,
  asObject,
  BASES,
  checkKeys,
  CONFLICT_POLICIES,
  DEFAULT_BASE,
  folderFromArgument,
  oneOf,
  type ConflictPolicy,
} from './request';

/** A `lambdaRuntime.addEvent` run decided in full. */
export interface AddEventRequest {
  readonly source: string;
  readonly folder: string;
  readonly onConflict: ConflictPolicy;
  readonly open: boolean;
}

/**
 * Checks the argument object of `lambdaRuntime.addEvent`: `{ source, folder, onConflict?, open? }`.
 * `sources` are the catalogue's ids, named in the message when `source` is not one of them.
 */
export function parseAddEventArgs(value: unknown, sources: readonly string[]): AddEventRequest {
  const command = 'Add Sample Event';
  const args = asObject(value, command);
  checkKeys(args, ['source', 'folder', 'onConflict', 'open'], command);
  if (args.source === undefined) throw new ArgumentError(`source is missing: give one of ${sources.join(', ')}.`);
  const source = typeof args.source === 'string' ? args.source.trim().toLowerCase() : undefined;
  if (source === undefined || !sources.includes(source)) {
    throw new ArgumentError(
      `source ${JSON.stringify(args.source)} is no sample event of the catalogue: give one of ${sources.join(', ')}.`,
    );
  }
  if (args.open !== undefined && typeof args.open !== 'boolean') throw new ArgumentError('open must be true or false.');
  return {
    source,
    folder: folderFromArgument(args.folder, 'folder'),
    onConflict: oneOf(args.onConflict, CONFLICT_POLICIES, 'onConflict', 'ask'),
    open: (args.open as boolean | undefined) ?? true,
  };
}

/** A `lambdaRuntime.addBootstrap` run decided in full. */
export interface AddBootstrapRequest {
  readonly language: Language;
  readonly folder: string;
  readonly onConflict: ConflictPolicy;
  readonly open: boolean;
}

/** Checks the argument object of `lambdaRuntime.addBootstrap`: `{ language, folder, onConflict?, open? }`. */
export function parseAddBootstrapArgs(value: unknown): AddBootstrapRequest {
  const command = 'Add Bootstrap';
  const args = asObject(value, command);
  checkKeys(args, ['language', 'folder', 'onConflict', 'open'], command);
  const languages = LANGUAGES.map((language) => language.id);
  if (args.language === undefined) throw new ArgumentError(`language is missing: give one of ${languages.join(', ')}.`);
  if (args.open !== undefined && typeof args.open !== 'boolean') throw new ArgumentError('open must be true or false.');
  return {
    language: oneOf(args.language, languages, 'language', languages[0]),
    folder: folderFromArgument(args.folder, 'folder'),
    onConflict: oneOf(args.onConflict, CONFLICT_POLICIES, 'onConflict', 'ask'),
    open: (args.open as boolean | undefined) ?? true,
  };
}

/** The answers of `lambdaRuntime.addDockerfile` given as an argument object; what is left out is asked or found. */
export interface AddDockerfileArgs {
  readonly folder: string;
  readonly base?: BaseRuntime;
  readonly architecture?: Architecture;
  readonly handler?: string;
  readonly onConflict: ConflictPolicy;
  readonly open: boolean;
}

/**
 * Checks the argument object of `lambdaRuntime.addDockerfile`:
 * `{ folder, base?, architecture?, handler?, onConflict?, open? }` (folder: the bootstrap's folder or the bootstrap).
 */
export function parseAddDockerfileArgs(value: unknown): AddDockerfileArgs {
  const command = 'Add Dockerfile';
  const args = asObject(value, command);
  checkKeys(args, ['folder', 'base', 'architecture', 'handler', 'onConflict', 'open'], command);
  if (args.handler !== undefined && (typeof args.handler !== 'string' || args.handler.trim() === '')) {
    throw new ArgumentError('handler must be a non-empty string, e.g. "function.handler".');
  }
  if (args.open !== undefined && typeof args.open !== 'boolean') throw new ArgumentError('open must be true or false.');
  return {
    folder: folderFromArgument(args.folder, 'folder'),
    base: args.base === undefined ? undefined : oneOf(args.base, BASES, 'base', DEFAULT_BASE),
    architecture:
      args.architecture === undefined ? undefined : oneOf(args.architecture, ARCHITECTURES, 'architecture', 'x86_64'),
    handler: args.handler as string | undefined,
    onConflict: oneOf(args.onConflict, CONFLICT_POLICIES, 'onConflict', 'ask'),
    open: (args.open as boolean | undefined) ?? true,
  };
}

/**
 * The `_HANDLER` Add Dockerfile proposes when no template names one: the first handler-looking file's stem
 * with `.handler` (`function.sh` gives `function.handler`), else `function.handler`.
 */
export function defaultHandler(handlerFiles: readonly string[]): string {
  const [first] = handlerFiles;
  return first === undefined ? 'function.handler' : `${path.basename(first, path.extname(first))}.handler`;
}

/** The language a folder's handler files suggest, for preselecting Add Bootstrap's picker. */
export function languageOfFolder(names: readonly string[]): Language | undefined {
  const counts = new Map<Language, number>();
  for (const name of names) {
    if (name.startsWith('.') || name === 'bootstrap') continue;
    const language = languageFromExtension(name);
    if (language !== undefined) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
