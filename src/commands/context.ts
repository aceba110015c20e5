import type * as vscode from 'vscode';
import type { RunRegistry } from '../debug/runs';

/** What every command handler may use; built once in activate(). */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The functions running under the emulator (debug sessions and plain runs). */
  readonly runs: RunRegistry;
}
