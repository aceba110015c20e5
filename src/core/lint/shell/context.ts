// What every shell rule gets: the document, its line index, the model of the parsed script, the target and the
// shebang. Built once per lint.
import path from 'node:path';
import type { RuntimeTarget } from '../../project/types';
import type { LintDocument } from '../document';
import type { LintOptions } from '../types';
import type { ShellModel } from './model';
import type { LineIndex } from './text';

export interface Shebang {
  /** The whole first line, `#!` included. */
  readonly text: string;
  /** The interpreter as written: `/bin/sh`, `/usr/bin/env`. */
  readonly interpreter: string;
  /** The program that runs the script: `sh`, or for `/usr/bin/env python3`, `python3`. */
  readonly program: string;
  /** The interpreter's path when it is absolute and not `env`; undefined for `env` lookups. */
  readonly path: string | undefined;
  readonly args: readonly string[];
  /** Offsets of the interpreter word (or of the program after `env`) in the text. */
  readonly programStart: number;
  readonly programEnd: number;
}

export interface ShellContext {
  readonly doc: LintDocument;
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly model: ShellModel;
  readonly target: RuntimeTarget;
  readonly options: LintOptions;
  readonly shebang: Shebang | undefined;
  /** `sh` (POSIX sh, dash, ash: whatever /bin/sh is), `bash`, another shell, or `other` (python...). */
  readonly dialect: 'sh' | 'bash' | 'other-shell' | 'not-shell' | 'none';
  /** What the bootstrap and the files it sources define together. */
  readonly scope: ScriptScope;
}

/**
 * The bootstrap and the files it sources run in one shell: a variable or function defined in one is there for
 * the others. The rules of each file see this.
 */
export interface ScriptScope {
  /** Functions defined in the bootstrap or any file it sources. */
  readonly functions: ReadonlySet<string>;
  /** Variables assigned there. */
  readonly assigned: ReadonlySet<string>;
  /** Offsets in this file of `source`, `.` and `eval` commands whose code is not known: after them, anything goes. */
  readonly unknownCode: readonly number[];
  /** The other files of the set (the bootstrap and what it sources, this file excepted), for messages. */
  readonly others: readonly string[];
  /** Whether one of the files puts a folder of its own on PATH. */
  readonly extendsPath: boolean;
  /** For a file the bootstrap sources: the bootstrap, and the offset there of the source command that reads it. */
  readonly sourcedBy?: {
    readonly file: string;
    readonly model: ShellModel;
    readonly shebang: Shebang | undefined;
    readonly at: number;
  };
}

/** The shebang on line 1, when the text (from `offset`, past a byte-order mark) starts with `#!`. */
export function parseShebang(text: string, offset = 0): Shebang | undefined {
  if (!text.startsWith('#!', offset)) return undefined;
  const newline = text.indexOf('\n', offset);
  const line = text.slice(offset, newline === -1 ? text.length : newline).replace(/\r$/, '');
  const words = [...line.slice(2).matchAll(/\S+/g)].map((match) => ({ word: match[0], at: offset + 2 + match.index }));
  const first = words[0];
  if (first === undefined) {
    return {
      text: line,
      interpreter: '',
      program: '',
      path: undefined,
      args: [],
      programStart: offset + 2,
      programEnd: offset + 2,
    };
  }
  if (path.posix.basename(first.word) === 'env') {
    const program = words.slice(1).find(({ word }) => !word.startsWith('-') && !/^[A-Za-z_]\w*=/.test(word));
    if (program !== undefined) {
      return {
        text: line,
        interpreter: first.word,
        program: program.word,
        path: undefined,
        args: words.slice(words.indexOf(program) + 1).map(({ word }) => word),
        programStart: program.at,
        programEnd: program.at + program.word.length,
      };
    }
  }
  return {
    text: line,
    interpreter: first.word,
    program: path.posix.basename(first.word),
    path: first.word,
    args: words.slice(1).map(({ word }) => word),
    programStart: first.at,
    programEnd: first.at + first.word.length,
  };
}

/** Which shell language the script is written for, from its shebang. */
/** The scope of a bootstrap that sources nothing (or whose sources are not followed). */
export function singleFileScope(model: ShellModel): ScriptScope {
  const unknownCode = model.commands
    .filter((command) => command.name === 'source' || command.name === '.' || command.name === 'eval')
    .map((command) => command.node.start);
  return {
    functions: new Set(model.functions.keys()),
    assigned: new Set(model.assignments.map((assignment) => assignment.name)),
    unknownCode,
    others: [],
    extendsPath: false,
  };
}

export function dialectOf(shebang: Shebang | undefined): ShellContext['dialect'] {
  if (shebang === undefined) return 'none';
  const program = shebang.program;
  if (program === 'sh' || program === 'dash' || program === 'ash') return 'sh';
  if (program === 'bash') return 'bash';
  if (/^(zsh|ksh|mksh|ksh93|busybox|yash|posh|fish|tcsh|csh)$/.test(program)) return 'other-shell';
  return 'not-shell';
}
