import type * as vscode from 'vscode';
import { registerCommands } from './commands';
import { PRODUCT_VERSION } from './core/product';
import { createLog } from './log';

/** Wires the features together; each feature lives in its own module. */
export function activate(extension: vscode.ExtensionContext): void {
  const log = createLog();
  extension.subscriptions.push(log);
  registerCommands({ extension, log });
  log.info(`Lambda Runtime Kit ${PRODUCT_VERSION} activated.`);
}

/** Everything is disposed of through the extension's subscriptions. */
export function deactivate(): void {}
