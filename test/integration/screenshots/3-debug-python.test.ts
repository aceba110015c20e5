// Picture (the README's first): F5 on a scaffolded Python runtime, stopped on a breakpoint in its handler during
// the second invoke, so that the Debug Console already holds a whole invocation (START, the handler's print, END,
// REPORT) above the START of the one that is paused.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LambdaRuntimeKitApi } from '../../../src/api';
import type { InvocationRecord } from '../../../src/debug/runs';
import { addBreakpoint, EXTENSION_ID, eventually, StopWatcher, stopSession, topFrame } from '../debug-support';
import { findDebugpy, pythonCandidates } from '../../../src/core/debug/debugpy';
import { hideWatchView, lineWith, resetWindow, showAt, takeScreenshot, workspaceFolder } from '../screenshot';
import { skipBecause } from '../skip';

describe('Picture: F5 in a Python handler', function () {
  this.timeout(120_000);

  it('debug-python.png: stopped on a breakpoint, with Variables, Call Stack and START/END/REPORT', async function () {
    const python = pythonCandidates(path.join(workspaceFolder(), 'bootstrap'), process.env.PATH);
    if (!(await findDebugpy(python))) skipBecause(this, `debugpy is not installed for ${python.join(', ')}`);
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LambdaRuntimeKitApi;
    const folder = await resetWindow();
    await vscode.commands.executeCommand('lambdaRuntime.newProject', { language: 'python', folder, open: false });
    const handler = path.join(folder, 'function.py');
    const line = await lineWith(handler, 'return {');
    const breakpoint = addBreakpoint(handler, line);
    const stops = new StopWatcher();
    const finished: InvocationRecord[] = [];
    const listening = api.runs.onDidFinishInvocation((record) => finished.push(record));
    try {
      await showAt(handler, line);
      await vscode.commands.executeCommand('workbench.view.debug');
      const launch = JSON.parse(await readFile(path.join(folder, '.vscode', 'launch.json'), 'utf8')) as {
        configurations: Array<{ name: string }>;
      };
      // What F5 does with the scaffold's launch.json.
      const started = await vscode.debug.startDebugging(
        vscode.workspace.workspaceFolders![0],
        launch.configurations[0].name,
      );
      assert.equal(started, true, 'the scaffold’s launch configuration did not start');
      const first = await stops.nth(1);
      await hideWatchView();
      await first.session.customRequest('continue', { threadId: first.threadId });
      await eventually('the event of launch.json to be answered', async () => finished.length >= 1, 20_000);

      const answer = vscode.commands.executeCommand('lambdaRuntime.invoke', { event: { name: 'Ada' } });
      const second = await stops.nth(2);
      assert.equal((await topFrame(second)).line, line);
      await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
      await takeScreenshot('debug-python', { settleMs: 1_500 });
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
