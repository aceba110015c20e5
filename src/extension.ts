import type * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from './api';
import { startLanguageClient, stopLanguageClient } from './client';
import { registerCommands } from './commands';
import type { CommandContext } from './commands/context';
import { PRODUCT_VERSION } from './core/product';
import { registerDebugging } from './debug';
import { RunRegistry } from './debug/runs';
import { createLog } from './log';
import { registerTesting } from './testing';
import { registerViews } from './views';

/** Wires the features together; each feature lives in its own module. */
export function activate(extension: vscode.ExtensionContext): LambdaRuntimeKitApi {
  const log = createLog();
  const runs = new RunRegistry();
  extension.subscriptions.push(log, runs);
  const context: CommandContext = { extension, log, runs };
  registerCommands(context);
  const preparation = registerDebugging(context);
  registerViews(context);
  registerTesting(context);
  // Not awaited: the server starts in the background while the rest of the extension is already usable.
  void startLanguageClient(extension, log);
  log.info(`Lambda Runtime Kit ${PRODUCT_VERSION} activated.`);
  return { runs, preparation };
}

/** The language server is stopped here (the editor waits for it); the rest goes with the extension's subscriptions. */
export function deactivate(): Promise<void> {
  return stopLanguageClient();
}
