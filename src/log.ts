import * as vscode from 'vscode';
import { PRODUCT_DISPLAY_NAME } from './core/product';

/**
 * The extension's one output channel. A LogOutputChannel, so people pick the level in the editor
 * (Developer: Set Log Level); it is never revealed by itself, only by `lambdaRuntime.showOutput` or an action.
 */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(PRODUCT_DISPLAY_NAME, { log: true });
}
