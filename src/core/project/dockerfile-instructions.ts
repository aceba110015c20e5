// Reading single Dockerfile instructions: CMD/ENTRYPOINT forms, COPY/ADD sources and destination, RUN words,
// and variable substitution as Docker does it (with Lambda's own variables known).
import path from 'node:path';
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import { LAMBDA_RUNTIME_DIR, LAMBDA_TASK_ROOT } from './names';
import { unquote, type Word } from './run-commands';

/** CMD or ENTRYPOINT: exec (JSON) form or shell form, and its arguments. */
export interface CommandInstruction {
  readonly instruction: Instruction;
  readonly form: 'json' | 'shell';
  /** JSON form: the array's strings; shell form: the words as written. */
  readonly args: readonly string[];
  /** Where the arguments are (after the keyword); null when there are none. */
  readonly argsRange: Range | null;
}

export interface CopyInstruction {
  readonly instruction: Instruction;
  readonly keyword: 'COPY' | 'ADD';
  /** `--from=<stage or image>`: the sources are not build-context files. */
  readonly fromStage?: string;
  readonly chmod?: Word;
  /** `COPY <<EOF dest`: the content is inline. */
  readonly heredoc: boolean;
  readonly json: boolean;
  readonly sources: readonly Word[];
  readonly destination: Word;
  /** Absolute destination in the image: variables substituted, relative paths joined to WORKDIR. */
  readonly destinationPath: string;
  /** Whether the sources land inside `destinationPath` (a folder) rather than being renamed to it. */
  readonly destinationIsFolder: boolean;
}

export interface RunInstruction {
  readonly instruction: Instruction;
  /** Words with quotes removed and variables substituted (ranges are the words' places in the Dockerfile). */
  readonly words: readonly Word[];
}
const LAMBDA_DEFAULTS: Readonly<Record<string, string>> = {
  LAMBDA_RUNTIME_DIR,
  LAMBDA_TASK_ROOT,
};
/** Folders that exist in Lambda images, so `COPY x /var/runtime` puts x inside rather than renaming it. */
const KNOWN_FOLDERS = new Set([
  '/',
  LAMBDA_RUNTIME_DIR,
  LAMBDA_TASK_ROOT,
  '/opt',
  '/tmp',
  '/usr/local/bin',
  '/usr/bin',
  '/bin',
  '/opt/bin',
]);

/** Docker's rule: arguments that parse as a JSON array of strings are the exec form, anything else the shell form. */
export function readCommand(instruction: Instruction): CommandInstruction {
  const argsRange = instruction.getArgumentsRange();
  const json = parseJsonArray(instruction.getArgumentsContent());
  if (json !== undefined) return { instruction, form: 'json', args: json, argsRange };
  return { instruction, form: 'shell', args: instruction.getArguments().map((a) => a.getValue()), argsRange };
}

export function parseJsonArray(content: string | null): string[] | undefined {
  if (content === null || !content.trimStart().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(content);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

export function readCopy(
  ast: Dockerfile,
  instruction: Instruction,
  keyword: 'COPY' | 'ADD',
  workdir: string,
): CopyInstruction | undefined {
  const line = instruction.getRange().start.line;
  const flags = 'getFlags' in instruction ? (instruction as unknown as { getFlags(): FlagLike[] }).getFlags() : [];
  const flag = (name: string) => flags.find((f) => f.getName().toLowerCase() === name);
  const chmodFlag = flag('chmod');
  const chmodValue = chmodFlag?.getValue();
  const chmod = chmodValue == null ? undefined : { text: chmodValue, range: chmodFlag?.getValueRange() ?? undefined };
  const heredoc = (instruction.getArgumentsContent() ?? '').trimStart().startsWith('<<');
  let words: Word[];
  let json = false;
  const jsonArgs = parseJsonArray(instruction.getArgumentsContent());
  if (heredoc) {
    // `COPY <<EOF /dest`: the destination is the last word on the instruction's first line.
    const firstLine = instruction.getArguments().filter((a) => a.getRange().start.line === line);
    words = firstLine.map((a) => ({ text: a.getValue(), range: a.getRange() }));
  } else if (jsonArgs !== undefined) {
    json = true;
    const strings = 'getJSONStrings' in instruction ? (instruction as unknown as JsonLike).getJSONStrings() : [];
    words = jsonArgs.map((text, i) => ({ text, range: strings[i]?.getRange() }));
  } else {
    words = instruction.getArguments().map((a) => ({ text: unquote(a.getValue()), range: a.getRange() }));
  }
  if (words.length < 2) return undefined;
  const expanded = words.map((word) => ({ text: expand(ast, word.text, line), range: word.range }));
  const destination = expanded[expanded.length - 1];
  const sources = heredoc ? [] : expanded.slice(0, -1);
  const destinationPath = path.posix.resolve(workdir, destination.text || '.');
  const destinationIsFolder =
    /(\/|^\.|\/\.)$/.test(destination.text) ||
    sources.length > 1 ||
    sources.some((source) => /[*?[]/.test(source.text)) ||
    KNOWN_FOLDERS.has(destinationPath) ||
    destinationPath === workdir;
  const fromValue = flag('from')?.getValue();
  return {
    instruction,
    keyword,
    fromStage: fromValue == null ? undefined : fromValue,
    chmod,
    heredoc,
    json,
    sources,
    destination: { text: words[words.length - 1].text, range: destination.range },
    destinationPath,
    destinationIsFolder,
  };
}

interface FlagLike {
  getName(): string;
  getValue(): string | null;
  getValueRange(): Range | null;
}
interface JsonLike {
  getJSONStrings(): { getRange(): Range }[];
}

export function runWords(ast: Dockerfile, instruction: Instruction): Word[] {
  const line = instruction.getRange().start.line;
  const json = parseJsonArray(instruction.getArgumentsContent());
  if (json !== undefined) {
    // `RUN ["sh", "-c", "a && b"]`: the words of the script, without places.
    return json
      .flatMap((item) => item.split(/\s+/).filter(Boolean))
      .map((text) => ({ text: expand(ast, unquote(text), line) }));
  }
  return instruction
    .getArguments()
    .map((a) => ({ text: expand(ast, unquote(a.getValue()), line), range: a.getRange() }));
}

/**
 * Substitutes `$VAR`, `${VAR}` and `${VAR:-default}` with what ARG/ENV give at `line`, or, for Lambda's own
 * variables, the base image's values; unknown variables stay as written.
 */
export function expand(ast: Dockerfile, text: string, line: number): string {
  if (!text.includes('$')) return text;
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced, fallback, bare) => {
      const name: string = braced ?? bare;
      const value = ast.resolveVariable(name, line);
      if (typeof value === 'string' && value !== '') return value;
      if (LAMBDA_DEFAULTS[name] !== undefined) return LAMBDA_DEFAULTS[name];
      if (typeof fallback === 'string' && match.includes(':-')) return fallback;
      return match;
    },
  );
}
