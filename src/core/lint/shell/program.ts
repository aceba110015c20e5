// The program a command really runs: the command word itself, or the one after a wrapper (`exec`, `command`,
// `env`, `nohup`, `timeout`...), with the wrapper's own options skipped.
import type { ShellNode } from './parser';
import { unquote } from './text';

export interface Program {
  /** As written, quotes and expansions included. */
  readonly text: string;
  readonly node: ShellNode;
  /** Unquoted, when it contains no expansion. */
  readonly name: string | undefined;
  /** Arguments of the program (after its name). */
  readonly args: readonly ShellNode[];
  /** Through `exec`: the shell is replaced by the program. */
  readonly exec: boolean;
}

/** The unquoted word of `node` when it holds no expansion or substitution. */
export function plainWord(node: ShellNode, textOf: (node: ShellNode) => string): string | undefined {
  if (hasExpansion(node)) return undefined;
  const raw = textOf(node);
  if (/[$`]/.test(raw.replace(/'[^']*'/g, ''))) return undefined;
  return unquote(raw);
}

function hasExpansion(node: ShellNode): boolean {
  return node.children.some(
    (child) =>
      child.kind === 'expansion' ||
      child.kind === 'expansion.simple' ||
      child.kind === 'substitution' ||
      child.kind === 'arithmetic' ||
      hasExpansion(child),
  );
}

// Options of the wrappers that take a value, so that the value is not taken for the program.
const WRAPPERS: Readonly<Record<string, { readonly valued: ReadonlySet<string>; readonly positional?: number }>> = {
  exec: { valued: new Set(['-a']) },
  command: { valued: new Set() },
  env: { valued: new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string']) },
  nohup: { valued: new Set() },
  time: { valued: new Set(['-f', '-o']) },
  nice: { valued: new Set(['-n']) },
  timeout: { valued: new Set(['-s', '-k', '--signal', '--kill-after']), positional: 1 },
  xargs: { valued: new Set(['-I', '-n', '-P', '-L', '-s', '-d', '-E', '-a', '-i']) },
  sudo: { valued: new Set(['-u', '-g', '-C', '-D']) },
  stdbuf: { valued: new Set(['-i', '-o', '-e']) },
};

/** The program run by a command whose name is `nameNode` (`name` unquoted) and arguments `args`. */
export function resolveProgram(
  nameNode: ShellNode,
  name: string | undefined,
  args: readonly ShellNode[],
  textOf: (node: ShellNode) => string,
): Program | undefined {
  let exec = false;
  let current: { node: ShellNode; name: string | undefined; rest: readonly ShellNode[] } = {
    node: nameNode,
    name,
    rest: args,
  };
  for (let depth = 0; depth < 4; depth++) {
    const wrapper = current.name === undefined ? undefined : WRAPPERS[current.name];
    if (wrapper === undefined) break;
    if (current.name === 'command' && current.rest.some((arg) => /^-[a-zA-Z]*[vV]/.test(textOf(arg)))) return undefined;
    if (current.name === 'exec') exec = true;
    let index = 0;
    let positional = wrapper.positional ?? 0;
    while (index < current.rest.length) {
      const word = textOf(current.rest[index]!);
      if (word === '--') {
        index++;
        break;
      }
      if (current.name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
        index++;
        continue;
      }
      if (word.startsWith('-') && word.length > 1) {
        index += wrapper.valued.has(word) ? 2 : 1;
        continue;
      }
      if (positional > 0) {
        positional--;
        index++;
        continue;
      }
      break;
    }
    const next = current.rest[index];
    if (next === undefined)
      return exec ? undefined : { text: textOf(current.node), node: current.node, name: current.name, args: [], exec };
    current = { node: next, name: plainWord(next, textOf), rest: current.rest.slice(index + 1) };
  }
  return { text: textOf(current.node), node: current.node, name: current.name, args: current.rest, exec };
}
