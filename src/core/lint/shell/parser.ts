// Parses a shell script with tree-sitter-bash and keeps, as plain objects, only the nodes the rules look at.
// Walking every node of a tree-sitter tree from JavaScript costs a call into WebAssembly per node and property
// (about 60 ms for a 5,000-line script); one query run inside WebAssembly that captures the interesting nodes
// costs a third of that. The tree itself is freed before returning, so repeated linting does not grow memory.
import type { Language, Parser, Query, Tree } from 'web-tree-sitter';
import { findSyntaxProblems, reservedWordCommands, type SyntaxProblem } from './syntax';
import type { LineIndex } from './text';
import { BASH_WASM, loadWebTreeSitter, locateWasm, RUNTIME_WASM } from './wasm';

/** A captured node: its capture name (`command`, `command.argument`...), its offsets and the captured nodes in it. */
export interface ShellNode {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  parent: ShellNode | undefined;
  readonly children: ShellNode[];
}

export interface ParsedShell {
  /** A synthetic `program` node spanning the text, parent of the outermost captures. */
  readonly root: ShellNode;
  /** Every captured node in document order (outer before inner). */
  readonly nodes: readonly ShellNode[];
  readonly syntax: readonly SyntaxProblem[];
  /** False when parsing was cut short (time budget, size of the tree); the rules then see no nodes. */
  readonly complete: boolean;
  /** Why it is not complete, for the `file-skipped` message: `parsing took longer than 5 s`. */
  readonly incomplete?: string;
}

/**
 * More captured nodes than this (ten times what the 5,000-line benchmark script has) and the rules are not run:
 * building the model and running the rules grows with it, and no real bootstrap comes near.
 */
export const MAX_SHELL_NODES = 100_000;
/** Captured nodes nested deeper than this (loops in loops in ifs...) and the rules are not run either. */
export const MAX_SHELL_DEPTH = 1000;

// The capture names are the node kinds the rules see.
const QUERY = `
(function_definition name: (_) @function.name) @function
(for_statement variable: (variable_name) @loop.variable) @loop
(while_statement) @loop
(c_style_for_statement) @loop
(pipeline) @pipeline
(if_statement) @branch
(case_item) @branch
(list) @list
(subshell) @subshell
(command_substitution) @substitution
(command name: (command_name) @command.name) @command
(command argument: (_) @command.argument)
(command redirect: (herestring_redirect) @herestring)
(redirected_statement redirect: (herestring_redirect) @herestring)
(declaration_command) @declaration
(declaration_command (variable_name) @declaration.name)
(unset_command) @unset
(variable_assignment) @assignment
(test_command) @test
(compound_statement) @compound
(arithmetic_expansion) @arithmetic
(expansion) @expansion
(simple_expansion) @expansion.simple
(ansi_c_string) @ansi-c-string
(translated_string) @translated-string
(process_substitution) @process-substitution
(array) @array
(subscript) @subscript
(file_redirect) @redirect
(concatenation) @concatenation
(comment) @comment
`;

// Containers before their parts: a command before its name, an argument before the expansion that fills it.
const CAPTURE_ORDER: readonly string[] = [
  'function',
  'function.name',
  'loop',
  'loop.variable',
  'pipeline',
  'branch',
  'list',
  'subshell',
  'substitution',
  'command',
  'command.name',
  'command.argument',
  'herestring',
  'declaration',
  'declaration.name',
  'unset',
  'assignment',
  'test',
  'compound',
  'arithmetic',
  'expansion',
  'expansion.simple',
  'ansi-c-string',
  'translated-string',
  'process-substitution',
  'array',
  'subscript',
  'redirect',
  'concatenation',
  'comment',
];
const PRIORITY = new Map(CAPTURE_ORDER.map((name, index) => [name, index]));

interface Engine {
  readonly parser: Parser;
  readonly query: Query;
  readonly language: Language;
}

let engine: Promise<Engine> | undefined;

/** Loads the parser once per process; concurrent first calls share the same load. */
export function shellParser(): Promise<Engine> {
  engine ??= createEngine().catch((error: unknown) => {
    engine = undefined; // A later call may retry (after the files were restored, say).
    throw error;
  });
  return engine;
}

