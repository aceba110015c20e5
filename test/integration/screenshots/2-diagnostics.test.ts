// Picture: a scaffolded bash runtime whose bootstrap lost its executable bit (as a copy or a checkout on Windows
// leaves it): exec-bit under the shebang and in Problems, and the quick-fix menu open on it.
import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { pause, resetWindow, showAt, takeScreenshot } from '../screenshot';
import { ruleId, waitFor } from '../wait';

describe('Picture: diagnostics and quick fixes', function () {
  this.timeout(60_000);

  it('diagnostics.png: exec-bit on a scaffolded bootstrap, in Problems, with the quick-fix menu open', async () => {
    const folder = await resetWindow();
    await vscode.commands.executeCommand('lambdaRuntime.newProject', { language: 'bash', folder, open: false });
    const bootstrap = path.join(folder, 'bootstrap');
    await chmod(bootstrap, 0o644);
    await vscode.commands.executeCommand('workbench.view.explorer');
    const editor = await showAt(bootstrap, 1);
    const [execBit] = await waitFor('exec-bit on the bootstrap', () => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => ruleId(d) === 'exec-bit');
      return found.length > 0 ? found : undefined;
    });
    // The Invoke/Debug lens above line 1 comes later and pushes the text down: wait for it before opening the
    // menu, or the menu stays where line 1 was and covers it.
    await waitFor('the Invoke lens above the bootstrap', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      return lenses.some((lens) => lens.command?.command.startsWith('lambdaRuntime.')) ? true : undefined;
    });
    await pause(500);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(editor.document);
    editor.selection = new vscode.Selection(execBit.range.start, execBit.range.start);
    // The light bulb's menu, as Ctrl+. opens it; it lists the exec-bit fix first.
    await vscode.commands.executeCommand('editor.action.quickFix');
    await pause(1_000);
    await takeScreenshot('diagnostics');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    assert.ok(execBit.message.length > 0);
  });
});
