// `request-id-header`: reading the `Lambda-Runtime-Aws-Request-Id` header from curl's dumped headers. Header
// names are case-insensitive (a proxy or emulator may send them lower-case), and every header line ends in
// `\r\n`: an id read with its `\r` makes `/invocation/<id>\r/response` a path Lambda rejects.
import { ruleFinding } from '../rules';
import type { Finding, TextEdit } from '../types';
import type { ShellContext } from './context';
import { ancestor, type Command } from './model';
import type { ShellNode } from './parser';
import { insertEdit } from './text';

const HEADER = /lambda-runtime-aws-request-id/i;
const STRIPS_CR = /\\r|\\015|\\x0[dD]|\[:space:\]|\[:cntrl:\]|\\s/;
const GREPS = new Set(['grep', 'egrep', 'fgrep']);

/** Finds header reads that are case-sensitive or keep the carriage return. */
export function lintRequestIdHeader(context: ShellContext): Finding[] {
  const { model, lines, file } = context;
  const findings: Finding[] = [];
  for (const command of model.commands) {
    const program = command.program;
    if (program?.name === undefined || !/^(e|f)?grep$|^sed$|^g?awk$/.test(program.name)) continue;
    const headerArg = program.args.find((arg) => HEADER.test(model.textOf(arg)));
    if (headerArg === undefined) continue;
    const group = pipelineOf(context, command);
    const problems: string[] = [];
    const edits: TextEdit[] = [];
    let fixable = true;
    const caseProblem = caseSensitivity(context, command);
    if (caseProblem !== undefined) {
      problems.push(caseProblem.message);
      if (caseProblem.edit === undefined) fixable = false;
      else edits.push(caseProblem.edit);
    }
    const keepsCr = keepsCarriageReturn(context, command, group);
    if (keepsCr !== undefined) {
      problems.push('the trailing `\\r` of the header line kept');
      edits.push(insertEdit(lines, keepsCr.end, " | tr -d '\\r'"));
    }
    if (problems.length === 0) continue;
    const message =
      `The request id is read with ${problems.join(' and with ')}: the response then goes to a wrong ` +
      '`/invocation/<id>/response` path, Lambda never gets it and the invocation times out. ' +
      remedy(program.name, caseProblem !== undefined, keepsCr !== undefined);
    const fixes =
      fixable && edits.length > 0
        ? [{ title: fixTitle(caseProblem !== undefined, keepsCr !== undefined), edits, preferred: true }]
        : [];
    findings.push(ruleFinding('request-id-header', file, lines.range(headerArg.start, headerArg.end), message, fixes));
  }
  return findings;
}

/** What to change, in the terms of the program that reads the header. */
function remedy(program: string, caseFix: boolean, crFix: boolean): string {
  const caseWay =
    program === 'sed' ? "sed's `I` flag (`s/…/…/I`)" : /awk$/.test(program) ? "awk's `tolower($1)`" : '`grep -i`';
  if (caseFix && crFix)
    return `Match the header case-insensitively (${caseWay}) and strip the carriage return (\`tr -d '\\r'\`).`;
  if (caseFix) return `Match the header case-insensitively (${caseWay}).`;
  return "Strip the carriage return (`tr -d '\\r'`).";
}

function fixTitle(caseFix: boolean, crFix: boolean): string {
  if (caseFix && crFix) return "Match the header case-insensitively and strip '\\r'";
  return caseFix ? 'Match the header case-insensitively' : "Strip '\\r' from the request id";
}

