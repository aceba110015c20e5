// `hardcoded-api-host`: a local address (localhost:9001, 127.0.0.1...) where `$AWS_LAMBDA_RUNTIME_API` belongs. Such
// a host only exists on the developer's machine: on Lambda the bootstrap reaches nothing and gets no event.
import { ruleFinding } from '../rules';
import type { Finding, Fix } from '../types';
import type { ShellContext } from './context';
import { inComment } from './model';
import type { ShellNode } from './parser';
import { insideSingleQuotes, replaceEdit, unquote } from './text';

const LOCAL_HOST =
  /\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal)(?::(\d{1,5}))?|\[::1\](?::(\d{1,5}))?/g;
const API_PATH_AFTER = /^\/(?:\d{4}-\d{2}-\d{2}\/(?:runtime|extension|telemetry|logs)\b|runtime\/(?:invocation|init))/;

/** `hardcoded-api-host`: a local address where `$AWS_LAMBDA_RUNTIME_API` belongs. */
export function lintHardcodedHost(context: ShellContext): Finding[] {
  const { text, model, lines, file } = context;
  const defaults = model.reads.filter((read) => read.name === 'AWS_LAMBDA_RUNTIME_API' && read.guarded);
  const apiAssignments = model.assignments.filter(
    (assignment) => assignment.name === 'AWS_LAMBDA_RUNTIME_API' && assignment.value !== undefined,
  );
  const findings: Finding[] = [];
  for (const match of text.matchAll(LOCAL_HOST)) {
    const start = match.index;
    const end = start + match[0].length;
    if (inComment(model, start) || defaults.some((read) => read.node.start <= start && end <= read.node.end)) continue;
    const port = match[1] ?? match[2];
    const assignment = apiAssignments.find((candidate) => candidate.node.start <= start && end <= candidate.node.end);
    if (isLocalFallback(context, start, end)) continue;
    if (assignment === undefined && port !== '9001' && !API_PATH_AFTER.test(text.slice(end))) continue;
    const host = match[0];
    let fix: Fix;
    if (assignment !== undefined) {
      const valueStart = assignment.node.end - assignment.value!.length;
      const value = unquote(assignment.value!);
      fix = {
        title: `Use Lambda's \`$AWS_LAMBDA_RUNTIME_API\`, with ${value} only as the local default`,
        edits: [replaceEdit(lines, valueStart, assignment.node.end, `"\${AWS_LAMBDA_RUNTIME_API:-${value}}"`)],
        preferred: true,
      };
    } else {
      const word = enclosingWord(context, start);
      const quoted = word !== undefined && insideSingleQuotes(text.slice(word.start, word.end), start - word.start);
      const replacement = quoted ? `'"\${AWS_LAMBDA_RUNTIME_API}"'` : '${AWS_LAMBDA_RUNTIME_API}';
      fix = {
        title: 'Use `${AWS_LAMBDA_RUNTIME_API}`',
        edits: [replaceEdit(lines, start, end, replacement)],
        preferred: true,
      };
    }
    const message =
      `\`${host}\` is hard-coded as the Runtime API host: on Lambda the API is at \`$AWS_LAMBDA_RUNTIME_API\` ` +
      '(another address and port), so the bootstrap cannot reach it, gets no event and fails (Runtime.ExitError ' +
      'or a timeout). Use `${AWS_LAMBDA_RUNTIME_API}`, with a local address at most as its default ' +
      '(`${AWS_LAMBDA_RUNTIME_API:-localhost:9001}`).';
    findings.push(ruleFinding('hardcoded-api-host', file, lines.range(start, end), message, [fix]));
  }
  return findings;
}

/**
 * A local address used only on a branch: inside an `if`, `case` or `a || b` that tests `AWS_LAMBDA_RUNTIME_API`
 * (`if [ -z "${AWS_LAMBDA_RUNTIME_API:-}" ]; then AWS_LAMBDA_RUNTIME_API=localhost:9001; fi`), or a variable given
 * just that address in an `if` or `case` (`if [ "$LOCAL" = 1 ]; then API=127.0.0.1:9001; fi`): a fallback for
 * local runs, not the address the bootstrap uses on Lambda.
 */
function isLocalFallback(context: ShellContext, start: number, end: number): boolean {
  const { model } = context;
  let branch = false;
  for (const node of model.parsed.nodes) {
    if (node.start > start) break;
    if (node.end < end) continue;
    if (node.kind === 'branch' || node.kind === 'list') {
      if (model.textOf(node).includes('AWS_LAMBDA_RUNTIME_API')) return true;
      if (node.kind === 'branch') branch = true;
    } else if (node.kind === 'assignment' && branch && HOST_ONLY.test(model.textOf(node))) {
      return true;
    }
  }
  return false;
}

/** `NAME=host:port`, quoted or not, with an optional scheme: an assignment of nothing but an address. */
const HOST_ONLY = /^[A-Za-z_][A-Za-z0-9_]*=(["']?)(?:https?:\/\/)?[\w.:[\]-]+\/?\1$/;

/** The innermost command argument or assignment around `at`. */
function enclosingWord(context: ShellContext, at: number): ShellNode | undefined {
  let found: ShellNode | undefined;
  for (const node of context.model.parsed.nodes) {
    if (node.start > at) break;
    if (node.end > at && (node.kind === 'command.argument' || node.kind === 'assignment')) found = node;
  }
  return found;
}
