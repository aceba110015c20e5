// Picture: New Custom Runtime's first step, the language picker, over the empty `my-runtime` folder.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pause, resetWindow, takeScreenshot } from '../screenshot';

describe('Picture: New Custom Runtime', function () {
  this.timeout(60_000);

  it('new-runtime.png: the language picker of New Custom Runtime', async () => {
    await resetWindow();
    await vscode.commands.executeCommand('workbench.view.explorer');
    const running = Promise.resolve(vscode.commands.executeCommand('lambdaRuntime.newProject'));
    // The picker gives no signal when it shows: wait as a person would, then check it is the one in front.
    await pause(1_500);
    await takeScreenshot('new-runtime');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await running, undefined, 'New Custom Runtime did not end when its picker was closed');
  });
});
