// What the language server and its client agree on beyond LSP itself: the options the client passes at start,
// the server's command and the two custom notifications. Both sides import this file and nothing else of the other.

/** `initializationOptions` sent by the client. */
export interface InitializationOptions {
  /** `vscode.workspace.isTrusted` when the client started; untrusted means no ShellCheck and no git. */
  readonly trusted?: boolean;
  /** URI of the extension's docs/rules.md; each rule's diagnostic links to `<this>#<rule id>`. */
  readonly rulesDocUrl?: string;
}

/** The server's command that carries out a quick fix's file operations (chmod, git, .gitattributes). */
export const APPLY_FILE_OPERATIONS_COMMAND = 'lambdaRuntime.applyFileOperations';

/** Client → server, once the user trusts the workspace (trust cannot be revoked without a reload). */
export const TRUST_GRANTED_NOTIFICATION = 'lambdaRuntime/trustGranted';

/** Server → client, once per ShellCheck path: ShellCheck is enabled but cannot be found. */
export const SHELLCHECK_MISSING_NOTIFICATION = 'lambdaRuntime/shellcheckMissing';

export interface ShellcheckMissingParams {
  /** The configured executable (`lambdaRuntime.lint.shellcheck.path`). */
  readonly path: string;
}

/** The settings section the server reads (`lambdaRuntime.lint.*`). */
export const LINT_SETTINGS_SECTION = 'lambdaRuntime.lint';
