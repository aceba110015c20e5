// Where a `source FILE` / `. FILE` command reads from, when the word can be worked out without running the script:
// `$LAMBDA_TASK_ROOT/lib.sh`, `$(dirname "$0")/lib.sh`, `${BASH_SOURCE%/*}/lib.sh`, `./lib.sh`, a variable holding
// one of those, and the AWS tutorial's `$LAMBDA_TASK_ROOT/"$(echo $_HANDLER | cut -d. -f1).sh"`, whose file comes
// from the function's Handler (or, when nothing says which, is any `*.sh` there).
//
// Lambda runs the bootstrap with /var/task (LAMBDA_TASK_ROOT) as its working folder, so a relative path and a
// /var/task path name files of the function's code: here, the files beside the bootstrap. Paths under /opt (layers)
// and elsewhere are not followed: the caller keeps treating them as unknown code.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ShellModel } from './model';
import { unquote } from './text';

export interface SourceScope {
  /** Absolute path of the bootstrap (`$0` in every file it sources). */
  readonly bootstrap: string;
  /** The file holding the source command (`$BASH_SOURCE` there). */
  readonly current: string;
  /** The local folder standing for $LAMBDA_TASK_ROOT, /var/task and the working folder. */
  readonly taskRoot: string;
  /** The function's Handler setting (`function.handler`), when the template or Dockerfile says. */
  readonly handler: string | undefined;
}

export type SourcePath =
  /** `files` are what the word names (several for the tutorial's pattern when no Handler is known). */
  | { readonly kind: 'files'; readonly files: readonly string[]; readonly viaHandler: boolean }
  /** The Handler names a file that is not there (`function.handler` and no function.sh). */
  | { readonly kind: 'missing-handler-file'; readonly file: string; readonly handler: string }
  | { readonly kind: 'unknown' };

// Markers that stand for a folder or the handler's file part until the word is unquoted.
const TASK = '\u0001T';
const BOOT_DIR = '\u0001B';
const CURRENT_DIR = '\u0001S';
const HANDLER_FILE = '\u0001H';

const DOLLAR0 = String.raw`(?:"?\$0"?|"?\$\{0\}"?)`;
const BASH_SOURCE = String.raw`(?:"?\$\{?BASH_SOURCE(?:\[0\])?\}?"?)`;
const cdPwd = (inner: string) =>
  new RegExp(String.raw`\$\(\s*cd\s+"?\$\(\s*dirname\s+${inner}\s*\)"?\s*(?:&&|;)\s*pwd(?:\s+-P)?\s*\)`, 'g');
const dirname = (inner: string) =>
  new RegExp(String.raw`(?:\$\(\s*dirname\s+${inner}\s*\)|\`\s*dirname\s+${inner}\s*\`)`, 'g');

