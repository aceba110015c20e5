// check's scenarios in the Testing view of a real editor: one test item per scenario under each provided.*
// function of the workspace, run (and run again) through the editor's own Test Explorer command, with the
// evidence in the test message and skipped scenarios shown as skipped.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'mocha';
import * as vscode from 'vscode';
import { SCENARIOS } from '../../../src/core/check';
import { packageTarget } from '../../../src/core/package';
import { skipBecause } from '../skip';
import { waitFor } from '../wait';

const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';
const FUNCTION = 'CheckedFunction';

interface Snapshot {
  functions: { id: string; label: string; scenarios: string[] }[];
  results: Record<string, { status: string; message: string }>;
  runsStarted: number;
}

const describeChecks = () => vscode.commands.executeCommand<Snapshot>('lambdaRuntime.describeChecks');

function template(fault?: string): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    `  ${FUNCTION}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: provided.al2023',
    '      CodeUri: .',
    '      Handler: function.handler',
    '      Timeout: 10',
    ...(fault ? ['      Environment:', '        Variables:', `          CHECK_FAULT: ${fault}`] : []),
    '',
  ].join('\n');
}

/**
 * Runs the tests of the function's template, as Run Tests in Current File does with the template open (not Run All:
 * other suites leave scaffolded functions in the workspace), and waits for a new result of each scenario. The
 * workbench learns of a new test item a moment after the controller adds it; pressed before, the command finds no
 * test in the file and runs nothing, so it is pressed again (as a user would) until a run starts.
 */
async function runTemplate(templateFile: string, functionId: string, before: Snapshot): Promise<Snapshot> {
  await vscode.window.showTextDocument(vscode.Uri.file(templateFile));
  for (let attempt = 1; ; attempt++) {
    await vscode.commands.executeCommand('testing.runCurrentFile');
    const started = await waitFor(
      'a run to start',
      async () => ((await describeChecks()).runsStarted > before.runsStarted ? true : undefined),
      5_000,
    ).catch((error: Error) => {
      if (attempt === 6) throw error;
      return false;
    });
    if (started) break;
  }
  return waitFor(
    'a new result for every scenario',
    async () => {
      const now = await describeChecks();
      const fresh = SCENARIOS.every((scenario) => {
        const id = `${functionId}::${scenario.id}`;
        return now.results[id] !== undefined && now.results[id] !== before.results[id];
      });
      return fresh ? now : undefined;
    },
    150_000,
  );
}

describe('check in the Testing view', () => {
  let folder: string | undefined;
  let zipFolder: string | undefined;

  after(async () => {
    await vscode.workspace
      .getConfiguration('lambdaRuntime.check')
      .update('errorHandler', undefined, vscode.ConfigurationTarget.Workspace);
    if (folder) await rm(folder, { recursive: true, force: true });
    if (zipFolder) await rm(zipFolder, { recursive: true, force: true });
  });

  it('lists the scenarios under the function, runs them from the Test Explorer and runs them again', async function (this: Context) {
    this.timeout(360_000);
    const workspace = vscode.workspace.workspaceFolders?.[0];
    if (!workspace) skipBecause(this, 'the test editor opened no folder');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the editor's extensions`);
    await extension.activate();
    folder = await mkdtemp(path.join(workspace.uri.fsPath, 'check-'));
    // A Python runtime that passes every scenario unless CHECK_FAULT says otherwise.
    await cp(
      path.join(extension.extensionPath, 'test', 'fixtures', 'runtimes', 'check-faults', 'bootstrap'),
      path.join(folder, 'bootstrap'),
    );
    const templateFile = path.join(folder, 'template.yaml');
    await writeFile(templateFile, template());

    const listed = await waitFor('the function in the Testing view', async () => {
      const snapshot = await describeChecks();
      return snapshot.functions.find((fn) => fn.id === `${templateFile}#${FUNCTION}`);
    });
    assert.equal(listed.label, FUNCTION);
    assert.deepEqual(
      listed.scenarios,
      SCENARIOS.map((scenario) => scenario.id),
    );

    // As a user does: the Test Explorer open. Until a view asks for them, the workbench may not have the
    // controller's items yet, and Run All Tests then finds nothing to run.
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const first = await runTemplate(templateFile, listed.id, await describeChecks());
    const result = (scenario: string, snapshot: Snapshot) => snapshot.results[`${listed.id}::${scenario}`];
    for (const scenario of ['answers-event', 'non-object-events', 'unknown-handler', 'sigterm', 'managed-instances']) {
      assert.equal(result(scenario, first).status, 'passed', `${scenario}: ${result(scenario, first).message}`);
    }
    assert.equal(result('error-reporting', first).status, 'skipped');
    assert.match(result('error-reporting', first).message, /lambdaRuntime\.check\.errorHandler/);

    // Run again after the function changed: a runtime that crashes on every event, and an error handler set.
    await vscode.workspace
      .getConfiguration('lambdaRuntime.check', vscode.Uri.file(folder))
      .update('errorHandler', 'fail.handler', vscode.ConfigurationTarget.Workspace);
    await writeFile(templateFile, template('crash-on-event'));
    const second = await runTemplate(templateFile, listed.id, first);
    assert.equal(result('answers-event', second).status, 'failed');
    assert.match(result('answers-event', second).message, /exited instead of answering[\s\S]*Fix: /);
    assert.equal(result('error-reporting', second).status, 'failed', 'the error handler setting reached check');
  });

  it('runs a function whose CodeUri is a deployment zip from its extracted copy', async function (this: Context) {
    this.timeout(360_000);
    const workspace = vscode.workspace.workspaceFolders?.[0];
    if (!workspace) skipBecause(this, 'the test editor opened no folder');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    zipFolder = await mkdtemp(path.join(workspace.uri.fsPath, 'check-zip-'));
    const code = path.join(zipFolder, 'code');
    await mkdir(code);
    await cp(
      path.join(extension.extensionPath, 'test', 'fixtures', 'runtimes', 'check-faults', 'bootstrap'),
      path.join(code, 'bootstrap'),
    );
    await packageTarget(
      { name: 'Zipped', kind: 'function', folder: code },
      { outDir: path.join(zipFolder, 'dist'), output: () => undefined },
    );
    const templateFile = path.join(zipFolder, 'template.yaml');
    await writeFile(
      templateFile,
      template().replace(FUNCTION, 'ZippedFunction').replace('CodeUri: .', 'CodeUri: dist/Zipped.zip'),
    );
    const listed = await waitFor('the zip function in the Testing view', async () => {
      const snapshot = await describeChecks();
      return snapshot.functions.find((fn) => fn.id === `${templateFile}#ZippedFunction`);
    });
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const done = await runTemplate(templateFile, listed.id, await describeChecks());
    const answered = done.results[`${listed.id}::answers-event`];
    assert.equal(answered.status, 'passed', answered.message);
  });
});
