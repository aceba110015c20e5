// "Invoke" and "Debug" above the handler of each custom-runtime function of the workspace's templates (and at
// the top of its bootstrap script). Nothing is indexed ahead: a document is matched against the paths its
// functions' handlers may name, so a handler written after its template gets its lenses at once, and only a
// matching document costs a few stat calls. Templates are re-read only when their mtime changes.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { findDefinitionLine, handlerCandidates } from './handler-locate';
import type { WorkspaceFunctions } from './workspace-functions';

interface LensTarget {
  readonly functionName: string;
  readonly template: string;
  /** The handler's function in this file; undefined: the lens goes on the first line. */
  readonly symbol?: string;
}

export class HandlerLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly functions: WorkspaceFunctions) {
    this.subscriptions = [this.changed, functions.onDidChange(() => this.changed.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file') return [];
    const targets = await this.targetsOf(document.uri.fsPath);
    const named = targets.length > 1;
    const text = targets.some((target) => target.symbol) ? document.getText() : '';
    return targets.flatMap((target) => {
      const line = (target.symbol && findDefinitionLine(text, document.uri.fsPath, target.symbol)) || 0;
      const range = new vscode.Range(line, 0, line, 0);
      const suffix = named ? ` ${target.functionName}` : '';
      return [
        new vscode.CodeLens(range, {
          title: `$(play) Invoke${suffix}`,
          tooltip: `Invoke ${target.functionName} with an event you pick (starts it without the debugger if it is not running)`,
          command: 'lambdaRuntime.invoke',
          arguments: [{ functionName: target.functionName }],
        }),
        new vscode.CodeLens(range, {
          title: `$(debug-alt) Debug${suffix}`,
          tooltip: `Start a lambda-runtime debug session for ${target.functionName}`,
          command: 'lambdaRuntime.debugFunction',
          arguments: [{ functionName: target.functionName, template: target.template }],
        }),
      ];
    });
  }

  /** The functions whose handler (the first of its candidate files that exists) or bootstrap is `file`. */
  private async targetsOf(file: string): Promise<LensTarget[]> {
    const targets: LensTarget[] = [];
    for (const { fn } of await this.functions.list()) {
      const base = { functionName: fn.name, template: fn.template };
      const { paths, symbol } = handlerCandidates(fn.handler);
      const candidates = paths.map((relative) => path.join(fn.codeUri, ...relative.split('/')));
      const index = candidates.indexOf(file);
      if (index >= 0) {
        // A better candidate that exists is the handler (handler.go before main.go), not this file.
        const earlier = await Promise.all(candidates.slice(0, index).map(isFile));
        if (!earlier.includes(true)) {
          targets.push({ ...base, symbol });
          continue;
        }
      }
      if (file === (fn.bootstrap ?? path.join(fn.codeUri, 'bootstrap'))) targets.push(base);
    }
    return targets;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
