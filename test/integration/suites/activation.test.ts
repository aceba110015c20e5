import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lambda-runtime-kit.lambda-runtime-kit';

interface ManifestCommand {
  command: string;
  category?: string;
}

describe('the extension in a real editor', () => {
  it('is installed from the development path and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the editor's extensions`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every command that package.json declares', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const declared: ManifestCommand[] = extension.packageJSON.contributes.commands;
    assert.ok(declared.length > 0, 'package.json declares no command');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.map((entry) => entry.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
    for (const entry of declared) {
      assert.match(entry.command, /^lambdaRuntime\.[a-zA-Z]+$/);
      assert.equal(entry.category, 'Lambda Runtime', `${entry.command} is not in category Lambda Runtime`);
    }
  });

  it('lambdaRuntime.showOutput reveals the extension log', async () => {
    await vscode.commands.executeCommand('lambdaRuntime.showOutput');
    // The Output view shows the channel as a document of the `output` scheme named after the channel; its text
    // arrives a moment after the document opens, so wait for the activation line to appear in it.
    const deadline = Date.now() + 15_000;
    let text = '';
    while (Date.now() < deadline) {
      const document = vscode.workspace.textDocuments.find(
        (candidate) => candidate.uri.scheme === 'output' && candidate.uri.path.includes('Lambda Runtime Kit'),
      );
      text = document?.getText() ?? '';
      if (/Lambda Runtime Kit \d+\.\d+\.\d+ activated\./.test(text)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.fail(`the Lambda Runtime Kit output never showed the activation line; it showed: ${JSON.stringify(text)}`);
  });

  it('lambdaRuntime.showRules opens docs/rules.md, at a rule when given one, as a rendered preview', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('lambdaRuntime.showRules', 'exec-bit');
    assert.ok(uri.path.endsWith('/docs/rules.md'), uri.toString());
    assert.equal(uri.fragment, 'exec-bit');
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      if (tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && /markdown/i.test(tab.input.viewType)))
        return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const labels = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
    assert.fail(`no Markdown preview tab opened; the tabs are: ${labels.join(', ')}`);
  });
});
