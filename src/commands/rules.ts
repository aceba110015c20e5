import * as vscode from 'vscode';
import type { CommandContext } from './context';

/**
 * `lambdaRuntime.showRules`: the rules' documentation (docs/rules.md, shipped in the extension) as a rendered
 * preview, opened at a rule's section when a rule id is given (the walkthrough and users' keybindings pass one).
 */
export async function showRules(context: CommandContext, ruleId?: unknown): Promise<vscode.Uri> {
  const file = vscode.Uri.joinPath(context.extension.extensionUri, 'docs', 'rules.md');
  const uri = typeof ruleId === 'string' && /^[a-z0-9-]+$/.test(ruleId) ? file.with({ fragment: ruleId }) : file;
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}
