// Never overwrite without asking: the editor's answer to "this file exists with other content". The user may
// compare the two first; the proposed text is served from a scheme of our own so that vscode.diff can show it.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ConflictAnswer, ConflictResolver, ScaffoldFile } from '../../core/scaffold/types';
import type { CommandContext } from '../context';
import type { ConflictPolicy } from './request';

/** The scheme of the read-only documents that hold a scaffold's proposed content. */
export const PROPOSAL_SCHEME = 'lambda-runtime-scaffold';

class ProposalProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A URI whose document is `content`, named like the file it would replace. */
  offer(absolutePath: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: absolutePath });
    this.texts.set(uri.toString(), content);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

const providers = new WeakMap<vscode.ExtensionContext, ProposalProvider>();

/** The provider of proposed contents, registered once per activation. */
function proposals(context: CommandContext): ProposalProvider {
  let provider = providers.get(context.extension);
  if (provider === undefined) {
    provider = new ProposalProvider();
    context.extension.subscriptions.push(
      provider,
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, provider),
    );
    providers.set(context.extension, provider);
  }
  return provider;
}

interface AnswerItem extends vscode.QuickPickItem {
  readonly answer: ConflictAnswer | 'compare' | 'overwrite-all' | 'keep-all';
}

/**
 * A resolver for writeScaffold. `ask` asks per file (Overwrite / Keep / Compare, plus Overwrite All / Keep All
 * when `conflicts` is more than one); dismissing the question keeps the file. `keep` and `overwrite` decide
 * without asking, for callers that pass an argument object.
 */
export function conflictResolver(context: CommandContext, policy: ConflictPolicy, conflicts: number): ConflictResolver {
  if (policy !== 'ask') {
    return async (file) => {
      context.log.info(`${file.path} exists with other content: ${policy === 'keep' ? 'kept' : 'overwritten'}.`);
      return policy;
    };
  }
  let forAll: ConflictAnswer | undefined;
  let asked = 0;
  return async (file, absolutePath) => {
    asked += 1;
    const answer = forAll ?? (await ask(file, absolutePath, conflicts > 1 ? `${asked} of ${conflicts}` : undefined));
    context.log.info(`${absolutePath} exists with other content: ${answer === 'keep' ? 'kept' : 'overwritten'}.`);
    return answer;
  };

  async function ask(file: ScaffoldFile, absolutePath: string, count: string | undefined): Promise<ConflictAnswer> {
    const items: AnswerItem[] = [
      { label: '$(check) Keep', description: 'leave the existing file as it is', answer: 'keep' },
      { label: '$(replace) Overwrite', description: 'replace it with the scaffold’s version', answer: 'overwrite' },
      { label: '$(diff) Compare', description: 'show both side by side, then ask again', answer: 'compare' },
    ];
    if (count !== undefined) {
      items.push(
        { label: '', kind: vscode.QuickPickItemKind.Separator, answer: 'keep' },
        { label: 'Keep All', description: 'keep this and every other existing file', answer: 'keep-all' },
        { label: 'Overwrite All', description: 'replace this and every other existing file', answer: 'overwrite-all' },
      );
    }
    for (;;) {
      const picked = await vscode.window.showQuickPick(items, {
        title: `${file.path} already exists${count ? ` (${count})` : ''}`,
        placeHolder: `${absolutePath} has other content than the scaffold’s. Escape keeps it.`,
        ignoreFocusOut: true,
      });
      if (picked === undefined || picked.answer === 'keep') return 'keep';
      if (picked.answer === 'overwrite') return 'overwrite';
      if (picked.answer === 'keep-all' || picked.answer === 'overwrite-all') {
        forAll = picked.answer === 'keep-all' ? 'keep' : 'overwrite';
        return forAll;
      }
      const proposed = proposals(context).offer(absolutePath, file.content);
      await vscode.commands.executeCommand(
        'vscode.diff',
        vscode.Uri.file(absolutePath),
        proposed,
        `${path.basename(absolutePath)} (existing ↔ scaffold)`,
        { preview: true },
      );
    }
  }
}