async function createEngine(): Promise<Engine> {
  const treeSitter = await loadWebTreeSitter();
  let runtimeWasm: string | undefined;
  try {
    runtimeWasm = locateWasm(RUNTIME_WASM);
  } catch {
    runtimeWasm = undefined; // web-tree-sitter then looks next to its own script, which may still work.
  }
  await treeSitter.Parser.init(runtimeWasm === undefined ? {} : { locateFile: () => runtimeWasm });
  const language = await treeSitter.Language.load(locateWasm(BASH_WASM));
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  return { parser, language, query: new treeSitter.Query(language, QUERY) };
}

// Handing the parser the text in small pieces is markedly faster than web-tree-sitter's default for strings
// (50 ms instead of 130 ms on 5,000 lines, measured here), which reports the whole remainder on every read.
const CHUNK = 1024;

/** Parses `text`; gives up after `budgetMs` of parsing (the result is then marked incomplete). */
export async function parseShell(text: string, lines: LineIndex, budgetMs = 5000): Promise<ParsedShell> {
  const { parser, query } = await shellParser();
  const root: ShellNode = { kind: 'program', start: 0, end: text.length, parent: undefined, children: [] };
  const deadline = performance.now() + budgetMs;
  let tree: Tree | null = null;
  try {
    tree = parser.parse(readChunk(text), null, { progressCallback: () => performance.now() > deadline });
  } finally {
    if (tree === null) parser.reset();
  }
  if (tree === null) {
    const incomplete = `parsing took longer than ${budgetMs / 1000} s`;
    return { root, nodes: [], syntax: [], complete: false, incomplete };
  }
  try {
    const nodes = collect(tree, query, root, text);
    if (typeof nodes === 'string') return { root, nodes: [], syntax: [], complete: false, incomplete: nodes };
    const syntax = tree.rootNode.hasError ? findSyntaxProblems(tree.rootNode, lines) : [];
    const names = nodes
      .filter((node) => node.kind === 'command.name' && node.end - node.start <= 4)
      .map((node) => ({ start: node.start, end: node.end, text: text.slice(node.start, node.end) }));
    syntax.push(...reservedWordCommands(tree.rootNode, names));
    return { root, nodes, syntax, complete: true };
  } finally {
    tree.delete();
  }
}

function readChunk(text: string) {
  return (index: number): string | undefined => {
    if (index >= text.length) return undefined;
    let end = Math.min(index + CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++; // Keep a surrogate pair together.
    return text.slice(index, end);
  };
}

/** The captured nodes, linked to their parents; or, when there are too many or too deeply nested, why not. */
function collect(tree: Tree, query: Query, root: ShellNode, text: string): ShellNode[] | string {
  const nodes: ShellNode[] = [];
  const captures = query.captures(tree.rootNode);
  if (captures.length > MAX_SHELL_NODES) {
    return `the script has more than ${MAX_SHELL_NODES.toLocaleString('en-US')} shell constructs`;
  }
  for (const capture of captures) {
    const end = capture.node.endIndex;
    let start = capture.node.startIndex;
    // tree-sitter-bash lets an expansion inside a string start at the blank before its `${`.
    while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
    nodes.push({ kind: capture.name, start, end, parent: undefined, children: [] });
  }
  nodes.sort((a, b) => a.start - b.start || b.end - a.end || (PRIORITY.get(a.kind) ?? 0) - (PRIORITY.get(b.kind) ?? 0));
  const open: ShellNode[] = [root];
  const unique: ShellNode[] = [];
  let previous: ShellNode | undefined;
  for (const node of nodes) {
    // A node captured twice under the same name (by two patterns) is kept once.
    if (
      previous !== undefined &&
      previous.start === node.start &&
      previous.end === node.end &&
      previous.kind === node.kind
    ) {
      continue;
    }
    previous = node;
    while (open.length > 1 && !contains(open[open.length - 1]!, node)) open.pop();
    if (open.length > MAX_SHELL_DEPTH) return `its commands are nested more than ${MAX_SHELL_DEPTH} levels deep`;
    const parent = open[open.length - 1]!;
    node.parent = parent;
    parent.children.push(node);
    open.push(node);
    unique.push(node);
  }
  return unique;
}

function contains(outer: ShellNode, inner: ShellNode): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
