// The linter's data model, shared by every rule family, the language server and the command line.
// Positions are 0-based and count UTF-16 code units, as LSP does; the command line adds 1 when printing.

import type { Range, TargetBase } from '../types';

// Shared with project/, which must not depend on the linter; re-exported for the linter's own users.
export type { Architecture, Position, Range, TargetBase } from '../types';

/** How bad a finding is; users can override it per rule (see RuleSettings), `off` silences a rule. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A replacement of `range` in the linted file's text by `newText`. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/**
 * A change a quick fix makes outside the file's text. The server carries these out itself (they touch
 * the file system or git), which is why they are data here and not functions.
 */
export type FileOperation =
  | { readonly kind: 'chmod-executable'; readonly file: string }
  | { readonly kind: 'git-chmod-executable'; readonly file: string }
  /** Drops a UTF-8 byte-order mark from the start of the file on disk (the editor's text never shows it). */
  | { readonly kind: 'remove-bom'; readonly file: string }
  /** Adds `line` to the file at `file` (created if absent) unless an identical line is already there. */
  | { readonly kind: 'append-line'; readonly file: string; readonly line: string };

/** One quick fix: edits to the linted file's text and/or operations on files. */
export interface Fix {
  readonly title: string;
  readonly edits?: readonly TextEdit[];
  readonly operations?: readonly FileOperation[];
  /** The fix to offer first (LSP `isPreferred`). */
  readonly preferred?: boolean;
}

/** Who found it: our own rules, ShellCheck, or dockerfile-utils' validator. */
export type FindingSource = 'lambda-runtime-kit' | 'shellcheck' | 'dockerfile-utils';

export interface Finding {
  /** Absolute path of the file the finding is in. */
  readonly file: string;
  readonly range: Range;
  readonly severity: Severity;
  /** The rule id (`exec-bit`), `SC2086` for ShellCheck, or dockerfile-utils' code prefixed `dockerfile-`. */
  readonly code: string;
  readonly message: string;
  readonly source: FindingSource;
  /** Where the rule is explained; our rules point at docs/rules.md, ShellCheck's at its wiki. */
  readonly url?: string;
  readonly fixes?: readonly Fix[];
}

/** Per-rule severity overrides from settings (`lambdaRuntime.lint.rules`). */
export type RuleSettings = Readonly<Record<string, Severity | 'off'>>;

export interface LintOptions {
  /** When false nothing of the user's is executed: no ShellCheck, no git. */
  readonly trusted: boolean;
  readonly shellcheck: { readonly enabled: boolean; readonly path: string };
  /** The base image assumed when no Dockerfile or template says. */
  readonly defaultTarget: TargetBase;
  readonly rules: RuleSettings;
  /**
   * The text of a file as an editor holds it (unsaved changes included), or undefined to read the disk: for the
   * files a bootstrap sources.
   */
  readonly openText?: (file: string) => string | undefined;
}

export const DEFAULT_LINT_OPTIONS: LintOptions = {
  trusted: true,
  shellcheck: { enabled: true, path: 'shellcheck' },
  defaultTarget: 'provided.al2023',
  rules: {},
};
