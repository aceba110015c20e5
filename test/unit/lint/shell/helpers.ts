/** Shared by the shell linter's tests: targets built by hand, linting a text, applying quick fixes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RuntimeTarget } from '../../../../src/core/project/types';
import { lintShellBootstrap } from '../../../../src/core/lint/shell';
import {
  DEFAULT_LINT_OPTIONS,
  type Finding,
  type LintOptions,
  type Position,
  type TextEdit,
} from '../../../../src/core/lint/types';
import { REPO_ROOT } from '../../helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'shell');

/** A target as the project resolver would produce it; provided.al2023 with nothing installed by default. */
export function target(overrides: Partial<RuntimeTarget> = {}): RuntimeTarget {
  return {
    base: 'provided.al2023',
    shIsBash: true,
    architecture: 'x86_64',
    installedTools: new Set<string>(),
    environmentNames: new Set<string>(),
    source: 'the test',
    ...overrides,
  };
}

/** Options with ShellCheck off, so that our rules are tested alone. */
export const NO_SHELLCHECK: LintOptions = {
  ...DEFAULT_LINT_OPTIONS,
  shellcheck: { enabled: false, path: 'shellcheck' },
};

export interface LintInput {
  readonly file?: string;
  readonly target?: RuntimeTarget;
  readonly options?: LintOptions;
  /** The bytes on disk; by default the UTF-8 encoding of the text. */
  readonly bytes?: Uint8Array;
}

/** Lints `text` as a bootstrap. */
export function lintText(text: string, input: LintInput = {}): Promise<Finding[]> {
  const file = input.file ?? path.join(FIXTURES, 'virtual', 'bootstrap');
  const bytes = input.bytes ?? new TextEncoder().encode(text);
  return lintShellBootstrap({ file, bytes, text }, input.target ?? target(), input.options ?? NO_SHELLCHECK);
}

/** The path of a fixture. */
export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/** A fixture's text as the editor shows it (a byte-order mark kept when `keepBom`, to test its fix). */
export function fixtureText(relative: string, keepBom = false): string {
  return new TextDecoder('utf-8', { ignoreBOM: keepBom }).decode(readFileSync(fixturePath(relative)));
}

/** Lints a fixture file with its real bytes. */
export function lintFixture(relative: string, input: LintInput = {}): Promise<Finding[]> {
  const file = fixturePath(relative);
  const bytes = readFileSync(file);
  return lintText(new TextDecoder().decode(bytes), { file, bytes, ...input });
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((finding) => finding.code);
}

export function ofRule(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((finding) => finding.code === rule);
}

function offsetOf(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + position.character;
}

/**
 * Applies LSP TextEdits as an editor does: every range refers to the original text; edits at the same position
 * go in array order. Throws on overlapping edits, which an editor would reject.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits
    .map((edit, order) => ({
      start: offsetOf(text, edit.range.start),
      end: offsetOf(text, edit.range.end),
      text: edit.newText,
      order,
    }))
    .sort((a, b) => a.start - b.start || a.order - b.order);
  for (let index = 1; index < resolved.length; index++) {
    if (resolved[index]!.start < resolved[index - 1]!.end) throw new Error('overlapping edits');
  }
  let result = '';
  let cursor = 0;
  for (const edit of resolved) {
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}
