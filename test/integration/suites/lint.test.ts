// The linter in a real editor: the language server starts with the extension, diagnostics appear for an open
// bootstrap, and its quick fixes work through the editor's own code action and command machinery.
import assert from 'node:assert/strict';
import { chmod, cp, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { ruleId, waitFor } from '../wait';

const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';

/** A new folder in the opened workspace holding a copy of test/fixtures/workspaces/lint. */
async function copyLintFixture(extension: vscode.Extension<unknown>): Promise<string> {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  assert.ok(workspace, 'the editor opened no workspace folder');
  const folder = await mkdtemp(path.join(workspace.uri.fsPath, 'lint-'));
  await cp(path.join(extension.extensionPath, 'test', 'fixtures', 'workspaces', 'lint'), folder, { recursive: true });
  return folder;
}

function diagnosticsOf(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => ruleId(diagnostic) === rule);
}

/** Carries out a code action as the editor's light bulb does: its edit first, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.equal(await vscode.workspace.applyEdit(action.edit), true, 'the editor refused the edit');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('lint diagnostics and quick fixes in a real editor', () => {
  let extension: vscode.Extension<unknown>;
  let folder: string;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not among the editor's extensions`);
    extension = found;
    await extension.activate();
    folder = await copyLintFixture(extension);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows exec-bit on a non-executable bootstrap, with a link to the rule', async () => {
    const file = path.join(folder, 'bootstrap');
    // git keeps no mode for a fixture, and the copy may carry any: make it what the test is about.
    await chmod(file, 0o644);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    const [execBit] = await waitFor('the exec-bit diagnostic', () => {
      const found = diagnosticsOf(document.uri, 'exec-bit');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(execBit!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(execBit!.source, 'lambda-runtime-kit');
    const code = execBit!.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.fragment, 'exec-bit');
    assert.ok(code.target.path.endsWith('/docs/rules.md'), `links to ${code.target.toString()}`);
  });

  it('offers the quick fix; applying it makes the file executable and the diagnostic goes away', async () => {
    const uri = vscode.Uri.file(path.join(folder, 'bootstrap'));
    const [execBit] = diagnosticsOf(uri, 'exec-bit');
    assert.ok(execBit, 'the previous test left no exec-bit diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      execBit.range,
    );
    // The API command returns actions without their diagnostics: the fix is the quick fix that runs the server's command.
    const fix = actions.find(
      (action) => action.kind?.value === 'quickfix' && action.command?.command === 'lambdaRuntime.applyFileOperations',
    );
    assert.ok(fix, `no exec-bit quick fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    await apply(fix);
    assert.notEqual((await stat(uri.fsPath)).mode & 0o100, 0, 'the bootstrap is not executable after the fix');
    await waitFor('exec-bit to go away', () => (diagnosticsOf(uri, 'exec-bit').length === 0 ? true : undefined));
  });

  it('brings exec-bit back when the mode changes on disk, with no edit', async () => {
    const uri = vscode.Uri.file(path.join(folder, 'bootstrap'));
    await chmod(uri.fsPath, 0o644);
    await waitFor('exec-bit after chmod -x', () => (diagnosticsOf(uri, 'exec-bit').length > 0 ? true : undefined));
    await chmod(uri.fsPath, 0o755);
    await waitFor('exec-bit to clear after chmod +x', () =>
      diagnosticsOf(uri, 'exec-bit').length === 0 ? true : undefined,
    );
  });

  it('converts CRLF line endings to LF with the crlf quick fix', async () => {
    const crlfFolder = path.join(folder, 'crlf');
    const file = path.join(crlfFolder, 'bootstrap');
    const original = await readFile(path.join(folder, 'bootstrap'), 'utf8');
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(crlfFolder));
    await writeFile(file, original.replaceAll('\n', '\r\n'), { mode: 0o755 });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    const [crlf] = await waitFor('the crlf diagnostic', () => {
      const found = diagnosticsOf(document.uri, 'crlf');
      return found.length > 0 ? found : undefined;
    });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      crlf!.range,
    );
    assert.ok(
      actions.some((action) => action.kind?.value === 'quickfix' && action.edit !== undefined),
      `no quick fix with an edit among ${JSON.stringify(actions.map((action) => action.title))}`,
    );
    // Applied the way the light bulb does it, not from the API command's copy: that copy drops the end-of-line
    // change the fix is made of (VS Code 1.100 converts only ranges and text back for extensions).
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(crlf!.range.start, crlf!.range.start);
    await vscode.commands.executeCommand('editor.action.codeAction', {
      kind: 'quickfix',
      apply: 'first',
      preferred: true,
    });
    await waitFor('the line endings to change', () => (document.eol === vscode.EndOfLine.LF ? true : undefined));
    assert.equal(document.getText(), original, 'only the line endings changed');
    await waitFor('crlf to go away', () => (diagnosticsOf(document.uri, 'crlf').length === 0 ? true : undefined));
    await document.save();
    assert.equal(await readFile(file, 'utf8'), original, 'the saved file has LF line endings');
  });
  it('shows a problem inside a file the bootstrap sources, in that file, naming the bootstrap', async () => {
    const sourced = path.join(folder, 'sourced');
    const fixture = path.join(
      extension.extensionPath,
      'test',
      'fixtures',
      'lint',
      'shell',
      'sourced',
      'unset-variable',
    );
    await cp(fixture, sourced, { recursive: true });
    const library = vscode.Uri.file(path.join(sourced, 'lib.sh'));
    const document = await vscode.workspace.openTextDocument(library);
    await vscode.window.showTextDocument(document);
    const [unset] = await waitFor('unset-variable in lib.sh', () => {
      const found = diagnosticsOf(library, 'unset-variable');
      return found.length > 0 ? found : undefined;
    });
    assert.match(unset!.message, /`SALUTATION`.*lib\.sh is sourced by bootstrap/s);
    assert.equal(unset!.range.start.line, 2);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
