// The event loop rules: `no-event-loop`, `no-response-post`, `no-error-reporting` and `next-timeout`. None of them
// applies to a bootstrap that hands off to another program with `exec`: the loop is in that program.
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';
import { type ApiCall, type ApiFacts, type ApiKind, runsInLoop } from './api';
import type { ShellContext } from './context';
import type { Command } from './model';
import type { ShellNode } from './parser';
import { insertEdit, replaceEdit } from './text';

/** What the files the bootstrap sources do with the Runtime API: endpoints they call, an `exec` hand-off. */
export interface SourcedApi {
  readonly kinds: ReadonlySet<ApiKind>;
  readonly handOff: boolean;
}

const NOTHING_SOURCED: SourcedApi = { kinds: new Set(), handOff: false };

/** Runs the four event-loop rules. */
export function lintEventLoop(context: ShellContext, facts: ApiFacts, sourced = NOTHING_SOURCED): Finding[] {
  if (facts.handOff !== undefined || sourced.handOff) return [];
  const next = facts.calls.filter((call) => call.kind === 'next');
  if (next.length === 0) return [];
  const findings: Finding[] = [];
  const { file } = context;
  const looped = next.filter((call) => runsInLoop(call.command, facts));
  if (looped.length === 0) {
    const call = next[0]!;
    const message =
      'The `/invocation/next` call is not inside a loop: the bootstrap handles one event and exits, and Lambda ' +
      'reports Runtime.ExitError ("Runtime exited without providing a reason") on the next invocation. ' +
      'Wrap the get-event / handle / respond steps in `while true; do … done`.';
    findings.push(ruleFinding('no-event-loop', file, argRange(context, call), message, wrapInLoop(context, call)));
  } else if (looped.every((call) => loopExit(context, call) !== undefined)) {
    const call = looped[0]!;
    const exit = loopExit(context, call)!;
    const word = context.model.textOf(exit.nameNode!);
    const message =
      `The loop around the \`/invocation/next\` call always stops at the \`${word}\` on line ` +
      `${context.lines.lineOf(exit.node.start) + 1}: the bootstrap handles one event and ends, and Lambda reports ` +
      'Runtime.ExitError on the next invocation. Run it only on an error (`|| exit 1`, inside an `if`), or remove it.';
    findings.push(ruleFinding('no-event-loop', file, argRange(context, call), message));
  }
  const posts = facts.calls.filter(
    (call) => call.kind === 'response' || call.kind === 'error' || call.kind === 'dynamic',
  );
  const sourcedPosts = ['response', 'error', 'dynamic'].some((kind) => sourced.kinds.has(kind as ApiKind));
  if (posts.length === 0 && !sourcedPosts && !facts.sourcesFiles) {
    const message =
      'The bootstrap gets events from `/invocation/next` but never posts `/invocation/$REQUEST_ID/response` ' +
      '(or `/error`): every invocation waits until it times out ("Task timed out after N seconds"). Post the ' +
      "handler's output to `/invocation/$REQUEST_ID/response` for every event.";
    findings.push(ruleFinding('no-response-post', file, argRange(context, next[0]!), message));
  }
  const reportsErrors = (call: ApiCall) =>
    call.kind === 'error' || call.kind === 'init-error' || call.kind === 'dynamic';
  const sourcedErrors = ['error', 'init-error', 'dynamic'].some((kind) => sourced.kinds.has(kind as ApiKind));
  if (!facts.calls.some(reportsErrors) && !sourcedErrors) {
    const message =
      'No error reporting: nothing posts `/invocation/$REQUEST_ID/error` or `/init/error`, so a failing handler ' +
      'shows up as a timeout or Runtime.ExitError instead of its error message. Post a failing event to ' +
      '`/invocation/$REQUEST_ID/error` (a JSON body with errorMessage and errorType).';
    findings.push(ruleFinding('no-error-reporting', file, argRange(context, next[0]!), message));
  }
  for (const call of next) findings.push(...nextTimeout(context, call));
  return findings;
}

/**
 * An `exit` or `break` that the loop around `call` runs on every pass: directly in its body, not on a branch
 * (`if`, `case`, `a || b`), in a function, a subshell or a nested loop.
 */
function loopExit(context: ShellContext, call: ApiCall): Command | undefined {
  const loop = call.command.loop;
  if (loop === undefined) return undefined;
  return context.model.commands.find((command) => {
    if (command.loop !== loop || (command.name !== 'exit' && command.name !== 'break')) return false;
    for (let parent = command.node.parent; parent !== undefined && parent !== loop; parent = parent.parent) {
      if (CONDITIONAL.has(parent.kind)) return false;
    }
    return true;
  });
}

const CONDITIONAL = new Set([
  'branch',
  'list',
  'function',
  'subshell',
  'substitution',
  'pipeline',
  'process-substitution',
]);

function argRange(context: ShellContext, call: ApiCall) {
  return context.lines.range(call.arg.start, call.arg.end);
}

