// Adjusts what the server sends where the editor differs from plain LSP.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import type { EndOfLineFixData } from '../server/code-actions';

/**
 * VS Code keeps one line ending per document and turns the `\n` of an inserted text back into the document's
 * `\r\n`, so the server's "convert to LF" edit would change nothing. The server marks that fix; here it becomes
 * the editor's own end-of-line change, which rewrites every line ending and no other character.
 */
export const middleware: Middleware = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    return actions?.map((action) => {
      if (!(action instanceof vscode.CodeAction) || !isEndOfLineFix(action)) return action;
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, [vscode.TextEdit.setEndOfLine(vscode.EndOfLine.LF)]);
      action.edit = edit;
      return action;
    });
  },
};

function isEndOfLineFix(action: vscode.CodeAction): boolean {
  const data = (action as { data?: Partial<EndOfLineFixData> }).data;
  return data?.endOfLine === 'LF';
}
