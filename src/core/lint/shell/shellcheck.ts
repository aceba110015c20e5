// ShellCheck, when it is installed and the workspace is trusted: its json1 findings mapped to ours, its fixes to
// quick fixes. A missing ShellCheck is no error: the caller gets no findings and can ask shellcheckStatus() to
// tell the user once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { Finding, Fix, LintOptions, Severity, TextEdit } from '../types';
import type { LineIndex } from './text';

export type ShellcheckShell = 'bash' | 'sh' | 'dash' | 'ksh';

export type ShellcheckStatus =
  | { readonly state: 'unknown' }
  | { readonly state: 'ok' }
  | { readonly state: 'missing'; readonly path: string }
  | { readonly state: 'failed'; readonly path: string; readonly message: string };

export interface ShellcheckRequest {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly shell: ShellcheckShell;
  readonly options: LintOptions;
  /** Milliseconds before ShellCheck is stopped (its findings are then skipped). */
  readonly timeoutMs?: number;
  /** Stops ShellCheck when the lint is no longer wanted (the document changed again). */
  readonly signal?: AbortSignal;
}

/** Larger scripts are not given to ShellCheck: it takes seconds on them and the editor lints on every keystroke. */
export const SHELLCHECK_MAX_CHARS = 256 * 1024;

const statuses = new Map<string, ShellcheckStatus>();

/** What happened the last time ShellCheck at `executable` was run (`unknown` before the first run). */
export function shellcheckStatus(executable: string): ShellcheckStatus {
  return statuses.get(executable) ?? { state: 'unknown' };
}

const LEVELS: Readonly<Record<string, Severity>> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

// SC1017 is the carriage-return finding that our `crlf` rule reports with better fixes.
const DUPLICATES = new Set([1017]);

interface Json1Replacement {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  replacement: string;
  precedence?: number;
}

interface Json1Comment {
  /** `-` for the script on stdin; a sourced file's path otherwise (not ours to report). */
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: string;
  code: number;
  message: string;
  fix: { replacements: Json1Replacement[] } | null;
}

/** Runs ShellCheck on the text, when options allow it; never throws. */
export async function runShellcheck(request: ShellcheckRequest): Promise<Finding[]> {
  const { options, text, file } = request;
  if (!options.trusted || !options.shellcheck.enabled || text.length > SHELLCHECK_MAX_CHARS) return [];
  const configured = options.shellcheck.path || 'shellcheck';
  // A relative path in the settings means the current folder, not the bootstrap's (ShellCheck runs there).
  const executable = /[\\/]/.test(configured) ? path.resolve(configured) : configured;
  const folder = path.dirname(file);
  const folderExists = existsSync(folder);
  // `-x` with the bootstrap's folder as source path: ShellCheck follows the files it sources (no SC1091 "Not
  // following" where the file exists) and sees the variables they use. It reports only on the bootstrap.
  const follow = folderExists ? ['-x', `--source-path=${folder}`] : [];
  const result = await execa(executable, ['--format=json1', `--shell=${request.shell}`, ...follow, '-'], {
    input: text,
    reject: false,
    timeout: request.timeoutMs ?? 10_000,
    ...(request.signal === undefined ? {} : { cancelSignal: request.signal }),
    // ShellCheck looks for .shellcheckrc from the working folder when it reads stdin. (An unsaved file's folder
    // may not exist, and spawning in a missing folder fails with ENOENT as a missing program does.)
    ...(folderExists ? { cwd: folder } : {}),
    maxBuffer: 32 * 1024 * 1024,
    stripFinalNewline: false,
  }).catch((error: unknown) => ({
    failed: true,
    code: undefined,
    exitCode: undefined,
    timedOut: false,
    stdout: '',
    stderr: String(error),
  }));
  if (result.failed && (result as { code?: string }).code === 'ENOENT') {
    statuses.set(configured, { state: 'missing', path: configured });
    return [];
  }
  if (request.signal?.aborted) return []; // Cancelled: nothing went wrong with ShellCheck.
  if (result.timedOut || (result.exitCode !== 0 && result.exitCode !== 1)) {
    const why = result.timedOut
      ? 'it took too long'
      : String(result.stderr).trim().split('\n')[0] || `exit ${result.exitCode}`;
    statuses.set(configured, { state: 'failed', path: configured, message: why });
    return [];
  }
  let comments: Json1Comment[];
  try {
    comments = (JSON.parse(String(result.stdout)) as { comments: Json1Comment[] }).comments;
  } catch {
    statuses.set(configured, { state: 'failed', path: configured, message: 'its output is not json1' });
    return [];
  }
  statuses.set(configured, { state: 'ok' });
  const convert = positions(request.lines);
  return comments
    .filter((comment) => (comment.file === undefined || comment.file === '-') && !DUPLICATES.has(comment.code))
    .map((comment) => toFinding(file, comment, convert));
}

function toFinding(file: string, comment: Json1Comment, convert: ReturnType<typeof positions>): Finding {
  const code = `SC${comment.code}`;
  const range = { start: convert(comment.line, comment.column), end: convert(comment.endLine, comment.endColumn) };
  const fixes: Fix[] = [];
  if (comment.fix !== null && comment.fix.replacements.length > 0) {
    const edits: TextEdit[] = comment.fix.replacements
      .map((replacement, order) => ({ replacement, order }))
      .sort(
        (a, b) =>
          a.replacement.line - b.replacement.line || a.replacement.column - b.replacement.column || a.order - b.order,
      )
      .map(({ replacement }) => ({
        range: {
          start: convert(replacement.line, replacement.column),
          end: convert(replacement.endLine, replacement.endColumn),
        },
        newText: replacement.replacement,
      }));
    fixes.push({ title: `Apply ShellCheck's fix for ${code}`, edits });
  }
  return {
    file,
    range,
    severity: LEVELS[comment.level] ?? 'warning',
    code,
    message: comment.message,
    source: 'shellcheck',
    url: `https://www.shellcheck.net/wiki/${code}`,
    ...(fixes.length > 0 ? { fixes } : {}),
  };
}

/**
 * ShellCheck's json1 positions are 1-based and count code points (a tab is one column, measured here with
 * ShellCheck 0.9); ours are 0-based UTF-16 units, which differ after characters outside the BMP.
 */
function positions(lines: LineIndex) {
  return (line: number, column: number) => {
    const zeroLine = Math.max(0, Math.min(line - 1, lines.lineCount - 1));
    const text = lines.text.slice(lines.lineStart(zeroLine), lines.lineEnd(zeroLine, true));
    let units = 0;
    for (let points = 1; points < column && units < text.length; points++) {
      const code = text.charCodeAt(units);
      units += code >= 0xd800 && code <= 0xdbff && units + 1 < text.length ? 2 : 1;
    }
    return { line: zeroLine, character: units };
  };
}
