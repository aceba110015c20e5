// Picture: the Lambda Invocations view after three invokes of a scaffolded Python function run without the
// debugger (a success, a function error, a timeout), the newest row expanded and its logs open.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import type { InvocationRecord } from '../../../src/debug/runs';
import { EXTENSION_ID } from '../debug-support';
import { hideWatchView, resetWindow, resizeSideBar, takeScreenshot } from '../screenshot';

// Short, so that each row's figures fit beside its name.
const FUNCTION = 'Greeter';

/** Replaces `from` with `to` in `file`, failing when `from` is not there (the scaffold changed). */
async function replaceIn(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  assert.ok(text.includes(from), `${from} is not in ${file}`);
  await writeFile(file, text.replace(from, to));
}

describe('Picture: the Lambda Invocations view', function () {
  this.timeout(90_000);

  it('invocations.png: a success, a function error and a timeout, the last one opened', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LambdaRuntimeKitApi;
    const folder = await resetWindow();
    await vscode.commands.executeCommand('lambdaRuntime.newProject', {
      language: 'python',
      folder,
      functionName: FUNCTION,
      open: false,
    });
    // Lambda's default timeout, and a handler that can be made slow: the second invoke times out.
    await replaceIn(path.join(folder, 'template.yaml'), 'Timeout: 10', 'Timeout: 3');
    const handler = path.join(folder, 'function.py');
    await replaceIn(handler, 'def handler(', 'import time\n\n\ndef handler(');
    await replaceIn(handler, '    trace = ', '    time.sleep(event.get("delaySeconds", 0))\n    trace = ');

    const finished: InvocationRecord[] = [];
    const listening = api.runs.onDidFinishInvocation((record) => finished.push(record));
    try {
      await vscode.commands.executeCommand('workbench.view.debug');
      // Invoke Function… with no run starts the template's function without the debugger, as the palette does.
      for (const event of [{ name: 'World' }, { name: 42 }, { name: 'Slow', delaySeconds: 5 }]) {
        await vscode.commands.executeCommand('lambdaRuntime.invoke', { event, functionName: FUNCTION });
      }
      assert.equal(finished.length, 3);
      assert.equal(finished[1].result?.functionError, 'Unhandled', 'the bad event did not fail');
      assert.equal(finished[2].result?.errorType, 'Sandbox.Timedout', 'the slow invoke did not time out');
      await vscode.commands.executeCommand('lambdaRuntime.openInvocationLogs', finished[2]);
      // It opens beside the active editor: with none, one group is enough.
      await vscode.commands.executeCommand('workbench.action.joinAllGroups');
      // The run's Debug Console is another picture's subject (and names the temporary folder): closed here.
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await hideWatchView();
      await vscode.commands.executeCommand('lambdaRuntime.invocations.focus');
      await resizeSideBar(+2);
      const header = (view: string) => `.pane-header:has-text("${view}")`;
      await takeScreenshot('invocations', {
        clicks: [
          // A run without the debugger leaves these empty: folded, as a person would, to give the rows the room.
          header('Variables'),
          header('Call Stack'),
          header('Breakpoints'),
          // The newest row, expanded: its Event, Response and Logs.
          '.pane:has(.pane-header:has-text("Lambda Invocations")) .monaco-list-row >> nth=0',
        ],
      });
      await resizeSideBar(-2);
    } finally {
      listening.dispose();
      const run = api.runs.find(FUNCTION);
      if (run?.session) await vscode.debug.stopDebugging(run.session);
    }
  });
});
