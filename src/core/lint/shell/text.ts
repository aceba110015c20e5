// Offsets in the document's text (UTF-16 code units, as tree-sitter reports them for JavaScript strings) to LSP
// positions, and small helpers that the shell rules share.
import type { Position, Range, TextEdit } from '../types';

/** Line starts of a text, for turning offsets into positions in O(log lines). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      this.starts.push(index + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The offset where line `line` (0-based) starts; the text's length past the last line. */
  lineStart(line: number): number {
    if (line < 0) return 0;
    return line < this.starts.length ? this.starts[line]! : this.text.length;
  }

  /** The offset of the end of line `line`, before its `\n` (and before a `\r` that precedes it). */
  lineEnd(line: number, keepCarriageReturn = false): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    if (!keepCarriageReturn && end > this.lineStart(line) && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.starts[line]! };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The offset of an LSP position (clamped to its line). */
  offset(position: Position): number {
    const start = this.lineStart(position.line);
    return Math.min(start + position.character, this.lineEnd(position.line, true));
  }
}

/** A TextEdit replacing text[start, end) by `newText`. */
export function replaceEdit(lines: LineIndex, start: number, end: number, newText: string): TextEdit {
  return { range: lines.range(start, end), newText };
}

/** A TextEdit inserting `newText` at `offset`. */
export function insertEdit(lines: LineIndex, offset: number, newText: string): TextEdit {
  return { range: lines.range(offset, offset), newText };
}

/** The text with quotes and backslashes of a shell word removed (expansions are kept as written). */
export function unquote(word: string): string {
  let result = '';
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < word.length; index++) {
    const char = word[index]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else result += char;
    } else if (char === '\\' && index + 1 < word.length) {
      result += word[++index];
    } else if (char === '"') {
      quote = quote === '"' ? undefined : '"';
    } else if (char === "'" && quote === undefined) {
      quote = "'";
    } else {
      result += char;
    }
  }
  return result;
}

/** Whether `offset` (relative to the start of `word`) falls inside single quotes of that shell word. */
export function insideSingleQuotes(word: string, offset: number): boolean {
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < offset && index < word.length; index++) {
    const char = word[index]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === '\\') {
      index++;
    } else if (char === '"') {
      quote = quote === '"' ? undefined : '"';
    } else if (char === "'" && quote === undefined) {
      quote = "'";
    }
  }
  return quote === "'";
}

/** Levenshtein distance, for short words. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
