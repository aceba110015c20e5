// Follows the files a bootstrap sources (and those they source), so that the rules see the functions, variables
// and Runtime API calls defined there instead of treating every `source` as unknown code. A file that cannot be
// resolved, read or parsed stays unknown code, as does `eval`: after it, anything may be defined.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeTarget } from '../../project/types';
import type { LintDocument } from '../document';
import { buildModel, type Command, type ShellModel } from './model';
import { parseShell } from './parser';
import { resolveSourcePath, singleValues, type SourcePath } from './source-paths';
import { LineIndex } from './text';

/** A file read by the bootstrap through `source` or `.`, directly or through another sourced file. */
export interface SourcedScript {
  readonly doc: LintDocument;
  readonly lines: LineIndex;
  readonly model: ShellModel;
  /** The file whose source command reads this one, and the offset of that command there. */
  readonly by: string;
  readonly at: number;
  /** Offset, in the bootstrap, of the source command through which this file is reached. */
  readonly rootAt: number;
}

/** One source command and what it was resolved to. */
export interface SourceCommand {
  /** The file the command is in. */
  readonly file: string;
  readonly command: Command;
  readonly path: SourcePath;
}

export interface SourceGraph {
  readonly bootstrap: string;
  readonly scripts: readonly SourcedScript[];
  readonly commands: readonly SourceCommand[];
  /** Per file (bootstrap included): offsets of `source`, `.` and `eval` commands whose code is not known. */
  readonly unknownCode: ReadonlyMap<string, readonly number[]>;
}

/** Text of files open in an editor (which may differ from the disk), or undefined to read the disk. */
export type OpenText = (file: string) => string | undefined;

/** Sourcing deeper than this, or more files than MAX_FILES, is left as unknown code. */
const MAX_DEPTH = 8;
const MAX_FILES = 32;
/** Larger files are not followed (a library of that size is no handler file). */
export const MAX_SOURCED_CHARS = 256 * 1024;
/** Parsing time per sourced file. */
const PARSE_BUDGET_MS = 1000;

/** Follows the source commands of the bootstrap `file` (whose model is `model`). Never rejects. */
export async function followSources(
  file: string,
  model: ShellModel,
  target: RuntimeTarget,
  openText: OpenText | undefined,
): Promise<SourceGraph> {
  const bootstrap = path.resolve(file);
  const scripts: SourcedScript[] = [];
  const commands: SourceCommand[] = [];
  const unknownCode = new Map<string, number[]>();
  /** Whether all the code a file reads is known; absent while the file is being visited (a cycle is no gap). */
  const known = new Map<string, boolean>();
  const taskRoot = target.codeFolder ?? path.dirname(bootstrap);

  const visit = async (current: string, currentModel: ShellModel, depth: number, rootAt?: number): Promise<boolean> => {
    const unknown: number[] = [];
    const values = singleValues(currentModel);
    for (const command of currentModel.commands) {
      if (command.name === 'eval') {
        unknown.push(command.node.start);
        continue;
      }
      if (command.name !== 'source' && command.name !== '.') continue;
      const arg = command.args[0];
      if (arg === undefined) continue;
      let resolved: SourcePath = { kind: 'unknown' };
      if (depth < MAX_DEPTH) {
        const scope = { bootstrap, current, taskRoot, handler: target.handler };
        resolved = await resolveSourcePath(currentModel.textOf(arg), values, scope).catch(() => ({
          kind: 'unknown' as const,
        }));
      }
      commands.push({ file: current, command, path: resolved });
      let allKnown = resolved.kind === 'files';
      for (const sourced of resolved.kind === 'files' ? resolved.files : []) {
        const state = known.get(sourced);
        if (state !== undefined || sourced === bootstrap || scripts.some((script) => script.doc.file === sourced)) {
          if (state === false) allKnown = false;
          continue;
        }
        const loaded = scripts.length < MAX_FILES ? await load(sourced, openText) : undefined;
        if (loaded === undefined) {
          known.set(sourced, false);
          allKnown = false;
          continue;
        }
        const root = rootAt ?? command.node.start;
        scripts.push({ ...loaded, by: current, at: command.node.start, rootAt: root });
        const whole = await visit(sourced, loaded.model, depth + 1, root);
        known.set(sourced, whole);
        if (!whole) allKnown = false;
      }
      if (!allKnown) unknown.push(command.node.start);
    }
    unknownCode.set(current, unknown);
    return unknown.length === 0;
  };
  known.set(bootstrap, true);
  await visit(bootstrap, model, 0);
  return { bootstrap, scripts, commands, unknownCode };
}

interface Loaded {
  readonly doc: LintDocument;
  readonly lines: LineIndex;
  readonly model: ShellModel;
}

// Linting on every keystroke reads the same sourced files again and again: parsed once per text.
const cache = new Map<string, Loaded>();
const CACHE_LIMIT = 64;

async function load(file: string, openText: OpenText | undefined): Promise<Loaded | undefined> {
  let text = openText?.(file);
  let bytes: Uint8Array | undefined;
  if (text === undefined) {
    bytes = await readFile(file).catch(() => undefined);
    if (bytes === undefined || bytes.length > MAX_SOURCED_CHARS * 2 || bytes.subarray(0, 8192).includes(0)) {
      return undefined;
    }
    text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  }
  if (text.length > MAX_SOURCED_CHARS) return undefined;
  const cached = cache.get(file);
  if (cached !== undefined && cached.doc.text === text) return cached;
  const lines = new LineIndex(text);
  const parsed = await parseShell(sanitize(text), lines, PARSE_BUDGET_MS).catch(() => undefined);
  if (parsed === undefined || !parsed.complete) return undefined;
  const loaded: Loaded = {
    doc: { file, bytes: bytes ?? new TextEncoder().encode(text), text },
    lines,
    model: buildModel(text, parsed),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(file, loaded);
  return loaded;
}

/** Carriage returns before line ends and a byte-order mark become spaces: same offsets, no spurious errors. */
export function sanitize(text: string): string {
  if (text.charCodeAt(0) !== 0xfeff && !text.includes('\r')) return text;
  return text.replace(/^\uFEFF/, ' ').replace(/\r(?=\n|$)/g, ' ');
}
