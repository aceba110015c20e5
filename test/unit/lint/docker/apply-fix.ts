// Applies a quick fix's text edits the way an editor does, so tests can lint the result again.
import type { Fix, Position } from '../../../../src/core/lint/types';

function offsetOf(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

/** The text after `fix`'s edits (applied from last to first, as they refer to the original text). */
export function applyFix(text: string, fix: Fix): string {
  const edits = [...(fix.edits ?? [])].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  let result = text;
  for (const edit of edits) {
    result =
      result.slice(0, offsetOf(result, edit.range.start)) +
      edit.newText +
      result.slice(offsetOf(result, edit.range.end));
  }
  return result;
}
