// Rules about the file as the kernel reads it, before any shell does: line endings (`crlf`) and the first line
// (`shebang`). Lambda starts the bootstrap with execve(); a wrong first line means it never runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';
import type { ShellContext } from './context';
import { insertEdit, replaceEdit } from './text';

const BOM = [0xef, 0xbb, 0xbf];

/** `crlf`: Windows line endings, which turn `#!/bin/sh` into a request for the interpreter `/bin/sh\r`. */
export function lintCrlf(context: ShellContext): Finding[] {
  const { text, lines, file } = context;
  const first = text.search(/\r(\n|$)/);
  if (first === -1) return [];
  const count = text.match(/\r(?=\n|$)/g)!.length;
  const lf = text.replace(/\r(?=\n|$)/g, '');
  const convert = replaceEdit(lines, 0, text.length, lf);
  const attributes = gitattributesLine(file);
  const fixes: Fix[] = [
    { title: 'Convert to LF line endings', edits: [convert], preferred: true },
    {
      title: `Convert to LF and add \`${attributes.line}\` to ${attributes.display}`,
      edits: [convert],
      operations: [{ kind: 'append-line', file: attributes.file, line: attributes.line }],
    },
  ];
  const lineCount = count === 1 ? '1 line' : `${count} lines`;
  const message =
    context.scope.sourcedBy !== undefined
      ? `Windows (CRLF) line endings on ${lineCount}: bash takes the carriage return as part of each line, so when ` +
        `the bootstrap sources this file its commands fail ("$'\\r': command not found") and its words end in a ` +
        'stray carriage return. Save the file with LF line endings.'
      : `Windows (CRLF) line endings on ${lineCount}: Linux takes the carriage return as part of each line, so ` +
        `the shebang asks for \`${shebangInterpreter(text)}\\r\` ("bad interpreter: No such file or directory") and ` +
        'Lambda cannot start the bootstrap. Save the file with LF line endings.';
  return [ruleFinding('crlf', file, lines.range(first, first + 1), message, fixes)];
}

function shebangInterpreter(text: string): string {
  const match = /^#!\s*(\S+)/.exec(text.replace(/^\uFEFF/, ''));
  return match?.[1]?.replace(/\r$/, '') ?? '/bin/sh';
}

/** The .gitattributes to extend (the repository's top folder, else the bootstrap's) and the line to add. */
export function gitattributesLine(file: string): { file: string; line: string; display: string } {
  const folder = gitRoot(path.dirname(file)) ?? path.dirname(file);
  const relative = path.relative(folder, file).split(path.sep).join('/');
  const pattern = path.basename(file) === 'bootstrap' ? 'bootstrap' : `/${relative.replace(/([ #\\])/g, '\\$1')}`;
  const target = path.join(folder, '.gitattributes');
  return { file: target, line: `${pattern} text eol=lf`, display: '.gitattributes' };
}

