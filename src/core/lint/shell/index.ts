// The shell bootstrap linter: parses the script once, builds one model of it, and runs every shell rule (and
// ShellCheck, in parallel) over that model.
import type { RuntimeTarget } from '../../project/types';
import type { LintDocument } from '../document';
import { ruleFinding } from '../rules';
import type { Finding, LintOptions } from '../types';
import path from 'node:path';
import { type ApiFacts, type ApiKind, apiFacts } from './api';
import { lintHardcodedHost } from './api-host';
import { lintApiPaths } from './api-urls';
import { lintBashisms, usesBashSyntax } from './bashism';
import { dialectOf, parseShebang, type ShellContext, singleFileScope } from './context';
import { lintCrlf, lintShebang } from './file-text';
import { buildModel } from './model';
import { lintHandler } from './handler';
import { type ParsedShell, parseShell, shellParser } from './parser';
import { lintRequestIdHeader } from './request-id';
import { lintEventLoop } from './runtime-api';
import { runShellcheck, type ShellcheckShell } from './shellcheck';
import { LineIndex } from './text';
import { lintInterpreters, lintMissingTools } from './tools';
import { scopeOf, sourcedContexts, sourcesSomething, unknownSources } from './source-scope';
import { followSources, type SourceGraph } from './sources';
import { lintUnsetVariables } from './unset-variable';

export { shellcheckStatus, type ShellcheckStatus, SHELLCHECK_MAX_CHARS } from './shellcheck';
export { keepWasmOnBaselineCompiler, setShellWasmDirectory } from './wasm';

/** The rules lintShellBootstrap reports (besides `file-skipped`, and ShellCheck's SC codes). */
export const SHELL_RULE_IDS: readonly string[] = [
  'no-event-loop',
  'no-response-post',
  'syntax',
  'crlf',
  'shebang',
  'interpreter-missing',
  'hardcoded-api-host',
  'api-path',
  'request-id-header',
  'next-timeout',
  'unset-variable',
  'handler-missing',
  'no-error-reporting',
  'missing-tool',
  'bashism',
];

/** Optional controls of one lint, for a caller that lints on every keystroke. */
export interface ShellLintControl {
  /** Aborting stops a running ShellCheck (its findings are dropped); our own rules take milliseconds anyway. */
  readonly signal?: AbortSignal;
  /** Milliseconds before ShellCheck is stopped; 10 s by default. */
  readonly shellcheckTimeoutMs?: number;
}

/** Scripts longer than this (in UTF-16 units) only get the line-ending and shebang checks. */
export const SHELL_PARSE_LIMIT = 2 * 1024 * 1024;
/**
 * Scripts whose parentheses and braces nest deeper than this are not parsed (nor given to ShellCheck): no bootstrap
 * nests a tenth as deep, and 20,000 nested `$(` would take seconds.
 */
export const SHELL_MAX_NESTING = 200;

/** The deepest nesting of `(` and `{` in the text (a quick upper bound: quotes and comments are not skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x28 || code === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if ((code === 0x29 || code === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}

/** Milliseconds of parsing after which the parse is abandoned (and the file reported as not fully linted). */
export const SHELL_PARSE_BUDGET_MS = 5000;

/**
 * Loads the shell parser and parses a sample, ahead of the first real lint. Where V8 may optimise the grammar's
 * WebAssembly (Node 20: right after the first parses, about 0.9 s of CPU and a stall of the main thread, once per
 * process), this takes that before the user types; the language server avoids it (keepWasmOnBaselineCompiler).
 */
export async function warmUpShellParser(): Promise<void> {
  await shellParser();
  const sample = '#!/bin/sh\nwhile true; do\n  EVENT=$(curl -sS "http://${AWS_LAMBDA_RUNTIME_API}/x")\ndone\n';
  await parseShell(sample, new LineIndex(sample));
}

/**
 * Lints a shell bootstrap for `target`: our rules, plus ShellCheck when `options` allow it. Findings carry their
 * rule's default severity; the engine applies the user's settings. Throws only when the parser's files are
 * missing from the installation.
 */