const REPLACEMENTS: readonly (readonly [RegExp, string])[] = [
  [cdPwd(DOLLAR0), BOOT_DIR],
  [cdPwd(BASH_SOURCE), CURRENT_DIR],
  [dirname(DOLLAR0), BOOT_DIR],
  [dirname(BASH_SOURCE), CURRENT_DIR],
  [/\$\{0%\/\*\}/g, BOOT_DIR],
  [/\$\{BASH_SOURCE(?:\[0\])?%\/\*\}/g, CURRENT_DIR],
  // The tutorial's `$(echo $_HANDLER | cut -d. -f1)`, and `${_HANDLER%%.*}` / `${_HANDLER%.*}`.
  [
    /(?:\$\(\s*echo\s+"?\$\{?_HANDLER\}?"?\s*\|\s*cut\s+-d\s*['"]?\.['"]?\s+-f\s*1\s*\)|`\s*echo\s+"?\$\{?_HANDLER\}?"?\s*\|\s*cut\s+-d\s*['"]?\.['"]?\s+-f\s*1\s*`)/g,
    HANDLER_FILE,
  ],
  [/\$\{_HANDLER%%?\.\*\}/g, HANDLER_FILE],
  [/\$\{LAMBDA_TASK_ROOT\}|\$LAMBDA_TASK_ROOT\b|\$\{PWD\}|\$PWD\b/g, TASK],
];

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Variables given exactly one value in the script (any value, substitutions included), as written. */
export function singleValues(model: ShellModel): Map<string, string> {
  const values = new Map<string, string | null>();
  for (const assignment of model.assignments) {
    const previous = values.get(assignment.name);
    const value = assignment.value ?? null;
    values.set(assignment.name, previous === undefined ? value : null);
  }
  const result = new Map<string, string>();
  for (const [name, value] of values) if (value !== null) result.set(name, value);
  return result;
}

/** The word with the known forms replaced by markers and known variables expanded (a few levels deep). */
function expand(word: string, values: ReadonlyMap<string, string>, depth = 0): string {
  let text = word;
  for (const [pattern, marker] of REPLACEMENTS) text = text.replace(pattern, marker);
  if (depth >= 3 || !text.includes('$')) return text;
  return text.replace(VARIABLE, (whole, braced: string | undefined, plain: string | undefined) => {
    const value = values.get(braced ?? plain!);
    // A variable's value is a word of its own: its quotes go, the markers stay.
    return value === undefined ? whole : unquote(expand(value, values, depth + 1));
  });
}

/** Resolves the file word of a source command (`word` as written, quotes included). */
export async function resolveSourcePath(
  word: string,
  values: ReadonlyMap<string, string>,
  scope: SourceScope,
): Promise<SourcePath> {
  const expanded = unquote(expand(word, values));
  if (/[$`]/.test(expanded) || expanded === '') return { kind: 'unknown' };
  const handlerFile = handlerFilePart(scope.handler);
  const viaHandler = expanded.includes(HANDLER_FILE);
  const local = toLocal(handlerFile === undefined ? expanded : expanded.split(HANDLER_FILE).join(handlerFile), scope);
  if (local === undefined) return { kind: 'unknown' };
  if (local.includes(HANDLER_FILE)) {
    // No Handler known: any file the pattern matches may be the one.
    const folder = path.dirname(local);
    const [prefix, suffix] = path.basename(local).split(HANDLER_FILE) as [string, string];
    if (folder.includes(HANDLER_FILE) || suffix.includes(HANDLER_FILE)) return { kind: 'unknown' };
    const names = await readdir(folder, { withFileTypes: true }).catch(() => []);
    const files = names
      .filter((entry) => entry.isFile() && entry.name.startsWith(prefix) && entry.name.endsWith(suffix))
      .filter((entry) => entry.name.length > prefix.length + suffix.length)
      .map((entry) => path.join(folder, entry.name))
      .sort();
    return files.length === 0 ? { kind: 'unknown' } : { kind: 'files', files, viaHandler: true };
  }
  if (viaHandler && scope.handler !== undefined && !(await isFile(local))) {
    return { kind: 'missing-handler-file', file: local, handler: scope.handler };
  }
  return (await isFile(local)) ? { kind: 'files', files: [local], viaHandler } : { kind: 'unknown' };
}

/** `function` for the Handler `function.handler`; undefined when it has no file part. */
export function handlerFilePart(handler: string | undefined): string | undefined {
  if (handler === undefined) return undefined;
  const dot = handler.indexOf('.');
  const part = dot === -1 ? '' : handler.slice(0, dot);
  return /^[\w.-]+$/.test(part) ? part : undefined;
}

/** The local path a resolved word names, or undefined when it points outside the function's code (/opt...). */
function toLocal(word: string, scope: SourceScope): string | undefined {
  let text = word;
  if (text.startsWith('/var/task/')) text = TASK + text.slice('/var/task'.length);
  const markers: readonly (readonly [string, string])[] = [
    [TASK, scope.taskRoot],
    [BOOT_DIR, path.dirname(scope.bootstrap)],
    [CURRENT_DIR, path.dirname(scope.current)],
  ];
  for (const [marker, folder] of markers) {
    if (text.startsWith(marker)) return path.join(folder, text.slice(marker.length));
  }
  if (/\u0001[TBS]/.test(text) || text.startsWith('/') || text.startsWith('~')) return undefined;
  return path.join(scope.taskRoot, text);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}
