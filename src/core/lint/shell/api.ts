// How a script talks to the Lambda Runtime API: which commands call which endpoint (following simple variables,
// `BASE=http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation` then `curl "$BASE/next"`), whether the
// script hands off to another program with `exec`, and which functions run inside a loop.
import type { Command, ShellModel } from './model';
import type { ShellNode } from './parser';
import { unquote } from './text';

/**
 * `dynamic`: `/invocation/$ID/$KIND` or a printf format (`…/invocation/%s/%s`): a response or an error post whose
 * endpoint is only known when the script runs (`send "$ID" response "$OUT"`).
 */
export type ApiKind = 'next' | 'response' | 'error' | 'init-error' | 'dynamic';

export interface ApiCall {
  readonly command: Command;
  readonly arg: ShellNode;
  readonly kind: ApiKind;
}

export interface ApiFacts {
  readonly calls: readonly ApiCall[];
  /** The `exec` that replaces the shell with another program (the runtime), if any. */
  readonly handOff: Command | undefined;
  /** Functions called from a loop (directly or through other functions), or that call themselves. */
  readonly loopedFunctions: ReadonlySet<string>;
  /** Whether the script reads other files (`source`, `.`) that may hold its Runtime API calls. */
  readonly sourcesFiles: boolean;
  /** Variables assigned from the request-id header (`REQUEST_ID=$(grep -i Lambda-Runtime-Aws-Request-Id …)`). */
  readonly requestIdVariables: readonly string[];
  /** Variables with one literal value, for following URLs built from them. */
  readonly values: ReadonlyMap<string, string>;
  /** Whether a word may hold a Runtime API path (cheap; false means it certainly does not). */
  readonly mayBeApi: (word: string) => boolean;
}

const RUNTIME_PATH = /\/runtime\/(invocations?|init)((?:\/[^\s"'?#]*)?)/;
/** An id and an endpoint after `/invocation`, the endpoint filled in at run time (`$2`, `${kind}`, `%s`). */
const DYNAMIC_ENDPOINT = /^\/[^/]+\/[^/]*[$%`{][^/]*\/?$/;
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Collects the Runtime API facts of a model. */
export function apiFacts(model: ShellModel): ApiFacts {
  const values = literalValues(model);
  const mayBeApi = apiWordTest(values);
  const calls: ApiCall[] = [];
  let handOff: Command | undefined;
  for (const command of model.commands) {
    if (handOff === undefined && command.program?.exec === true) handOff = command;
    for (const arg of command.args) {
      if (!mayBeApi(model.textOf(arg))) continue;
      const kind = classify(resolve(argumentText(model, arg), values));
      if (kind !== undefined) calls.push({ command, arg, kind });
    }
  }
  return {
    calls,
    handOff,
    loopedFunctions: loopedFunctions(model),
    sourcesFiles: model.commands.some((command) => command.name === 'source' || command.name === '.'),
    requestIdVariables: requestIdVariables(model),
    values,
    mayBeApi,
  };
}

/**
 * A quick test for words that may name a Runtime API path: `/runtime` written in them, or a variable whose value
 * holds it. Most words of a script are neither, and resolving every one would cost more than the rest of a lint.
 */
function apiWordTest(values: ReadonlyMap<string, string>): (word: string) => boolean {
  const names = [...values].filter(([, value]) => resolve(value, values).includes('/runtime')).map(([name]) => name);
  const variable = names.length === 0 ? undefined : new RegExp(`\\$\\{?(?:${names.join('|')})\\b`);
  return (word) => word.includes('/runtime') || (variable !== undefined && word.includes('$') && variable.test(word));
}

/** The Runtime API endpoint a (resolved, unquoted) word names, if any. */
export function classify(word: string): ApiKind | undefined {
  const match = RUNTIME_PATH.exec(word);
  if (match === null) return undefined;
  const [, area, rest] = match;
  if (area === 'init') return /\/error$/.test(rest!) ? 'init-error' : undefined;
  if (/\/next\/?$/.test(rest!)) return 'next';
  if (/\/response\/?$/.test(rest!)) return 'response';
  if (/\/error\/?$/.test(rest!)) return 'error';
  if (DYNAMIC_ENDPOINT.test(rest!)) return 'dynamic';
  return undefined;
}

/** The text of an argument with nested command substitutions blanked out (their commands are separate). */
export function argumentText(model: ShellModel, arg: ShellNode): string {
  let text = model.textOf(arg);
  const blank = (node: ShellNode) => {
    for (const child of node.children) {
      if (child.kind === 'substitution' || child.kind === 'process-substitution') {
        const from = child.start - arg.start;
        const to = child.end - arg.start;
        text = text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
      } else blank(child);
    }
  };
  blank(arg);
  return text;
}

/** Variables assigned one literal value (the same text at every assignment), as written. */
function literalValues(model: ShellModel): Map<string, string> {
  const values = new Map<string, string | null>();
  for (const assignment of model.assignments) {
    const previous = values.get(assignment.name);
    const value = assignment.value ?? null;
    if (previous === undefined) values.set(assignment.name, value);
    else if (previous !== value) values.set(assignment.name, null);
  }
  const result = new Map<string, string>();
  for (const [name, value] of values) if (value !== null && !value.includes('$(')) result.set(name, value);
  return result;
}

/** `word` with known variables substituted (three levels deep) and quotes removed. */
export function resolve(word: string, values: ReadonlyMap<string, string>): string {
  let text = word;
  for (let depth = 0; depth < 3 && text.includes('$'); depth++) {
    text = text.replace(VARIABLE, (whole, braced: string | undefined, plain: string | undefined) => {
      const value = values.get(braced ?? plain!);
      return value === undefined ? whole : value;
    });
  }
  return unquote(text);
}

function loopedFunctions(model: ShellModel): Set<string> {
  const looped = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const command of model.commands) {
      const name = command.program?.name;
      if (name === undefined || looped.has(name) || !model.functions.has(name)) continue;
      const caller = command.functionName;
      if (command.loop !== undefined || caller === name || (caller !== undefined && looped.has(caller))) {
        looped.add(name);
        changed = true;
      }
    }
  }
  return looped;
}

/** Whether `command` runs repeatedly: inside a loop, or in a function that does. */
export function runsInLoop(command: Command, facts: ApiFacts): boolean {
  return (
    command.loop !== undefined ||
    (command.functionName !== undefined && facts.loopedFunctions.has(command.functionName))
  );
}

function requestIdVariables(model: ShellModel): string[] {
  const names = new Set<string>();
  for (const assignment of model.assignments) {
    if (assignment.value !== undefined && /lambda-runtime-aws-request-id/i.test(assignment.value)) {
      names.add(assignment.name);
    }
  }
  return [...names];
}