export async function lintShellBootstrap(
  doc: LintDocument,
  target: RuntimeTarget,
  options: LintOptions,
  control: ShellLintControl = {},
): Promise<Finding[]> {
  const text = doc.text;
  const lines = new LineIndex(text);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const shebang = parseShebang(text, bom);
  const dialect = dialectOf(shebang);
  const tooLarge = text.length > SHELL_PARSE_LIMIT;
  // Hostile nesting (thousands of `$(`) costs the parser, the rules and ShellCheck far more than its size says.
  const nesting = dialect === 'not-shell' || tooLarge ? 0 : nestingDepth(text);
  const tooDeep = nesting > SHELL_MAX_NESTING;
  const shell = shellcheckShell(dialect, shebang?.program, target);
  const shellcheck =
    shell === undefined || tooLarge || tooDeep
      ? Promise.resolve([])
      : runShellcheck({
          file: doc.file,
          text,
          lines,
          shell,
          options,
          timeoutMs: control.shellcheckTimeoutMs,
          signal: control.signal,
        });
  // Carriage returns before line ends and a byte-order mark become spaces: same offsets, no spurious errors.
  const parseText = bom === 1 || text.includes('\r') ? sanitize(text) : text;
  const parsed: ParsedShell =
    dialect === 'not-shell' || tooLarge || tooDeep
      ? {
          root: { kind: 'program', start: 0, end: text.length, parent: undefined, children: [] },
          nodes: [],
          syntax: [],
          complete: dialect === 'not-shell',
          incomplete: tooLarge
            ? `the script is ${(text.length / (1024 * 1024)).toFixed(1)} MB, over the ${SHELL_PARSE_LIMIT / (1024 * 1024)} MB limit`
            : `brackets and substitutions are nested ${nesting} levels deep, over the limit of ${SHELL_MAX_NESTING}`,
        }
      : await parseShell(parseText, lines, SHELL_PARSE_BUDGET_MS);
  const model = buildModel(text, parsed);
  const script = dialect !== 'not-shell' && parsed.complete && !tooLarge;
  const graph =
    script && sourcesSomething(model) ? await followSources(doc.file, model, target, options.openText) : undefined;
  const scope = graph === undefined ? singleFileScope(model) : scopeOf(graph, model, doc.file);
  const context: ShellContext = { doc, file: doc.file, text, lines, model, target, options, shebang, dialect, scope };
  const findings: Finding[] = [...lintCrlf(context)];
  findings.push(...lintShebang(context, isSourcedLibrary(context), usesBashSyntax(context)));
  findings.push(...lintInterpreters(context));
  if (!parsed.complete) {
    const why = parsed.incomplete ?? 'the script could not be parsed in time';
    findings.push(ruleFinding('file-skipped', doc.file, lines.range(0, 0), `Only partly linted: ${why}.`));
  }
  if (script) findings.push(...lintScript(context, graph));
  findings.push(...(await shellcheck));
  const bootstrap = path.resolve(doc.file);
  return findings.sort(
    (a, b) =>
      Number(path.resolve(a.file) !== bootstrap) - Number(path.resolve(b.file) !== bootstrap) ||
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
}

/** The rules that need the parsed script; with `graph`, also over the files it sources. */
function lintScript(context: ShellContext, graph?: SourceGraph): Finding[] {
  const contexts = graph === undefined ? [] : sourcedContexts(context, graph);
  const kinds = new Set<ApiKind>();
  let handOff = false;
  const findings: Finding[] = [];
  for (const other of contexts) {
    const facts = apiFacts(other.model);
    for (const call of facts.calls) kinds.add(call.kind);
    handOff ||= facts.handOff !== undefined;
    const tell = ` (${path.basename(other.file)} is sourced by ${path.relative(path.dirname(other.file), context.file)}.)`;
    for (const finding of [...lintCrlf(other), ...fileRules(other, facts)])
      findings.push({ ...finding, message: finding.message + tell });
  }
  const facts = apiFacts(context.model);
  const unknownSource = graph === undefined ? facts.sourcesFiles : unknownSources(graph);
  const own: ApiFacts = { ...facts, sourcesFiles: unknownSource };
  // A broken `while` is no loop in the tree: the loop rules wait until the syntax is fixed.
  if (context.model.parsed.syntax.length === 0) findings.push(...lintEventLoop(context, own, { kinds, handOff }));
  findings.push(...fileRules(context, own));
  if (graph !== undefined) {
    const files = [context, ...contexts].map(({ file, model, lines }) => ({ file, model, lines }));
    findings.push(...lintHandler(context, graph, files));
  }
  return findings;
}

/** The rules that look at one file of the set: the bootstrap or a file it sources. */
function fileRules(context: ShellContext, facts: ApiFacts): Finding[] {
  const { model, lines, file } = context;
  const findings: Finding[] = [];
  for (const problem of model.parsed.syntax) {
    const fixes = problem.insert
      ? [
          {
            title: problem.insert.title,
            edits: [{ range: lines.range(problem.insert.at, problem.insert.at), newText: problem.insert.text }],
            preferred: true,
          },
        ]
      : undefined;
    findings.push(ruleFinding('syntax', file, lines.range(problem.start, problem.end), problem.message, fixes));
  }
  if (facts.handOff === undefined) findings.push(...lintRequestIdHeader(context));
  findings.push(...lintApiPaths(context, facts));
  findings.push(...lintHardcodedHost(context));
  findings.push(...lintUnsetVariables(context));
  findings.push(...lintMissingTools(context));
  findings.push(...lintBashisms(context));
  return findings;
}

function sanitize(text: string): string {
  return text.replace(/^\uFEFF/, ' ').replace(/\r(?=\n|$)/g, ' ');
}

/** A file of functions and variables only (like the tutorial's function.sh): sourced, never executed. */
function isSourcedLibrary(context: ShellContext): boolean {
  const top = context.model.parsed.root.children;
  if (!context.model.parsed.complete || top.length === 0) return false;
  const definitions = top.filter((node) => node.kind !== 'comment');
  return (
    definitions.length > 0 && definitions.every((node) => ['function', 'assignment', 'declaration'].includes(node.kind))
  );
}

function shellcheckShell(
  dialect: ShellContext['dialect'],
  program: string | undefined,
  target: RuntimeTarget,
): ShellcheckShell | undefined {
  if (dialect === 'not-shell') return undefined;
  if (dialect === 'other-shell')
    return program === 'ksh' || program === 'mksh' || program === 'ksh93' ? 'ksh' : undefined;
  if (dialect === 'sh' && !target.shIsBash) return program === 'dash' ? 'dash' : 'sh';
  return 'bash';
}
