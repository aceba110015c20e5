// The breakpoints of one bash debug session: set by the editor per file, matched against the files as bash
// names them (`$LAMBDA_TASK_ROOT/function.sh`, `./lib.sh`, a path built from `_HANDLER`): each name bash
// reports is resolved once, against the process's working directory, to the real file; in a sandbox bash's
// names (/var/task/function.sh, /opt/bootstrap) are mapped to the local files the editor sets breakpoints on, and
// the table the harness keeps pairs bash's own names with those files' lines.
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { toLocal, type PathMapping } from '../../path-mappings';

export interface BashBreakpoint {
  readonly id: number;
  readonly line: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
  hits: number;
}

/** The real path of `file` (symbolic links resolved), or its absolute path when it does not exist. */
export function canonicalPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Lines where bash never runs a command: blank, comments, and lines holding only keywords that close or open. */
const NOT_A_COMMAND = /^\s*(#.*)?$|^\s*(fi|done|esac|then|do|else|\{|\}|;;|\)|in)\s*(#.*)?$/;

/** The first line at or after `line` (1-based) where a command can run, or undefined past the end. */
export function commandLine(lines: readonly string[], line: number): number | undefined {
  for (let at = line; at <= lines.length; at++) {
    if (!NOT_A_COMMAND.test(lines[at - 1])) return at;
  }
  return undefined;
}

/** Whether a hit count satisfies a hit condition: `5` or `>= 5`, `> 5`, `== 5`, `< 5`, `<= 5`, `% 5`. */
export function hitConditionMet(condition: string, hits: number): boolean {
  const match = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/.exec(condition);
  if (!match) return true;
  const count = Number(match[2]);
  switch (match[1]) {
    case '>':
      return hits > count;
    case '<':
      return hits < count;
    case '<=':
      return hits <= count;
    case '==':
      return hits === count;
    case '%':
      return count > 0 && hits % count === 0;
    default:
      return hits >= count;
  }
}

export class BreakpointStore {
  private nextId = 1;
  private readonly byFile = new Map<string, BashBreakpoint[]>();
  /** The path the editor uses for each real path, so the Call Stack opens the file the user has open. */
  private readonly editorPaths = new Map<string, string>();
  /** A file as bash names it -> its real path. */
  private readonly names = new Map<string, string>();

  /** `mappings`: bash's paths (/var/task/...) to local ones, when the runtime runs in a sandbox. */
  constructor(private readonly mappings: readonly PathMapping[] = []) {}

  /** Replaces the breakpoints of one file; answers with where each is (moved to a line that runs a command). */
  set(file: string, requested: readonly DebugProtocol.SourceBreakpoint[]): DebugProtocol.Breakpoint[] {
    const real = canonicalPath(file);
    this.editorPaths.set(real, file);
    let lines: string[] | undefined;
    try {
      lines = readFileSync(real, 'utf8').split('\n');
    } catch {
      lines = undefined;
    }
    const kept: BashBreakpoint[] = [];
    const answer = requested.map((wanted): DebugProtocol.Breakpoint => {
      const line = lines ? commandLine(lines, wanted.line) : wanted.line;
      if (line === undefined)
        return { verified: false, line: wanted.line, message: 'No command runs on or after this line.' };
      const breakpoint: BashBreakpoint = {
        id: this.nextId++,
        line,
        hits: 0,
        ...(wanted.condition ? { condition: wanted.condition } : {}),
        ...(wanted.hitCondition ? { hitCondition: wanted.hitCondition } : {}),
        ...(wanted.logMessage ? { logMessage: wanted.logMessage } : {}),
      };
      kept.push(breakpoint);
      return { id: breakpoint.id, verified: true, line };
    });
    if (kept.length > 0) this.byFile.set(real, kept);
    else this.byFile.delete(real);
    return answer;
  }

  /** Whether bash's name `name` has been resolved already. */
  knows(name: string): boolean {
    return this.names.has(name);
  }

  /** The real path of a file bash names `name` in a process whose working directory is `cwd`. */
  resolve(name: string, cwd: string): string {
    let real = this.names.get(name);
    if (real === undefined) {
      real = canonicalPath(toLocal(this.mappings, path.resolve(cwd || '/', name)));
      this.names.set(name, real);
    }
    return real;
  }

  /** The path to show the user for a real path: the one the editor gave, else the real one. */
  editorPath(real: string): string {
    return this.editorPaths.get(real) ?? real;
  }

  at(real: string, line: number): BashBreakpoint[] {
    return (this.byFile.get(real) ?? []).filter((breakpoint) => breakpoint.line === line);
  }

  /** What the harness keeps: each file name bash uses, with its breakpoint lines ('' for none). */
  table(): string[] {
    const fields: string[] = [];
    for (const [name, real] of this.names) {
      const lines = [...new Set((this.byFile.get(real) ?? []).map((breakpoint) => breakpoint.line))];
      fields.push(name, lines.join(' '));
    }
    return fields;
  }

  clear(): void {
    this.byFile.clear();
  }
}
