// Where the script switches a shell option on and off (`set -u`, `set -eu`, `set -o errexit`, `set +e`, or the
// shebang's `-e`), for the rules whose finding depends on it: `unset-variable` (nounset), `missing-tool` (errexit).
import type { Shebang, ShellContext } from './context';
import type { ShellModel } from './model';

export interface Toggle {
  readonly at: number;
  readonly on: boolean;
}

const LONG_NAMES: Readonly<Record<string, string>> = { u: 'nounset', e: 'errexit' };

/** The offsets where option `letter` (`u`, `e`) is set or unset, in order. */
export function optionToggles(shebang: Shebang | undefined, model: ShellModel, letter: 'u' | 'e'): Toggle[] {
  const toggles: Toggle[] = [];
  const short = new RegExp(`^-[a-zA-Z]*${letter}`);
  if (shebang?.args.some((arg) => short.test(arg))) toggles.push({ at: 0, on: true });
  for (const command of model.commands) {
    if (command.name !== 'set') continue;
    const words = command.args.map((arg) => model.textOf(arg));
    words.forEach((word, index) => {
      if (/^[-+][a-zA-Z]+$/.test(word) && word.includes(letter))
        toggles.push({ at: command.node.start, on: word[0] === '-' });
      if ((word === '-o' || word === '+o') && words[index + 1] === LONG_NAMES[letter]) {
        toggles.push({ at: command.node.start, on: word === '-o' });
      }
    });
  }
  return toggles.sort((a, b) => a.at - b.at);
}

/** Whether the option is on just before offset `at`. */
export function activeAt(toggles: readonly Toggle[], at: number): boolean {
  let on = false;
  for (const toggle of toggles) {
    if (toggle.at >= at) break;
    on = toggle.on;
  }
  return on;
}

/**
 * Whether option `letter` is on when the code at `at` runs, in the bootstrap or a file it sources (which starts
 * with the bootstrap's options at its source command). Function bodies run later, when they are called: the
 * option counts there when it is ever set and never unset.
 */
export function optionOnAt(context: ShellContext, letter: 'u' | 'e', at: number, inFunction: boolean): boolean {
  const { scope } = context;
  const own = optionToggles(context.shebang, context.model, letter);
  const outer =
    scope.sourcedBy === undefined ? [] : optionToggles(scope.sourcedBy.shebang, scope.sourcedBy.model, letter);
  const all = [...outer, ...own];
  if (inFunction) return all.some((toggle) => toggle.on) && !all.some((toggle) => !toggle.on);
  const inherited = scope.sourcedBy !== undefined && activeAt(outer, scope.sourcedBy.at);
  return activeAt(inherited ? [{ at: -1, on: true }, ...own] : own, at);
}
