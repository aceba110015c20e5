import type * as vscode from 'vscode';

/** What every command handler may use; built once in activate(). */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}
