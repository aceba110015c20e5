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
      "Match the header with `grep -i` and strip the carriage return (`tr -d '\\r'`).";
    const fixes =
      fixable && edits.length > 0
        ? [{ title: fixTitle(caseProblem !== undefined, keepsCr !== undefined), edits, preferred: true }]
        : [];
    findings.push(ruleFinding('request-id-header', file, lines.range(headerArg.start, headerArg.end), message, fixes));
  }
  return findings;
}

function fixTitle(caseFix: boolean, crFix: boolean): string {
  if (caseFix && crFix) return "Match the header case-insensitively and strip '\\r'";
  return caseFix ? 'Match the header case-insensitively' : "Strip '\\r' from the request id";
}

function caseSensitivity(context: ShellContext, command: Command): { message: string; edit?: TextEdit } | undefined {
  const { model, lines } = context;
  const program = command.program!;
  const words = program.args.map((arg) => model.textOf(arg));
  if (GREPS.has(program.name!)) {
    const options: ShellNode[] = [];
    for (const arg of program.args) {
      const word = model.textOf(arg);
      if (word === '--' || !word.startsWith('-')) break;
      options.push(arg);
    }
    const optionWords = options.map((arg) => model.textOf(arg));
    if (optionWords.some((word) => word === '--ignore-case' || word === '-y' || /^-[a-zA-Z]*i/.test(word)))
      return undefined;
    const cluster = options.find((arg) => /^-[a-zA-Z]+$/.test(model.textOf(arg)));
    const edit =
      cluster !== undefined ? insertEdit(lines, cluster.end, 'i') : insertEdit(lines, program.node.end, ' -i');
    return { message: `a case-sensitive \`${program.name}\``, edit };
  }
  const script = words.join(' ');
  if (program.name === 'sed' && /\/[A-Za-z0-9]*I[A-Za-z0-9]*['"]?(\s|$)/.test(script)) return undefined;
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
