// Turns tree-sitter's ERROR and MISSING nodes into messages a person can act on. tree-sitter reports a `while`
// without `do` as one ERROR node holding the loop's pieces, so the ERROR's tokens are replayed through a small
// stack of open constructs (while … do … done, if … then … fi, case … esac, { … }) to say which word is missing.
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from './text';

export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Text to insert at `insertAt` that repairs the script, when the repair is clear. */
  readonly insert?: { readonly at: number; readonly text: string; readonly title: string };
}

const MAX_PROBLEMS = 20;
const MAX_VISITS = 20_000;

const OPENERS: Readonly<Record<string, string>> = {
  while: 'do',
  until: 'do',
  for: 'do',
  select: 'do',
  if: 'then',
  case: 'esac',
  '{': '}',
};
const KEYWORDS = new Set(['while', 'until', 'for', 'select', 'if', 'then', 'elif', 'else', 'fi', 'do', 'done']);
for (const word of ['case', 'esac', '{', '}']) KEYWORDS.add(word);
/** Words that, where a command was expected, are the shell's reserved words. */
const RESERVED_AS_COMMAND = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac']);

/** Every syntax problem under `root` (at most 20), visiting only subtrees that contain an error. */
export function findSyntaxProblems(root: Node, lines: LineIndex): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  let visits = 0;
  const visit = (node: Node): void => {
    if (problems.length >= MAX_PROBLEMS || ++visits > MAX_VISITS) return;
    if (node.isMissing) {
      problems.push(missingProblem(node, lines));
      return;
    }
    if (node.isError) {
      problems.push(...errorProblems(node, lines));
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child !== null) visit(child);
  };
  visit(root);
  return problems.slice(0, MAX_PROBLEMS);
}

/**
 * A reserved word run as a command where nothing is open (`done` after a loop that already ended): bash stops with
 * "syntax error near unexpected token", while tree-sitter takes it for a command named `done`.
 */
export function reservedWordCommands(
  root: Node,
  commandNames: readonly { start: number; end: number; text: string }[],
): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const name of commandNames) {
    if (!RESERVED_AS_COMMAND.has(name.text) || problems.length >= MAX_PROBLEMS) continue;
    let node: Node | null = root.descendantForIndex(name.start, name.end);
    let insideError = false;
    for (; node !== null; node = node.parent) {
      if (node.isError) {
        insideError = true;
        break;
      }
    }
    if (insideError) continue;
    problems.push({
      start: name.start,
      end: name.end,
      message: `Unexpected \`${name.text}\`: nothing here is open for it to close (bash: "syntax error near unexpected token \`${name.text}'").`,
    });
  }
  return problems;
}

function missingProblem(node: Node, lines: LineIndex): SyntaxProblem {
  const token = node.type;
  const at = node.startIndex;
  const opener = openerOf(node);
  const message =
    opener !== undefined
      ? `\`${opener.keyword}\` is never closed: \`${token}\` is missing.`
      : `Syntax error: \`${token}\` is missing here.`;
  const start = opener?.start ?? at;
  const end = opener !== undefined ? opener.start + opener.keyword.length : at;
  return {
    start,
    end,
    message,
    insert: { at, text: closingText(token, lines.text, at), title: `Insert \`${token}\`` },
  };
}

/** The construct whose closing word `missing` is, with the offset of its first keyword. */
function openerOf(missing: Node): { keyword: string; start: number } | undefined {
  let construct = missing.parent;
  if (construct?.type === 'do_group') construct = construct.parent;
  if (construct === null || construct === undefined) return undefined;
  const first = construct.firstChild;
  if (first === null || first.isNamed) return undefined;
  return { keyword: first.type, start: first.startIndex };
}

/** What to insert for a missing `token` at `at`: reserved words need a line or `;` of their own. */
function closingText(token: string, text: string, at: number): string {
  if (!/^[a-z]+$|^}$/.test(token)) return token;
  const before = text.slice(0, at).match(/[^\S\n]*$/)![0];
  const lineStart = at - before.length === 0 || text[at - before.length - 1] === '\n';
  return lineStart ? `${token}\n` : `; ${token}`;
}

interface Token {
  readonly keyword: string | undefined;
  readonly node: Node;
}

interface Open {
  readonly keyword: string;
  readonly node: Node;
  need: string;
  /** Offset after the loop's or if's condition, where a missing `do` or `then` goes. */
  conditionEnd: number;
}

