// The bytes the linter sees for an open document. The editor's text hides what some rules are about (a byte-order
// mark, invalid UTF-8), so when the editor holds exactly what is on disk the disk bytes are used; while it holds
// unsaved changes, its text is what the user is writing and is linted instead.
import { readFile, stat } from 'node:fs/promises';
import type { LintDocument } from '../core/lint/document';
import { MAX_LINT_BYTES } from '../core/lint/engine';

const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
const encoder = new TextEncoder();

/** The LintDocument for `file` whose editor text is `text`. Never throws: an unreadable file falls back to `text`. */
export async function documentBytes(file: string, text: string): Promise<LintDocument> {
  const fromEditor = (): LintDocument => ({ file, bytes: encoder.encode(text), text });
  try {
    const info = await stat(file);
    // A file far larger than the editor's text cannot hold the same text; do not read a huge file for nothing.
    if (!info.isFile() || info.size > Math.max(MAX_LINT_BYTES, text.length * 4 + 16)) return fromEditor();
    const bytes = await readFile(file);
    return decoder.decode(bytes) === text ? { file, bytes, text } : fromEditor();
  } catch {
    return fromEditor();
  }
}
