// `unset-variable`: under `set -u` (nounset), reading a variable that nothing assigns makes the shell exit with
// "unbound variable" — the bootstrap dies and Lambda reports Runtime.ExitError. Lambda's own variables, the
// shell's, special and positional parameters, and reads with a default (`${x:-}`) are fine.
import { ruleFinding } from '../rules';
import type { Finding, Fix, TextEdit } from '../types';
import path from 'node:path';
import type { ShellContext } from './context';
import { ancestor, type VariableRead } from './model';
import { activeAt, optionToggles } from './shell-options';
import { distance, replaceEdit } from './text';

// Set by Lambda in every execution environment (docs: "Defined runtime environment variables") or by the shell.
const RESERVED = new Set(
  `_HANDLER _X_AMZN_TRACE_ID LAMBDA_TASK_ROOT LAMBDA_RUNTIME_DIR TZ LANG PATH LD_LIBRARY_PATH HOME PWD OLDPWD SHELL
  USER HOSTNAME HOSTTYPE OSTYPE MACHTYPE IFS PS1 PS2 PS4 RANDOM SRANDOM SECONDS LINENO FUNCNAME PPID UID EUID GROUPS
  SHLVL OPTARG OPTIND OPTERR REPLY PIPESTATUS BASHPID EPOCHSECONDS EPOCHREALTIME MAPFILE COLUMNS LINES HISTFILE
  TMPDIR NODE_PATH PYTHONPATH`
    .split(/\s+/)
    .filter((name) => name !== ''),
);
// `_AWS_XRAY_DAEMON_ADDRESS`, `_LAMBDA_TELEMETRY_LOG_FD`...: Lambda's own underscore-prefixed variables.
const RESERVED_PREFIX = /^(AWS_|_AWS_|_LAMBDA_|BASH|LC_)/;
const SPECIAL = /^([0-9]+|[@*#?$!_-])$/;

/** Finds reads of never-assigned variables while nounset is on. */
export function lintUnsetVariables(context: ShellContext): Finding[] {
  const { model, lines, file, scope } = context;
  const own = optionToggles(context.shebang, model, 'u');
  // A sourced file runs with the bootstrap's options as they are at its source command; its functions run later.
  const outer = scope.sourcedBy === undefined ? [] : optionToggles(scope.sourcedBy.shebang, scope.sourcedBy.model, 'u');
  const inherited = scope.sourcedBy !== undefined && activeAt(outer, scope.sourcedBy.at);
  const toggles = inherited ? [{ at: -1, on: true }, ...own] : own;
  const all = [...outer, ...own];
  if (!all.some((toggle) => toggle.on)) return [];
  const everOff = all.some((toggle) => !toggle.on);
  const assigned = new Set([...model.assignments.map((assignment) => assignment.name), ...scope.assigned]);
  for (const name of [...model.functions.keys(), ...scope.functions]) assigned.delete(name); // A function is no variable.
  const firstDynamic = scope.unknownCode[0] ?? Infinity;
  const testedForSet = namesTestedForSet(context);
  const byName = new Map<string, VariableRead[]>();
  for (const read of model.reads) {
    const { name } = read;
    if (read.guarded || SPECIAL.test(name) || RESERVED.has(name) || RESERVED_PREFIX.test(name)) continue;
    if (context.target.environmentNames.has(name)) continue;
    if (assigned.has(name) || testedForSet.has(name) || read.node.start > firstDynamic) continue;
    const inFunction = ancestor(read.node, 'function') !== undefined;
    const active = inFunction ? !everOff : activeAt(toggles, read.node.start);
    if (!active) continue;
    const list = byName.get(name) ?? [];
    list.push(read);
    byName.set(name, list);
  }
  const findings: Finding[] = [];
  for (const [name, reads] of byName) {
    const first = reads[0]!;
    const similar = [...assigned].filter((other) => other.length >= 3 && distance(other, name) <= 2);
    const suggestion = similar.length === 1 ? similar[0] : undefined;
    const fixes: Fix[] = [];
    if (suggestion !== undefined) {
      const edits = reads.map((read) => renameIn(context, read, suggestion));
      if (edits.every((edit) => edit !== undefined)) {
        fixes.push({ title: `Change to \`${suggestion}\``, edits: edits as TextEdit[], preferred: true });
      }
    }
    const defaults = reads.map((read) => withDefault(context, read));
    if (defaults.every((edit) => edit !== undefined)) {
      fixes.push({ title: `Use \`\${${name}:-}\` (empty when unset)`, edits: defaults as TextEdit[] });
    }
    const count = reads.length === 1 ? '' : ` (read ${reads.length} times)`;
    const hint = suggestion !== undefined ? ` Did you mean \`${suggestion}\`?` : '';
    const message =
      `\`${name}\` is never assigned in ${where(context)}${count}, and \`set -u\` is on: the shell stops with ` +
      `"${name}: unbound variable" and Lambda reports Runtime.ExitError, unless the function's configuration sets ` +
      `it.${hint} Assign it, or read it as \`\${${name}:-}\`.`;
    findings.push(ruleFinding('unset-variable', file, lines.range(first.node.start, first.node.end), message, fixes));
  }
  return findings;
}

/**
 * Names the script checks for being set: `[[ -v NAME ]]`, `${NAME:-}`, `${NAME+x}`... Its other reads of them are
 * then guarded by that check (`if [ -n "${DEBUG:-}" ]; then echo "$DEBUG"; fi`), which this rule cannot follow.
 */
function namesTestedForSet(context: ShellContext): Set<string> {
  const { model } = context;
  const names = new Set<string>();
  for (const read of model.reads) if (read.guarded) names.add(read.name);
  const tests = [
    ...model.parsed.nodes.filter((node) => node.kind === 'test'),
    ...model.commands.filter((command) => command.name === 'test' || command.name === '[').map((c) => c.node),
  ];
  for (const node of tests) {
    for (const match of model.textOf(node).matchAll(/(?:^|\s)-v\s+["']?([A-Za-z_][A-Za-z0-9_]*)/g))
      names.add(match[1]!);
  }
  return names;
}

/** The files searched for an assignment, in words. */
function where(context: ShellContext): string {
  const { scope } = context;
  if (scope.others.length === 0) return 'this script';
  const names = scope.others.map((other) => `\`${path.basename(other)}\``);
  const list = names.length > 3 ? `${names.slice(0, 3).join(', ')}...` : names.join(', ');
  return `this script or the files run with it (${list})`;
}

/** `$x` or `${x}` rewritten as `${x:-}`; undefined for other forms (`${#x}`, `${x%…}`…). */
function withDefault(context: ShellContext, read: VariableRead): TextEdit | undefined {
  const text = context.model.textOf(read.node);
  if (text !== `$${read.name}` && text !== `\${${read.name}}`) return undefined;
  return replaceEdit(context.lines, read.node.start, read.node.end, `\${${read.name}:-}`);
}

/** The read with its variable name replaced by `name`. */
function renameIn(context: ShellContext, read: VariableRead, name: string): TextEdit | undefined {
  const text = context.model.textOf(read.node);
  const at = text.indexOf(read.name);
  if (at === -1) return undefined;
  const start = read.node.start + at;
  return replaceEdit(context.lines, start, start + read.name.length, name);
}
