// The custom-runtime functions of the workspace's templates, read once per template version (by mtime), for the
// handler CodeLens and for choosing what to run when nothing runs.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readTemplateFunctions, type TemplateFunctionDetails } from '../core/project';

const TEMPLATE_GLOB = '**/template.{yaml,yml}';
const EXCLUDED = '**/{node_modules,.git,.aws-sam,cdk.out,target,dist}/**';
const MAX_TEMPLATES = 50;
/** How long a search for templates is trusted, besides the file watcher's news. */
const SEARCH_AGAIN_MS = 5_000;

export interface WorkspaceFunction {
  readonly fn: TemplateFunctionDetails;
  readonly folder: vscode.WorkspaceFolder | undefined;
}

/** Finds templates once, re-reads one only when its mtime changes, and says when the set changed. */
export class WorkspaceFunctions implements vscode.Disposable {
  private templates: Promise<vscode.Uri[]> | undefined;
  private searchedAt = 0;
  private readonly parsed = new Map<string, { mtimeMs: number; functions: TemplateFunctionDetails[] }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A template was created, changed or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(TEMPLATE_GLOB);
    const rescan = () => {
      this.templates = undefined;
      this.changed.fire();
    };
    this.subscriptions = [
      watcher,
      watcher.onDidCreate(rescan),
      watcher.onDidDelete(rescan),
      watcher.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeWorkspaceFolders(rescan),
      this.changed,
    ];
  }

  /**
   * Every `provided.*` (or custom-runtime image) function of the workspace's templates. `rescan` looks for
   * templates again rather than trusting the file watcher (which reports a new file a moment late).
   */
  async list(rescan = false): Promise<WorkspaceFunction[]> {
    // The watcher may miss or delay events (network drives, a busy machine): the search is redone now and then.
    if (rescan || Date.now() - this.searchedAt > SEARCH_AGAIN_MS) this.templates = undefined;
    if (!this.templates) {
      this.searchedAt = Date.now();
      this.templates = Promise.resolve(vscode.workspace.findFiles(TEMPLATE_GLOB, EXCLUDED, MAX_TEMPLATES));
    }
    const uris = await this.templates;
    const lists = await Promise.all(uris.filter((uri) => uri.scheme === 'file').map((uri) => this.read(uri.fsPath)));
    return lists
      .flat()
      .map((fn) => ({ fn, folder: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fn.template)) }));
  }

  private async read(file: string): Promise<TemplateFunctionDetails[]> {
    try {
      const { mtimeMs } = await stat(file);
      const cached = this.parsed.get(file);
      if (cached && cached.mtimeMs === mtimeMs) return cached.functions;
      const { functions } = await readTemplateFunctions(file);
      this.parsed.set(file, { mtimeMs, functions });
      return functions;
    } catch (error) {
      this.parsed.delete(file);
      this.log.debug(`Invocations: template ${file} skipped: ${(error as Error).message}`);
      return [];
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