/** Wraps everything from the statement holding the top-level `/next` call to the end of the script in a loop. */
function wrapInLoop(context: ShellContext, call: ApiCall): Fix[] {
  if (call.command.functionName !== undefined) return [];
  let statement: ShellNode = call.command.node;
  while (statement.parent !== undefined && statement.parent.kind !== 'program') statement = statement.parent;
  const { lines, text } = context;
  const start = lines.lineStart(lines.lineOf(statement.start));
  const ending = text.endsWith('\n') || text === '' ? 'done\n' : '\ndone\n';
  return [
    {
      title: 'Wrap the event handling in `while true; do … done`',
      edits: [insertEdit(lines, start, 'while true; do\n'), insertEdit(lines, text.length, ending)],
      preferred: true,
    },
  ];
}

/** `0`, `0.0`, `-m0`, `--max-time=0`: the value that turns a time limit off. */
const NO_LIMIT = /^(?:-[a-zA-Z]*[mT]|--[a-z-]+=)?["']?0+(?:\.0*)?["']?$/;

// curl options that take a value (so `-LD file` ends the cluster at D) and the ones that limit the whole request.
const CURL_VALUED = new Set('oDHdXuwAebcxTFKrUyYzCEPQt'.split(''));

/** `next-timeout`: a client-side time limit on the long poll of `/invocation/next`. */
function nextTimeout(context: ShellContext, call: ApiCall): Finding[] {
  const { model, lines, file, text } = context;
  const command = call.command;
  const findings: Finding[] = [];
  const report = (start: number, end: number, what: string, edits: ReturnType<typeof replaceEdit>[]) => {
    const message =
      `\`${what}\` limits the long poll of \`/invocation/next\`: it waits as long as no event comes (the environment ` +
      'may also be frozen meanwhile), so the timeout fires, the bootstrap fails and Lambda reports Runtime.ExitError. ' +
      'Remove the time limit from this call.';
    const fixes: Fix[] = edits.length > 0 ? [{ title: `Remove \`${what}\``, edits, preferred: true }] : [];
    findings.push(ruleFinding('next-timeout', file, lines.range(start, end), message, fixes));
  };
  const timeoutLimit = command.args.find((arg) => !model.textOf(arg).startsWith('-'));
  const noTimeout = timeoutLimit !== undefined && /^["']?0+(?:\.0*)?[smhd]?["']?$/.test(model.textOf(timeoutLimit));
  if (command.name === 'timeout' && command.program !== undefined && !noTimeout) {
    const programStart = command.program.node.start;
    report(command.node.start, programStart, text.slice(command.node.start, programStart).trim(), [
      replaceEdit(lines, command.nameNode!.start, programStart, ''),
    ]);
  }
  const program = command.program;
  if (program === undefined || (program.name !== 'curl' && program.name !== 'wget')) return findings;
  const args = program.args;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const word = model.textOf(arg);
    const value = args[index + 1];
    // A limit of 0 is no limit, for curl (`-m 0`) and wget (`-T 0`) alike.
    if (NO_LIMIT.test(word) || (/^-/.test(word) && value !== undefined && NO_LIMIT.test(model.textOf(value)))) {
      if (/^(-m|--max-time|-T|--timeout|--read-timeout)(=|$)/.test(word) || /^-[a-zA-Z]*[mT]\d*$/.test(word)) continue;
    }
    const remove = (end: number) => [replaceEdit(lines, withSpaceBefore(text, arg.start), end, '')];
    const removeWithValue = () => remove(value?.end ?? arg.end);
    if (program.name === 'curl') {
      if (word === '--max-time' || word === '-m') {
        report(
          arg.start,
          value?.end ?? arg.end,
          `${word} ${value ? model.textOf(value) : ''}`.trim(),
          removeWithValue(),
        );
      } else if (word.startsWith('--max-time=')) {
        report(arg.start, arg.end, word, remove(arg.end));
      } else if (/^-[a-zA-Z0-9#:]+$/.test(word) && !word.startsWith('--')) {
        const cluster = word.slice(1);
        for (let position = 0; position < cluster.length; position++) {
          const letter = cluster[position]!;
          if (letter === 'm') {
            const inline = cluster.slice(position + 1);
            const what = inline !== '' ? `-m${inline}` : `-m ${value ? model.textOf(value) : ''}`.trim();
            const keep = cluster.slice(0, position);
            const start = arg.start + 1 + position;
            const edits =
              inline !== ''
                ? keep === ''
                  ? remove(arg.end)
                  : [replaceEdit(lines, start, arg.end, '')]
                : keep === ''
                  ? removeWithValue()
                  : [replaceEdit(lines, start, value?.end ?? arg.end, '')];
            report(arg.start, inline !== '' ? arg.end : (value?.end ?? arg.end), what, edits);
            break;
          }
          if (CURL_VALUED.has(letter)) break;
        }
      }
    } else if (/^(-T|--timeout|--read-timeout)$/.test(word)) {
      report(arg.start, value?.end ?? arg.end, `${word} ${value ? model.textOf(value) : ''}`.trim(), removeWithValue());
    } else if (/^(-T\d|--timeout=|--read-timeout=)/.test(word)) {
      report(arg.start, arg.end, word, remove(arg.end));
    }
  }
  return findings;
}

/** `at`, moved back over the blanks before it, so that removing a word leaves no double space. */
function withSpaceBefore(text: string, at: number): number {
  let start = at;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return start;
}
