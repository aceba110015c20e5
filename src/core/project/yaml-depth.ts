// A cheap look at how deeply a YAML text nests, before the parser (which recurses per level) is given it.

/**
 * Real templates nest a few dozen levels. The YAML parser recurses once per level, and a few hundred levels of
 * indentation or brackets exhaust the stack, which in V8 can end the whole process (a fatal "RegExpCompiler
 * allocation failed", measured here on Node 20) instead of throwing: such text is refused before parsing.
 */
export const MAX_NESTING = 200;

/** Whether `text` nests deeper than MAX_NESTING (by indentation or brackets), and on which line (0-based). */
export function nestingDepth(text: string): { over: boolean; line: number } {
  let flow = 0;
  let line = 0;
  let lineStart = 0;
  let quote = '';
  for (let index = 0; index <= text.length; index++) {
    const char = text[index];
    if (char === '\n' || char === undefined) {
      line++;
      lineStart = index + 1;
      quote = '';
      continue;
    }
    if (index === lineStart) {
      let indent = 0;
      while (text[index + indent] === ' ' || text[index + indent] === '-') indent++;
      if (indent > 2 * MAX_NESTING) return { over: true, line };
    }
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '[' || char === '{') {
      if (++flow > MAX_NESTING) return { over: true, line };
    } else if ((char === ']' || char === '}') && flow > 0) {
      flow--;
    }
  }
  return { over: false, line: 0 };
}
