// `api-path`: the Runtime API URLs written in the script (in commands, assignments and here-documents alike;
// comments excepted). Lambda answers a wrong path with 404 and the runtime never gets an event.
import { ruleFinding } from '../rules';
import type { Finding, Fix, TextEdit } from '../types';
import { type ApiFacts, argumentText, resolve } from './api';
import type { ShellContext } from './context';
import { inComment } from './model';
import { distance, replaceEdit, unquote } from './text';

const RUNTIME_VERSION = '2018-06-01';
const VERSIONS: Readonly<Record<string, string>> = {
  runtime: RUNTIME_VERSION,
  extension: '2020-01-01',
  telemetry: '2022-07-01',
  logs: '2020-08-15',
};
const VALID_PATHS =
  '/2018-06-01/runtime/invocation/next, /2018-06-01/runtime/invocation/$REQUEST_ID/response, ' +
  '/2018-06-01/runtime/invocation/$REQUEST_ID/error, /2018-06-01/runtime/init/error';

// A dated API path, or an undated `/runtime/invocation…` right after the API host.
const VERSIONED =
  /\/(\d{4}-\d{2}-\d{2})\/(runtime|extension|functions|telemetry|logs)(?=[/\s"'`?#;|&<>)}]|$)([^\s?#;|&<>()]*)/g;
const UNVERSIONED =
  /(?:AWS_LAMBDA_RUNTIME_API\}?|:\d{2,5}|localhost)(\/runtime)(?=\/(?:invocations?|init)\b)([^\s?#;|&<>()]*)/g;

interface Segment {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Whether `start`/`end` delimit exactly `value` in the text (no quote inside), so that an edit can replace it. */
  readonly exact: boolean;
}

/** `api-path`: Runtime API paths that do not exist. */
export function lintApiPaths(context: ShellContext, facts: ApiFacts): Finding[] {
  const { text, model } = context;
  const findings: Finding[] = [];
  for (const match of text.matchAll(VERSIONED)) {
    if (inComment(model, match.index)) continue;
    const versionStart = match.index + 1;
    const restStart = match.index + match[0].length - match[3]!.length;
    const finding = checkPath(context, facts, {
      start: match.index,
      end: match.index + match[0].length,
      version: { value: match[1]!, start: versionStart, end: versionStart + 10, exact: true },
      area: match[2]!,
      segments: segments(match[3]!, restStart),
    });
    if (finding !== undefined) findings.push(finding);
  }
  for (const match of text.matchAll(UNVERSIONED)) {
    const pathStart = match.index + match[0].length - match[1]!.length - match[2]!.length;
    if (inComment(model, pathStart)) continue;
    const restStart = pathStart + match[1]!.length;
    const finding = checkPath(context, facts, {
      start: pathStart,
      end: restStart + match[2]!.length,
      version: undefined,
      area: 'runtime',
      segments: segments(match[2]!, restStart),
    });
    if (finding !== undefined) findings.push(finding);
  }
  findings.push(...checkResolvedUses(context, facts));
  return findings;
}

const VERSIONED_ONCE = new RegExp(VERSIONED.source);
const UNVERSIONED_ONCE = new RegExp(UNVERSIONED.source);
const RESOLVED_RUNTIME_PATH = /\/runtime\/(invocations?|init)((?:\/[^\s?#;|&<>()]*)?)/;

/**
 * Paths assembled from variables (`curl "$API/$ID/respone"`): what the text scan above cannot see. Only the part
 * after `/runtime/` is checked here (the version and host are checked where they are written), without fixes.
 */
function checkResolvedUses(context: ShellContext, facts: ApiFacts): Finding[] {
  const { model, lines, file } = context;
  const findings: Finding[] = [];
  for (const command of model.commands) {
    for (const arg of command.args) {
      if (!facts.mayBeApi(model.textOf(arg))) continue;
      const raw = argumentText(model, arg);
      if (!raw.includes('$') || VERSIONED_ONCE.test(raw) || UNVERSIONED_ONCE.test(raw)) continue;
      const match = RESOLVED_RUNTIME_PATH.exec(resolve(raw, facts.values));
      if (match === null) continue;
      const parts = segments(`/${match[1]}${match[2]}`, 0);
      if (parts.length < 2) continue;
      // The area word (`invocation`) comes from the variable and was checked where it is written.
      parts[0] = { ...parts[0]!, value: match[1] === 'init' ? 'init' : 'invocation' };
      const result = checkRuntimeSegments(context, facts, parts);
      if (result.problems.length === 0) continue;
      const message =
        `No such Runtime API path: with its variables substituted this is \`${match[0]}\`, and ` +
        `${result.problems.join('; ')}. Lambda answers 404. Valid paths: ${VALID_PATHS}.`;
      findings.push(ruleFinding('api-path', file, lines.range(arg.start, arg.end), message));
    }
  }
  return findings;
}

function segments(rest: string, start: number): Segment[] {
  const pieces = rest.split('/');
  const result: Segment[] = [];
  let offset = start + pieces[0]!.length + 1; // What precedes the first `/` belongs to the area word.
  for (const raw of pieces.slice(1)) {
    let value = unquote(raw).replace(/[^\w}$]+$/, '');
    while (value.endsWith('}') && count(value, '}') > count(value, '{')) value = value.slice(0, -1);
    if (value !== '') {
      const at = raw.indexOf(value);
      const exact = at !== -1;
      const valueStart = offset + (exact ? at : 0);
      result.push({ value, start: valueStart, end: exact ? valueStart + value.length : offset + raw.length, exact });
    }
    offset += raw.length + 1;
  }
  return result;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

interface ApiPath {
  readonly start: number;
  readonly end: number;
  readonly version: Segment | undefined;
  readonly area: string;
  readonly segments: readonly Segment[];
}

function checkPath(context: ShellContext, facts: ApiFacts, apiPath: ApiPath): Finding | undefined {
  const { lines, file } = context;
  const range = lines.range(apiPath.start, apiPath.end);
  if (apiPath.area === 'functions') {
    const message =
      '`/2015-03-31/functions/…` is the Invoke API, which calls a function from outside. A bootstrap talks to the ' +
      `Runtime API instead: http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next.`;
    return ruleFinding('api-path', file, range, message);
  }
  const problems: string[] = [];
  const edits: TextEdit[] = [];
  let fixable = true;
  const expectedVersion = VERSIONS[apiPath.area]!;
  if (apiPath.version === undefined) {
    problems.push(`the API version is missing (\`/${RUNTIME_VERSION}/runtime/…\`)`);
    edits.push(replaceEdit(lines, apiPath.start, apiPath.start, `/${RUNTIME_VERSION}`));
  } else if (apiPath.version.value !== expectedVersion) {
    problems.push(`the ${apiPath.area} API version is \`${expectedVersion}\`, not \`${apiPath.version.value}\``);
    edits.push(replaceEdit(lines, apiPath.version.start, apiPath.version.end, expectedVersion));
  }
  if (apiPath.area === 'runtime') {
    const result = checkRuntimeSegments(context, facts, apiPath.segments);
    problems.push(...result.problems);
    edits.push(...result.edits);
    fixable &&= result.fixable;
  } else if (apiPath.area === 'extension' && apiPath.segments.length > 0) {
    const endpoint = apiPath.segments.map((segment) => segment.value).join('/');
    if (!['register', 'event/next', 'init/error', 'exit/error'].includes(endpoint)) {
      problems.push(
        `\`extension/${endpoint}\` is not an Extensions API endpoint (register, event/next, init/error, exit/error)`,
      );
      fixable = false;
    }
  }
  if (problems.length === 0) return undefined;
  const message = `No such Runtime API path: ${problems.join('; ')}. Lambda answers 404 and the runtime never gets its event. Valid paths: ${VALID_PATHS}.`;
  const fixes: Fix[] =
    fixable && edits.length > 0 ? [{ title: 'Fix the Runtime API path', edits, preferred: true }] : [];
  return ruleFinding('api-path', file, lines.range(apiPath.start, apiPath.end), message, fixes);
}

const ENDPOINTS = ['next', 'response', 'error'];
/** A path segment filled in at run time: an expansion, a printf conversion, a template placeholder. */
const PLACEHOLDER = /[$%`{]/;

function checkRuntimeSegments(context: ShellContext, facts: ApiFacts, parts: readonly Segment[]) {
  const { lines } = context;
  const problems: string[] = [];
  const edits: TextEdit[] = [];
  let fixable = true;
  const [area, ...rest] = parts;
  if (area === undefined) return { problems, edits, fixable }; // A base URL that a later word completes.
  if (area.value === 'init') {
    if (rest.length === 0) return { problems, edits, fixable };
    if (rest.length !== 1 || rest[0]!.value !== 'error') {
      problems.push('the only `init` endpoint is `/runtime/init/error`');
      fixable = false;
    }
    return { problems, edits, fixable };
  }
  // SnapStart's Restore API (`/runtime/restore/next`, `/runtime/restore/error`), used by runtimes that support it.
  if (area.value === 'restore' && rest.length === 1 && ['next', 'error'].includes(rest[0]!.value)) {
    return { problems, edits, fixable };
  }
  if (area.value !== 'invocation') {
    problems.push(`\`${area.value}\` should be \`invocation\``);
    edits.push(replaceEdit(lines, area.start, area.end, 'invocation'));
    fixable &&= area.exact;
  }
  if (rest.length === 0) return { problems, edits, fixable };
  const last = rest[rest.length - 1];
  // `/invocation/$ID/$KIND`, `/invocation/%s/%s`: the endpoint is chosen when the script runs.
  if (rest.length === 2 && last !== undefined && PLACEHOLDER.test(last.value)) return { problems, edits, fixable };
  const endpoint = last === undefined ? undefined : closest(last.value);
  if (last !== undefined && endpoint === undefined && rest.length === 1 && PLACEHOLDER.test(last.value)) {
    problems.push(
      `\`/invocation/${last.value}\` stops at the request id: add the endpoint, \`/invocation/${last.value}/response\` (or \`/error\`)`,
    );
    return { problems, edits, fixable: false };
  }
  if (last === undefined || endpoint === undefined) {
    problems.push(`\`/runtime/invocation/${rest.map((part) => part.value).join('/')}\` is no endpoint`);
    return { problems, edits, fixable: false };
  }
  if (endpoint !== last.value) {
    problems.push(`\`${last.value}\` should be \`${endpoint}\``);
    edits.push(replaceEdit(lines, last.start, last.end, endpoint));
    fixable &&= last.exact;
  }
  if (endpoint === 'next' && rest.length !== 1) {
    problems.push('`next` takes no request id (`/runtime/invocation/next`)');
    fixable = false;
  }
  if (endpoint !== 'next' && rest.length === 1) {
    problems.push(`\`${endpoint}\` needs the request id: \`/runtime/invocation/$REQUEST_ID/${endpoint}\``);
    const variable = facts.requestIdVariables.length === 1 ? facts.requestIdVariables[0] : undefined;
    if (variable === undefined) fixable = false;
    else edits.push(replaceEdit(lines, last.start, last.start, `\${${variable}}/`));
  }
  if (endpoint !== 'next' && rest.length > 2) {
    problems.push(`\`${endpoint}\` takes exactly one request id before it`);
    fixable = false;
  }
  return { problems, edits, fixable };
}

/** The endpoint `word` means: itself, or the one a typo away (at most 2 edits, and only one such). */
function closest(word: string): string | undefined {
  if (ENDPOINTS.includes(word)) return word;
  const near = ENDPOINTS.filter((endpoint) => distance(word.toLowerCase(), endpoint) <= 2);
  return near.length === 1 ? near[0] : undefined;
}
