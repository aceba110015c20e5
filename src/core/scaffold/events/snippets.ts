// The catalogue as VS Code JSON snippets (snippets/json.json). scripts/sync-snippets.ts writes the file and
// test/unit/snippets.test.ts fails when it and the catalogue differ, so the catalogue is the one source.
import { SAMPLE_EVENTS } from './index';

/** One entry of a VS Code snippet file. */
export interface SnippetEntry {
  readonly prefix: readonly string[];
  readonly description: string;
  readonly body: readonly string[];
}

/** The snippet prefix of a sample event: `lambda-event-sqs`. */
export function eventSnippetPrefix(source: string): string {
  return `lambda-event-${source}`;
}

/**
 * Every sample event as a snippet, keyed by its name in the snippet picker. The JSON text is inserted as it
 * is: backslashes and dollar signs are escaped so that the editor's snippet syntax leaves them alone.
 */
export function jsonSnippets(): Record<string, SnippetEntry> {
  const entries: Record<string, SnippetEntry> = {};
  for (const sample of SAMPLE_EVENTS) {
    entries[`Lambda event: ${sample.title}`] = {
      prefix: [eventSnippetPrefix(sample.source)],
      description: sample.description,
      body: sample.json
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => line.replace(/[\\$]/g, (char) => `\\${char}`)),
    };
  }
  return entries;
}

/** The text of snippets/json.json: two-space JSON with a final newline, as the other snippet files. */
export function jsonSnippetFile(): string {
  return `${JSON.stringify(jsonSnippets(), null, 2)}\n`;
}
