// What the language server asks the client to tell the user. Notices, not errors: the linter works without them.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SHELLCHECK_MISSING_NOTIFICATION, type ShellcheckMissingParams } from '../server/protocol';

const OPEN_SETTINGS = 'Open Settings';
const DISABLE = 'Disable ShellCheck';

/** Shows the server's "ShellCheck not found" notice, with actions to fix the path or turn ShellCheck off. */
export function handleServerNotices(client: LanguageClient, log: vscode.LogOutputChannel): vscode.Disposable {
  return client.onNotification(SHELLCHECK_MISSING_NOTIFICATION, (params: ShellcheckMissingParams) => {
    log.info(`ShellCheck was not found as '${params.path}'.`);
    void showShellcheckMissing(params.path, log);
  });
}

async function showShellcheckMissing(command: string, log: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    `ShellCheck was not found ('${command}'), so bootstraps are checked without it. ` +
      'Install it (for example `apt-get install shellcheck`) or set its path in the settings.',
    OPEN_SETTINGS,
    DISABLE,
  );
  try {
    if (choice === OPEN_SETTINGS) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'lambdaRuntime.lint.shellcheck');
    } else if (choice === DISABLE) {
      await vscode.workspace
        .getConfiguration('lambdaRuntime.lint')
        .update('shellcheck.enabled', false, vscode.ConfigurationTarget.Global);
    }
  } catch (error) {
    log.error(`Could not ${choice === DISABLE ? 'turn ShellCheck off' : 'open the settings'}: ${String(error)}`);
  }
}
