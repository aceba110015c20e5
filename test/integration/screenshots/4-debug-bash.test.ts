// Picture: the AWS tutorial's runtime (bootstrap and function.sh exactly as the Lambda guide publishes them) under
// the bash debugger, stopped in function.sh during the second invoke: the handler's variables, the Call Stack down
// to the bootstrap's loop, and the first invocation's START/END/REPORT in the Debug Console.
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import type { InvocationRecord } from '../../../src/debug/runs';
import { addBreakpoint, EXTENSION_ID, eventually, StopWatcher, stopSession, topFrame } from '../debug-support';
import { hideWatchView, lineWith, resetWindow, showAt, takeScreenshot } from '../screenshot';

/** A scope's row in the Variables view. */
const SCOPE = (name: string) => `.debug-variables .monaco-list-row:has-text("${name}")`;

describe('Picture: F5 in the AWS tutorial’s bash runtime', function () {
  this.timeout(120_000);

  it('debug-bash.png: stopped in function.sh, with Variables, Call Stack and START/END/REPORT', async () => {
    const extension = vscode.extensions.getExtension<LambdaRuntimeKitApi>(EXTENSION_ID)!;
    const api = (await extension.activate()) as LambdaRuntimeKitApi;
    const folder = await resetWindow();
    await cp(path.join(extension.extensionPath, 'test', 'fixtures', 'runtimes', 'bash-tutorial'), folder, {
      recursive: true,
    });
    const handler = path.join(folder, 'function.sh');
    const line = await lineWith(handler, 'RESPONSE="Echoing');
    const breakpoint = addBreakpoint(handler, line);
    const stops = new StopWatcher();
    const finished: InvocationRecord[] = [];
    const listening = api.runs.onDidFinishInvocation((record) => finished.push(record));
    try {
      await showAt(handler, line);
      await vscode.commands.executeCommand('workbench.view.debug');
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
        type: 'lambda-runtime',
        request: 'launch',
        name: 'Debug function.sh',
        bootstrap: path.join(folder, 'bootstrap'),
        handler: 'function.handler',
        event: { hello: 'world' },
      });
      assert.equal(started, true, 'the lambda-runtime configuration did not start');
      const first = await stops.nth(1);
      await hideWatchView();
      await first.session.customRequest('continue', { threadId: first.threadId });
      await eventually('the first event to be answered', async () => finished.length >= 1, 20_000);

      const answer = vscode.commands.executeCommand('lambdaRuntime.invoke', { event: { hello: 'again' } });
      const second = await stops.nth(2);
      assert.equal((await topFrame(second)).line, line);
      await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
      // The tutorial's handler declares no local: its variables are the script's globals.
      await takeScreenshot('debug-bash', { settleMs: 1_500, clicks: [SCOPE('Locals'), SCOPE('Globals')] });
      await second.session.customRequest('continue', { threadId: second.threadId });
      await answer;
      const session = vscode.debug.activeDebugSession;
      if (session) await stopSession(session.parentSession ?? session);
    } finally {
      listening.dispose();
      stops.dispose();
      breakpoint.dispose();
    }
  });
});
