// What the rules need to know about a parsed script, computed once per lint in one pass over the captured nodes:
// commands (with the program they really run), variable reads and assignments, loops and functions.
import type { ParsedShell, ShellNode } from './parser';
import { plainWord, type Program, resolveProgram } from './program';
import { unquote } from './text';

export interface Command {
  readonly node: ShellNode;
  /** The command word as written (quotes included); undefined for a command with no name. */
  readonly nameText: string | undefined;
  readonly nameNode: ShellNode | undefined;
  /** The command word without quotes, when it is a plain word (no expansion, no substitution). */
  readonly name: string | undefined;
  readonly args: readonly ShellNode[];
  /** The program this command runs: itself, or the one after `exec`, `command`, `env`, `nohup`, `timeout`... */
  readonly program: Program | undefined;
  readonly loop: ShellNode | undefined;
  readonly functionName: string | undefined;
}

export type { Program };

export interface VariableRead {
  readonly name: string;
  readonly node: ShellNode;
  /** `${x:-…}`, `${x-…}`, `${x:=…}`, `${x+…}`, `${x:?…}`: the expansion itself copes with an unset variable. */
  readonly guarded: boolean;
}

export interface Assignment {
  readonly name: string;
  readonly node: ShellNode;
  /** The value as written after `=`, for assignments of that form. */
  readonly value: string | undefined;
}

