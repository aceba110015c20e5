// The simple commands inside a Dockerfile RUN line, as word lists. A full shell parse is not needed to see
// `dnf install -y jq` or `chmod 700 /var/runtime/bootstrap`; splitting at the list operators is.
import type { Range } from '../types';

/** A word of a RUN instruction, quotes removed, with where it is in the Dockerfile (when known). */
export interface Word {
  readonly text: string;
  readonly range?: Range;
}

const OPERATORS = new Set([
  '&&',
  '||',
  ';',
  '|',
  '&',
  '(',
  ')',
  '{',
  '}',
  '!',
  'then',
  'do',
  'else',
  'if',
  'fi',
  'done',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PREFIX_COMMANDS = new Set(['sudo', 'exec', 'command', 'env', 'nohup', 'time']);

/** Removes one level of surrounding quotes from a shell word (`"a b"` → `a b`). */
export function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) {
    return text.slice(1, -1);
  }
  return text;
}

/**
 * Splits words into simple commands at `&&`, `||`, `;`, `|`, `&` (also when glued to a word, as in `a;`),
 * dropping leading variable assignments and wrappers such as `sudo`, so each list starts with the command name.
 */
export function commandSegments(words: readonly Word[]): Word[][] {
  const segments: Word[][] = [];
  let current: Word[] = [];
  const end = () => {
    if (current.length > 0) segments.push(current);
    current = [];
  };
  for (const word of words) {
    if (OPERATORS.has(word.text)) {
      end();
      continue;
    }
    let text = word.text;
    const endsList = /[^;&](;|&&)$/.test(text);
    if (endsList) text = text.replace(/(;|&&)$/, '');
    const unquoted = unquote(text);
    const isPrefix = current.length === 0 && (ASSIGNMENT.test(unquoted) || PREFIX_COMMANDS.has(unquoted));
    if (!isPrefix) current.push({ text: unquoted, range: word.range });
    if (endsList) end();
  }
  end();
  return segments;
}