function gitRoot(start: string): string | undefined {
  let folder = start;
  for (let depth = 0; depth < 64; depth++) {
    if (existsSync(path.join(folder, '.git'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

/**
 * `shebang`: a byte-order mark before `#!`, a shebang that is not at the very start of line 1, no shebang at all
 * (in a file that is run, not sourced), or an interpreter that is not an absolute path.
 */
export function lintShebang(context: ShellContext, sourcedLibrary: boolean, usesBash: boolean): Finding[] {
  const { text, lines, file, doc } = context;
  const findings: Finding[] = [];
  const bomInText = text.charCodeAt(0) === 0xfeff;
  const body = bomInText ? 1 : 0;
  if (bomInText || BOM.every((byte, index) => doc.bytes[index] === byte)) {
    const fixes: Fix[] = bomInText
      ? [{ title: 'Remove the byte-order mark', edits: [replaceEdit(lines, 0, 1, '')], preferred: true }]
      : [{ title: 'Remove the byte-order mark', operations: [{ kind: 'remove-bom', file }], preferred: true }];
    const message =
      'The file starts with a UTF-8 byte-order mark (EF BB BF): the kernel sees those bytes, not `#!`, so it cannot ' +
      'run the bootstrap ("exec format error", Runtime.InvalidEntrypoint). Save it as UTF-8 without BOM ' +
      '(in VS Code: the encoding in the status bar → Save with Encoding → UTF-8).';
    findings.push(ruleFinding('shebang', file, lines.range(0, Math.min(text.length, body + 2)), message, fixes));
  }
  if (text.startsWith('#!', body)) {
    const interpreter = /^#!\s*(\S*)/.exec(text.slice(body))![1]!;
    if (interpreter === '' || !interpreter.startsWith('/'))
      findings.push(relativeInterpreter(context, body, interpreter));
    return findings;
  }
  // A `#!` further down counts as a misplaced shebang only after blank or comment lines (not in a here-document).
  const later = /^[^\S\n]*#!/m.exec(text.slice(body));
  if (later !== null && /^(?:[^\S\n]*(?:#[^\n]*)?\n)*$/.test(text.slice(body, body + later.index))) {
    findings.push(misplaced(context, body, body + later.index));
    return findings;
  }
  if (sourcedLibrary && path.basename(file) !== 'bootstrap') return findings;
  const empty = text.trim() === '';
  const insert = (line: string): Fix => ({
    title: `Insert \`${line}\``,
    edits: [insertEdit(lines, body, `${line}\n`)],
    preferred: (line === '#!/bin/bash') === usesBash,
  });
  const message = empty
    ? 'The bootstrap is empty: Lambda runs it and it exits at once (Runtime.ExitError), and with no `#!` line the ' +
      'kernel cannot even start it ("exec format error").'
    : 'No shebang: Lambda executes the bootstrap directly, and without a `#!` line on line 1 the kernel cannot run ' +
      'it ("exec format error", Runtime.InvalidEntrypoint). Add `#!/bin/sh` (or `#!/bin/bash`) as the first line.';
  findings.push(
    ruleFinding('shebang', file, lines.range(body, lines.lineEnd(0)), message, [
      insert('#!/bin/bash'),
      insert('#!/bin/sh'),
    ]),
  );
  return findings;
}

function misplaced(context: ShellContext, body: number, lineStartOffset: number): Finding {
  const { text, lines, file } = context;
  const line = lines.lineOf(lineStartOffset);
  const hash = text.indexOf('#!', lineStartOffset);
  const shebang = text.slice(hash, lines.lineEnd(line));
  const edits =
    line === 0
      ? [replaceEdit(lines, lineStartOffset, hash, '')]
      : [
          insertEdit(lines, body, `${shebang}\n`),
          replaceEdit(lines, lines.lineStart(line), Math.min(text.length, lines.lineStart(line + 1)), ''),
        ];
  const where = line === 0 ? 'is indented' : `is on line ${line + 1}`;
  const message =
    `The shebang ${where}: the kernel only honours \`#!\` as the very first two bytes of the file, so Lambda ` +
    'cannot run the bootstrap ("exec format error", Runtime.InvalidEntrypoint).';
  const title = line === 0 ? 'Remove the spaces before `#!`' : 'Move the shebang to line 1';
  return ruleFinding('shebang', file, lines.range(hash, lines.lineEnd(line)), message, [
    { title, edits, preferred: true },
  ]);
}

function relativeInterpreter(context: ShellContext, body: number, interpreter: string): Finding {
  const { lines, file } = context;
  const start = body + 2 + (/^#!\s*/.exec(context.text.slice(body))![0].length - 2);
  const end = start + interpreter.length;
  const program = path.posix.basename(interpreter);
  const replacement = program === 'bash' || program === 'sh' ? `/bin/${program}` : '/bin/sh';
  const message =
    interpreter === ''
      ? 'The shebang names no interpreter: the kernel cannot run the bootstrap (Runtime.InvalidEntrypoint).'
      : `The shebang's interpreter \`${interpreter}\` is not an absolute path: the kernel does not search PATH for ` +
        'it, so Lambda cannot run the bootstrap (Runtime.InvalidEntrypoint).';
  const fix: Fix = {
    title: `Use \`${replacement}\``,
    edits: [replaceEdit(lines, start, end, replacement)],
    preferred: true,
  };
  return ruleFinding('shebang', file, lines.range(body, lines.lineEnd(0)), message, [fix]);
}