function caseSensitivity(context: ShellContext, command: Command): { message: string; edit?: TextEdit } | undefined {
  const { model, lines } = context;
  const program = command.program!;
  const words = program.args.map((arg) => model.textOf(arg));
  // `[Ll]ambda-[Rr]untime-…` and PCRE's `(?i)` match both spellings whatever the program's options.
  if (words.some((word) => /\(\?[a-z]*i[a-z]*\)|\[[A-Z][a-z]\]|\[[a-z][A-Z]\]/.test(word))) return undefined;
  if (GREPS.has(program.name!)) {
    // GNU grep takes options after the pattern too (`grep -e PATTERN -i FILE`), up to `--`.
    const options: ShellNode[] = [];
    for (let index = 0; index < program.args.length; index++) {
      const word = model.textOf(program.args[index]!);
      if (word === '--') break;
      if (!word.startsWith('-') || word === '-') continue;
      options.push(program.args[index]!);
      if (
        /^-[a-zA-Z]*[efmABCd]$/.test(word) ||
        /^--(regexp|file|max-count|context|after-context|before-context)$/.test(word)
      )
        index++; // its value, which may start with `-`
    }
    const optionWords = options.map((arg) => model.textOf(arg));
    if (optionWords.some((word) => word === '--ignore-case' || word === '-y' || /^-[a-zA-Z]*i/.test(word)))
      return undefined;
    const cluster = options.find((arg) => /^-[a-zA-Z]+$/.test(model.textOf(arg)));
    const edit =
      cluster !== undefined ? insertEdit(lines, cluster.start + 1, 'i') : insertEdit(lines, program.node.end, ' -i');
    return { message: `a case-sensitive \`${program.name}\``, edit };
  }
  const script = words.join(' ');
  // GNU sed's `I` (or `i`) flag, on `s///I` or on an address: `/re/I{…}`, `/re/Ip`.
  if (program.name === 'sed' && /\/[gpmewIi0-9]*[Ii][gpmewIi0-9]*(?=['"]?(\s|;|\}|\{|$))/.test(script))
    return undefined;
  if (/awk$/.test(program.name!) && /tolower|toupper|IGNORECASE/.test(script)) return undefined;
  return { message: `a case-sensitive \`${program.name}\`` };
}

/** The commands of the pipeline `command` is in (just itself when it is in none). */
function pipelineOf(context: ShellContext, command: Command): { node: ShellNode; commands: Command[] } {
  let pipeline: ShellNode | undefined;
  for (let parent = command.node.parent; parent !== undefined; parent = parent.parent) {
    if (parent.kind === 'pipeline') {
      pipeline = parent;
      break;
    }
    if (parent.kind === 'substitution' || parent.kind === 'program') break;
  }
  if (pipeline === undefined) return { node: command.node, commands: [command] };
  const commands = context.model.commands.filter(
    (other) => other.node.start >= pipeline.start && other.node.end <= pipeline.end,
  );
  return { node: pipeline, commands };
}

/**
 * Where to add `| tr -d '\r'` when the id keeps its carriage return: the end of the pipeline inside the
 * `$(…)` assigned to a variable that nothing strips later. Undefined when the `\r` is removed, or when the
 * id is not assigned (so its later use cannot be followed).
 */
function keepsCarriageReturn(
  context: ShellContext,
  command: Command,
  group: { node: ShellNode; commands: Command[] },
): { end: number } | undefined {
  const { model } = context;
  for (const member of group.commands) {
    const name = member.program?.name;
    const text = member.program?.args.map((arg) => model.textOf(arg)).join(' ') ?? '';
    if ((name === 'tr' || name === 'sed' || /awk$/.test(name ?? '')) && STRIPS_CR.test(text)) return undefined;
    // `tr -dc 'a-f0-9-'` keeps only the listed characters, a carriage return not among them.
    if (
      name === 'tr' &&
      /(^|\s)-[a-zA-Z]*[cC][a-zA-Z]*(\s|$)/.test(text) &&
      /(^|\s)-[a-zA-Z]*d/.test(text) &&
      !/\\r/.test(text)
    )
      return undefined;
    if (name === 'dos2unix') return undefined;
    if (
      name !== undefined &&
      GREPS.has(name) &&
      member.program!.args.some((arg) => /^-[a-zA-Z]*o/.test(model.textOf(arg)))
    ) {
      return undefined; // `grep -o` prints only what its pattern matches.
    }
  }
  const substitution = ancestor(command.node, 'substitution');
  const assignment = substitution?.parent;
  if (substitution === undefined || assignment?.kind !== 'assignment') return undefined;
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(model.textOf(assignment))?.[0];
  if (name === undefined) return undefined;
  const strippedLater =
    model.reads.some((read) => read.name === name && STRIPS_CR.test(model.textOf(read.node))) ||
    model.assignments.some(
      (other) => other.name === name && other.node !== assignment && STRIPS_CR.test(other.value ?? ''),
    );
  if (strippedLater) return undefined;
  return { end: group.node.end };
}
