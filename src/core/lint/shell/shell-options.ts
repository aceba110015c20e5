// Where the script switches a shell option on and off (`set -u`, `set -eu`, `set -o errexit`, `set +e`, or the
// shebang's `-e`), for the rules whose finding depends on it: `unset-variable` (nounset), `missing-tool` (errexit).
import type { Shebang } from './context';
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
