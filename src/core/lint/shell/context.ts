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
export function dialectOf(shebang: Shebang | undefined): ShellContext['dialect'] {
  if (shebang === undefined) return 'none';
  const program = shebang.program;
  if (program === 'sh' || program === 'dash' || program === 'ash') return 'sh';
  if (program === 'bash') return 'bash';
  if (/^(zsh|ksh|mksh|ksh93|busybox|yash|posh|fish|tcsh|csh)$/.test(program)) return 'other-shell';
  return 'not-shell';
}