export interface ShellModel {
  readonly text: string;
  readonly parsed: ParsedShell;
  readonly commands: readonly Command[];
  readonly reads: readonly VariableRead[];
  readonly assignments: readonly Assignment[];
  readonly functions: ReadonlyMap<string, ShellNode>;
  readonly loops: readonly ShellNode[];
  readonly comments: readonly ShellNode[];
  textOf(node: ShellNode): string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SIMPLE_READ = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9]|[@*#?$!_-])$/;
const BRACED_READ = /^\$\{([#!]?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!_-])?([\s\S]*)\}$/;
const GUARD = /^(\[[^\]]*\])?(:?[-=?+])/;

/** Builds the model of a parsed script. */
export function buildModel(text: string, parsed: ParsedShell): ShellModel {
  const textOf = (node: ShellNode) => text.slice(node.start, node.end);
  const commands: Command[] = [];
  const reads: VariableRead[] = [];
  const assignments: Assignment[] = [];
  const functions = new Map<string, ShellNode>();
  const loops: ShellNode[] = [];
  const comments: ShellNode[] = [];

  for (const node of parsed.nodes) {
    switch (node.kind) {
      case 'command': {
        const command = toCommand(node, textOf);
        commands.push(command);
        for (const assigned of assignedByCommand(command, textOf)) assignments.push(assigned);
        break;
      }
      case 'function.name':
        functions.set(textOf(node), node.parent ?? node);
        break;
      case 'loop':
        loops.push(node);
        if (textOf(node).startsWith('for ((')) assignArithmetic(node, textOf(node), assignments);
        break;
      case 'loop.variable':
      case 'declaration.name':
        assignments.push({ name: textOf(node), node, value: undefined });
        break;
      case 'assignment': {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=/.exec(textOf(node));
        if (match) assignments.push({ name: match[1]!, node, value: textOf(node).slice(match[0].length) });
        break;
      }
      case 'arithmetic':
        assignArithmetic(node, textOf(node), assignments);
        break;
      case 'compound':
        if (textOf(node).startsWith('((')) assignArithmetic(node, textOf(node), assignments);
        break;
      case 'expansion.simple':
      case 'expansion': {
        const read = toRead(node, textOf(node));
        if (read === undefined) break;
        reads.push(read);
        // `${x:=default}` assigns x when it is unset.
        if (/^\$\{[A-Za-z_][A-Za-z0-9_]*:?=/.test(textOf(node)))
          assignments.push({ name: read.name, node, value: undefined });
        break;
      }
      case 'comment':
        comments.push(node);
        break;
    }
  }
  return { text, parsed, commands, reads, assignments, functions, loops, comments, textOf };
}

function toCommand(node: ShellNode, textOf: (node: ShellNode) => string): Command {
  const nameNode = node.children.find((child) => child.kind === 'command.name');
  const args = node.children.filter((child) => child.kind === 'command.argument');
  const nameText = nameNode === undefined ? undefined : textOf(nameNode);
  const name = nameNode === undefined ? undefined : plainWord(nameNode, textOf);
  let loop: ShellNode | undefined;
  let functionName: string | undefined;
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (loop === undefined && parent.kind === 'loop') loop = parent;
    if (functionName === undefined && parent.kind === 'function') {
      const functionNameNode = parent.children.find((child) => child.kind === 'function.name');
      if (functionNameNode !== undefined) functionName = textOf(functionNameNode);
    }
  }
  const program = nameNode === undefined ? undefined : resolveProgram(nameNode, name, args, textOf);
  return { node, nameText, nameNode, name, args, program, loop, functionName };
}

const ASSIGNING_COMMANDS = new Set(['read', 'getopts', 'mapfile', 'readarray', 'printf', 'let']);

/** Variables that a command assigns: `read`, `getopts`, `mapfile`/`readarray`, `printf -v`, `let`. */
function assignedByCommand(command: Command, textOf: (node: ShellNode) => string): Assignment[] {
  // Most commands assign nothing; their arguments (a substitution may hold the rest of the script) are not read.
  if (command.name === undefined || !ASSIGNING_COMMANDS.has(command.name)) return [];
  const words = command.args.map((arg) => unquote(textOf(arg)));
  const result: Assignment[] = [];
  const add = (name: string | undefined, node: ShellNode) => {
    if (name !== undefined && NAME.test(name)) result.push({ name, node, value: undefined });
  };
  switch (command.name) {
    case 'read': {
      const valued = new Set(['-a', '-d', '-i', '-n', '-N', '-p', '-t', '-u']);
      let names = 0;
      for (let index = 0; index < words.length; index++) {
        const word = words[index]!;
        if (word === '-a') add(words[index + 1], command.args[index + 1]!);
        if (word.startsWith('-') && word.length > 1) {
          if (valued.has(word)) index++;
          continue;
        }
        add(word, command.args[index]!);
        names++;
      }
      if (names === 0) add('REPLY', command.node);
      break;
    }
    case 'getopts':
      add(words[1], command.args[1] ?? command.node);
      break;
    case 'mapfile':
    case 'readarray': {
      const last = words[words.length - 1];
      add(last !== undefined && !last.startsWith('-') ? last : 'MAPFILE', command.node);
      break;
    }
    case 'printf': {
      const index = words.indexOf('-v');
      if (index !== -1) add(words[index + 1], command.args[index + 1] ?? command.node);
      break;
    }
    case 'let':
      for (let index = 0; index < words.length; index++) assignArithmetic(command.args[index]!, words[index]!, result);
      break;
  }
  return result;
}

/** Names assigned inside an arithmetic text: `x = 1`, `x += 2`, `x++`, `--x`. */
function assignArithmetic(node: ShellNode, text: string, into: Assignment[]): void {
  const patterns = [
    /([A-Za-z_][A-Za-z0-9_]*)\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)/g,
    /([A-Za-z_][A-Za-z0-9_]*)\s*(?:\+\+|--)/g,
  ];
  patterns.push(/(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)/g);
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) into.push({ name: match[1]!, node, value: undefined });
  }
}

function toRead(node: ShellNode, text: string): VariableRead | undefined {
  const simple = SIMPLE_READ.exec(text);
  if (simple) return { name: simple[1]!, node, guarded: false };
  const braced = BRACED_READ.exec(text);
  if (!braced) return undefined;
  const [, prefix, name, rest] = braced;
  if (name === undefined || prefix === '!') return undefined;
  if (prefix === '#') return { name, node, guarded: false };
  return { name, node, guarded: GUARD.test(rest ?? '') };
}

/** The innermost ancestor of `node` (itself excluded) of kind `kind`. */
export function ancestor(node: ShellNode, kind: string): ShellNode | undefined {
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) if (parent.kind === kind) return parent;
  return undefined;
}

/** Whether offset `at` is inside a comment. */
export function inComment(model: ShellModel, at: number): boolean {
  return model.comments.some((comment) => comment.start <= at && at < comment.end);
}