function errorProblems(error: Node, lines: LineIndex): SyntaxProblem[] {
  const tokens: Token[] = [];
  flatten(error, tokens, lines.text);
  const unterminated = unterminatedQuote(tokens, lines);
  if (unterminated !== undefined) return [unterminated];
  const problems: SyntaxProblem[] = [];
  const stack: Open[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const { keyword, node } = tokens[index]!;
    const top = stack[stack.length - 1];
    if (keyword === undefined) {
      if (top !== undefined && (top.need === 'do' || top.need === 'then') && sameLine(lines, top.node, node)) {
        top.conditionEnd = node.endIndex;
      }
      continue;
    }
    if (OPENERS[keyword] !== undefined) {
      stack.push({ keyword, node, need: OPENERS[keyword]!, conditionEnd: node.endIndex });
      continue;
    }
    if (keyword === 'do' || keyword === 'then') {
      if (top?.need === keyword) top.need = keyword === 'do' ? 'done' : 'fi';
      continue;
    }
    if (keyword === 'elif' && top?.need === 'fi') {
      top.need = 'then';
      top.conditionEnd = node.endIndex;
      continue;
    }
    if (keyword === 'else') continue;
    // A closing word: done, fi, esac, }.
    if (top === undefined) {
      problems.push(stray(keyword, node));
      continue;
    }
    if ((top.need === 'do' && keyword === 'done') || (top.need === 'then' && keyword === 'fi')) {
      const word = top.need;
      problems.push({
        start: top.node.startIndex,
        end: top.node.endIndex,
        message: `\`${top.keyword}\` without \`${word}\`: add \`${word}\` after the ${conditionName(top.keyword)}.`,
        insert: { at: top.conditionEnd, text: `; ${word}`, title: `Insert \`${word}\`` },
      });
      stack.pop();
      continue;
    }
    if (top.need === keyword) {
      stack.pop();
      continue;
    }
    problems.push(stray(keyword, node, top));
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed !== undefined) {
    const closing = unclosed.need === 'do' ? 'done' : unclosed.need === 'then' ? 'fi' : unclosed.need;
    const missingOpen = unclosed.need === 'do' || unclosed.need === 'then';
    const message = missingOpen
      ? `\`${unclosed.keyword}\` without \`${unclosed.need}\` and never closed with \`${closing}\`.`
      : `\`${unclosed.keyword}\` is never closed: \`${closing}\` is missing.`;
    const insert = missingOpen
      ? undefined
      : { at: error.endIndex, text: closingText(closing, lines.text, error.endIndex), title: `Insert \`${closing}\`` };
    problems.push({
      start: unclosed.node.startIndex,
      end: unclosed.node.endIndex,
      message,
      ...(insert ? { insert } : {}),
    });
  }
  return problems.length > 0 ? problems : [generic(error, lines)];
}

/**
 * A quote that opens a string running to the end of the file: its text swallowed the words that would have closed
 * the constructs around it, so reporting those (`while` never closed) would send the user to the wrong line.
 */
function unterminatedQuote(tokens: readonly Token[], lines: LineIndex): SyntaxProblem | undefined {
  for (let index = tokens.length - 1; index >= 0; index--) {
    const { node } = tokens[index]!;
    if (node.type === 'string_content') continue;
    const quote = node.isError ? lines.text[node.startIndex]! : node.type;
    if ((node.isNamed && !node.isError) || !QUOTES.has(quote)) return undefined;
    const kind = quote === '`' ? 'backquoted command' : quote === '"' ? 'double-quoted string' : 'single-quoted string';
    const line = lines.lineOf(node.startIndex) + 1;
    return {
      start: node.startIndex,
      end: node.startIndex + 1,
      message:
        `Unterminated ${kind}: the \`${quote}\` on line ${line} is never closed, so the string runs to the end of the file ` +
        `(bash: "unexpected EOF while looking for matching \`${quote}'"). A quote is missing or one too many on this ` +
        'line or an earlier one.',
    };
  }
  return undefined;
}

const QUOTES = new Set(['"', "'", '`']);

function conditionName(keyword: string): string {
  if (keyword === 'for' || keyword === 'select') return 'word list';
  return 'condition';
}

function stray(keyword: string, node: Node, open?: Open): SyntaxProblem {
  const expected = open === undefined ? '' : ` (the \`${open.keyword}\` here still needs \`${open.need}\`)`;
  return {
    start: node.startIndex,
    end: node.startIndex + keyword.length,
    message: `Unexpected \`${keyword}\`${expected}.`,
  };
}

function generic(error: Node, lines: LineIndex): SyntaxProblem {
  // The shebang and comments before the broken text are not where the problem is.
  const first = error.children.find((child) => child !== null && child.type !== 'comment') ?? error.firstChild;
  const start = first?.startIndex ?? error.startIndex;
  const line = lines.lineOf(start);
  const end = Math.min(error.endIndex, lines.lineEnd(line));
  if (first !== null && (first.type === '"' || first.type === "'" || first.type === '`')) {
    const kind = first.type === '`' ? 'backquoted command' : first.type === '"' ? 'double-quoted string' : 'string';
    return { start, end: start + 1, message: `Unterminated ${kind}: the \`${first.type}\` here is never closed.` };
  }
  const near = lines.text.slice(start, end).trim().slice(0, 40);
  return {
    start,
    end: Math.max(end, start + 1),
    message: near === '' ? 'Syntax error: the shell cannot parse this.' : `Syntax error near \`${near}\`.`,
  };
}

/** The ERROR's tokens in order: keywords (also when parsed as a command or word) and the other pieces. */
function flatten(node: Node, tokens: Token[], text: string): void {
  for (const child of node.children) {
    if (child === null) continue;
    if (child.isError && child.childCount > 0) {
      flatten(child, tokens, text);
      continue;
    }
    if (child.isError) {
      // Unparsed text; one that starts with a quote is an unterminated string, for unterminatedQuote.
      if (QUOTES.has(text.charAt(child.startIndex))) tokens.push({ keyword: undefined, node: child });
      continue;
    }
    if (!child.isNamed) {
      tokens.push({ keyword: KEYWORDS.has(child.type) ? child.type : undefined, node: child });
      continue;
    }
    let keyword: string | undefined;
    if (child.type === 'word' && RESERVED_AS_COMMAND.has(child.text)) keyword = child.text;
    if (child.type === 'command' && child.childCount === 1) {
      const name = child.text;
      if (RESERVED_AS_COMMAND.has(name)) keyword = name;
    }
    tokens.push({ keyword, node: child });
  }
}

function sameLine(lines: LineIndex, a: Node, b: Node): boolean {
  return lines.lineOf(a.startIndex) === lines.lineOf(b.startIndex);
}
