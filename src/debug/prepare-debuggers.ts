// Getting the language debuggers ready before the first F5. Loading js-debug into the extension host takes about
// half a second the first time, and finding debugpy may start python interpreters: without this, the first F5
// after the editor opens pays for both. A moment after activation, once the editor has settled, the workspace's
// bootstraps (a few) say which debuggers its functions need, and those are prepared (see LanguageDebugger.prepare).
// Nothing is shown. An untrusted workspace gets nothing: preparing Python may run the bootstrap's interpreter.
import path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { detectDebugger } from '../core/debug/detect';
import { languageDebugger } from './languages';

/** After activation, so that the editor's own start (and the language server's) comes first. */
const PREPARE_AFTER_MS = 1_500;
const MAX_BOOTSTRAPS = 20;
const EXCLUDED = '**/{node_modules,.git,.aws-sam,cdk.out,target,dist}/**';

/**
 * Prepares, a moment from now, the debuggers that the workspace's bootstraps need; not once a debug session has
 * started (F5 prepares its own debugger, and the others would only compete with it).
 */
export function prepareWorkspaceDebuggers(context: CommandContext): void {
  const timer = setTimeout(() => {
    started.dispose();
    prepare(context).catch((error: Error) => context.log.debug(`Debug: preparing debuggers failed: ${error.message}`));
  }, PREPARE_AFTER_MS);
  const started = vscode.debug.onDidStartDebugSession(() => {
    clearTimeout(timer);
    started.dispose();
  });
  context.extension.subscriptions.push(started, new vscode.Disposable(() => clearTimeout(timer)));
}

async function prepare(context: CommandContext): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  const bootstraps = await vscode.workspace.findFiles('**/bootstrap', EXCLUDED, MAX_BOOTSTRAPS);
  const prepared = new Set<string>();
  for (const uri of bootstraps) {
    if (uri.scheme !== 'file') continue;
    const kind = detectDebugger(uri.fsPath);
    const language = kind && languageDebugger(kind);
    if (!language?.prepare || prepared.has(language.kind)) continue;
    prepared.add(language.kind);
    context.log.debug(`Debug: getting the ${language.kind} debugger ready (${vscode.workspace.asRelativePath(uri)}).`);
    language.prepare({ name: path.basename(path.dirname(uri.fsPath)), bootstrap: uri.fsPath });
  }
}
