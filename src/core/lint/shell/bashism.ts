// `bashism`: bash-only syntax in a `#!/bin/sh` script on a base whose /bin/sh is not bash (dash on Debian and
// Ubuntu, BusyBox ash on Alpine). Amazon Linux links /bin/sh to bash, so Lambda's own bases never get this.
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';
import type { ShellContext } from './context';
import type { ShellNode } from './parser';
import { replaceEdit } from './text';

const MAX_FINDINGS = 50;
const BASH_EXPANSION = /^\$\{(?:!|[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?(?:\/|:[^-=?+]|\^|,|@[A-Za-z]))/;

/** Whether the script must be checked for bashisms on this target. */
export function checksBashisms(context: ShellContext): boolean {
  if (context.shebang === undefined) return false;
  if (context.shebang.program === 'dash' || context.shebang.program === 'ash') return true;
  return context.dialect === 'sh' && !context.target.shIsBash;
}

/** What bash-only construct `node` is, if it is one. */
export function bashismOf(context: ShellContext, node: ShellNode): string | undefined {
  const text = context.model.textOf(node);
  switch (node.kind) {
    case 'test':
      if (text.startsWith('[[')) return '`[[ … ]]`';
      if (/\s==\s/.test(text)) return '`==` in `[ … ]` (use `=`)';
      return undefined;
    case 'array':
      return 'arrays';
    case 'subscript':
      return 'array subscripts';
    case 'expansion':
      return BASH_EXPANSION.test(text) ? `\`${text.length > 24 ? `${text.slice(0, 21)}…` : text}\`` : undefined;
    case 'function':
      return text.startsWith('function') ? 'the `function` keyword' : undefined;
    case 'herestring':
      return 'here-strings (`<<<`)';
    case 'ansi-c-string':
      return "`$'…'` strings";
    case 'translated-string':
      return '`$"…"` strings';
    case 'process-substitution':
      return 'process substitution (`<(…)`)';
    case 'redirect':
      return /^&>/.test(text) ? '`&>` redirection' : undefined;
    case 'compound':
      return text.startsWith('((') ? 'the `(( … ))` arithmetic command' : undefined;
    case 'loop':
      if (text.startsWith('for ((')) return 'C-style `for ((…))` loops';
      return text.startsWith('select') ? '`select` loops' : undefined;
    case 'concatenation':
      return /^[^'"]*\{[^{}\s'"]*(,|\.\.)[^{}\s'"]*\}/.test(text) ? 'brace expansion' : undefined;
    case 'command.name':
      if (text === 'source') return '`source` (use `.`)';
      if (text === 'let' || text === 'declare' || text === 'typeset' || text === 'shopt') return `\`${text}\``;
      return undefined;
    case 'declaration':
      return /^(declare|typeset)\b/.test(text) ? `\`${text.split(/\s/)[0]}\`` : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether BusyBox ash, the /bin/sh of Alpine, runs this bash construct. Alpine builds it with bash compatibility,
 * so `[[ … ]]`, `==`, `${x/a/b}`, `${x:1:2}`, `$'…'`, `source`, `&>`, `let`, the `function` keyword and `<(…)` work
 * there (checked with BusyBox 1.35's ash); arrays, `<<<`, `(( … ))`, `${x^^}` and `declare` do not.
 */
function ashRuns(context: ShellContext, node: ShellNode): boolean {
  const text = context.model.textOf(node);
  switch (node.kind) {
    case 'test':
    case 'function':
    case 'ansi-c-string':
    case 'redirect':
    case 'process-substitution':
      return true;
    case 'expansion':
      return /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:\/|:[^-=?+])/.test(text);
    case 'command.name':
      return text === 'source' || text === 'let';
    default:
      return false;
  }
}

function isAsh(context: ShellContext): boolean {
  const where = context.target.baseImage ?? '';
  return context.shebang?.program === 'ash' || /alpine|busybox/i.test(where);
}

/** Whether the script uses any bash-only syntax (to choose between `#!/bin/bash` and `#!/bin/sh`). */
export function usesBashSyntax(context: ShellContext): boolean {
  return context.model.parsed.nodes.some((node) => bashismOf(context, node) !== undefined);
}

/** `bashism` findings, one per construct (at most 50). */
export function lintBashisms(context: ShellContext): Finding[] {
  if (!checksBashisms(context)) return [];
  const { lines, file, target, model } = context;
  const shebang = context.shebang!;
  const where = target.baseImage ?? target.base;
  const findings: Finding[] = [];
  const toBash: Fix = {
    title: 'Use `#!/bin/bash`',
    edits: [replaceEdit(lines, 0, shebang.text.length, '#!/bin/bash')],
  };
  const ash = isAsh(context);
  for (const node of model.parsed.nodes) {
    if (findings.length >= MAX_FINDINGS) break;
    const what = bashismOf(context, node);
    if (what === undefined || (ash && ashRuns(context, node))) continue;
    const end = Math.min(node.end, lines.lineEnd(lines.lineOf(node.start)));
    const message =
      `Bash-only syntax (${what}) under \`${shebang.text}\`: /bin/sh on ${where} is not bash, so the bootstrap ` +
      'fails with a syntax error (Runtime.ExitError). Use POSIX sh syntax, or `#!/bin/bash` where bash is installed.';
    const fixes: Fix[] =
      node.kind === 'command.name' && what.startsWith('`source`')
        ? [{ title: 'Use `.`', edits: [replaceEdit(lines, node.start, node.end, '.')], preferred: true }, toBash]
        : [{ ...toBash, preferred: true }];
    findings.push(ruleFinding('bashism', file, lines.range(node.start, end), message, fixes));
  }
  const pipefail = model.commands.find(
    (command) => command.name === 'set' && command.args.some((arg) => model.textOf(arg) === 'pipefail'),
  );
  if (pipefail !== undefined && !ash && findings.length < MAX_FINDINGS) {
    const message =
      `\`set -o pipefail\` is not supported by dash, the /bin/sh of ${where}: the bootstrap stops at once ` +
      '("Illegal option -o pipefail", Runtime.ExitError). Use `#!/bin/bash`, or drop pipefail.';
    findings.push(
      ruleFinding('bashism', file, lines.range(pipefail.node.start, pipefail.node.end), message, [
        { ...toBash, preferred: true },
      ]),
    );
  }
  return findings.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
