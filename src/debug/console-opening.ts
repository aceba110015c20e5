// When the Debug Console opens. Its first opening takes the editor's window about 0.3 s (the view, its tree and its
// input editor are made), and the editor does it when a session has launched: on the first F5, that is while the
// language debugger's sessions are being set up, and the first breakpoint waited for it. So a `lambda-runtime`
// session that the editor would open the console for answers its launch only once the run has settled (see
// ParentSession), and asks the editor to open the console then; its child sessions never open it themselves.
import * as vscode from 'vscode';

/** Set in a resolved configuration whose session answers its launch once the run has settled. */
export const CONSOLE_AFTER_START_KEY = '__lambdaRuntimeConsoleAfterStart';

/** The settled run's latest moment: after configuration, the console opens within this even with no stop. */
export const CONSOLE_AFTER_START_LIMIT_MS = 3_000;

let sessionSeen = false;

/** Notes whether this window has had a debug session (the editor's "first session start" is the first one). */
export function trackDebugSessions(): vscode.Disposable {
  // Sessions before this extension activated are not known, but for the one still running.
  sessionSeen ||= vscode.debug.activeDebugSession !== undefined;
  return vscode.debug.onDidStartDebugSession(() => (sessionSeen = true));
}

/** Whether the editor opens the Debug Console when a session starts, for `debug.internalConsoleOptions`' value. */
export function editorOpensConsole(option: unknown, firstSession: boolean): boolean {
  return option === 'openOnSessionStart' || (option === 'openOnFirstSessionStart' && firstSession);
}

/**
 * `configuration`, where the editor would open the Debug Console as it starts, set to open it when its launch is
 * answered (every session: its children will already have started) and marked for that answer to wait.
 */
export function withConsoleAfterStart(
  configuration: vscode.DebugConfiguration,
  folder: vscode.WorkspaceFolder | undefined,
): vscode.DebugConfiguration {
  if (configuration.noDebug === true) return configuration;
  const option =
    configuration.internalConsoleOptions ??
    vscode.workspace.getConfiguration('debug', folder?.uri).get<string>('internalConsoleOptions');
  if (!editorOpensConsole(option, !sessionSeen)) return configuration;
  return { ...configuration, internalConsoleOptions: 'openOnSessionStart', [CONSOLE_AFTER_START_KEY]: true };
}

/** Whether `session` is `ancestor` or one of its descendants. */
export function isWithin(session: vscode.DebugSession | undefined, ancestor: vscode.DebugSession): boolean {
  for (let current = session; current; current = current.parentSession) if (current.id === ancestor.id) return true;
  return false;
}
