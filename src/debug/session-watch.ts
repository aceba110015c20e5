// F5's `watch`: a change under the task root restarts the runtime before the next invoke; a change in a layer's
// local content (its folder or zip, or what the setting maps an ARN to) builds the layers again first, as
// `serve --watch` does; a function run from its deployment zip is watched through the zip, not its extracted copy.
import { statSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { within } from '../core/within';

const DEBOUNCE_MS = 300;

export interface SessionWatch {
  readonly taskRoot: string;
  /** The layers' local folders and zips. */
  readonly layerSources: readonly string[];
  /** The deployment zip the task root was extracted from: watched instead of the task root. */
  readonly zip?: string;
  /** A burst of changes in the code (the task root, or the zip), with the last file changed. */
  onCodeChange(uri: vscode.Uri): Promise<void>;
  /** A burst of changes that touched a layer. */
  onLayerChange(uri: vscode.Uri): Promise<void>;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Modified before `since`: a file's event that was on its way when watching began (a layer's first build). */
function olderThan(uri: vscode.Uri, since: number): boolean {
  try {
    return statSync(uri.fsPath).mtimeMs < since;
  } catch {
    return false;
  }
}

/**
 * Watches the task root and the layers. What happens while a handler runs is the handler's own doing (a layer's
 * build writing into its folder) and starts nothing; a change to a layer's file wins over one to the code in the
 * same burst (a layer folder may lie inside the task root), as the rebuild restarts the runtime too.
 */
export function watchSession(watch: SessionWatch): vscode.Disposable {
  const since = Date.now();
  const layerFolders = watch.layerSources.filter(isDirectory);
  const layerZips = watch.layerSources.filter((source) => !layerFolders.includes(source));
  const file = (target: string) =>
    new vscode.RelativePattern(vscode.Uri.file(path.dirname(target)), path.basename(target));
  const patterns = [
    watch.zip !== undefined ? file(watch.zip) : new vscode.RelativePattern(vscode.Uri.file(watch.taskRoot), '**/*'),
    ...layerFolders.map((folder) => new vscode.RelativePattern(vscode.Uri.file(folder), '**/*')),
    ...layerZips.map(file),
  ];
  const isLayer = (uri: vscode.Uri) =>
    layerZips.includes(uri.fsPath) || layerFolders.some((folder) => within(folder, uri.fsPath));

  let timer: NodeJS.Timeout | undefined;
  let pending: { uri: vscode.Uri; layer: boolean } | undefined;
  let busy = false;
  const changed = (uri: vscode.Uri) => {
    if (busy || olderThan(uri, since)) return;
    const layer = isLayer(uri);
    pending = { uri, layer: layer || (pending?.layer ?? false) };
    clearTimeout(timer);
    timer = setTimeout(() => {
      const burst = pending!;
      pending = undefined;
      busy = true;
      const handled = burst.layer ? watch.onLayerChange(burst.uri) : watch.onCodeChange(burst.uri);
      void handled.finally(() => {
        // The file system's events for what the handler did come a moment later.
        timer = setTimeout(() => (busy = false), DEBOUNCE_MS);
      });
    }, DEBOUNCE_MS);
  };
  const watchers = patterns.map((pattern) => vscode.workspace.createFileSystemWatcher(pattern));
  const subscriptions = watchers.flatMap((watcher) => [
    watcher,
    watcher.onDidChange(changed),
    watcher.onDidCreate(changed),
    watcher.onDidDelete(changed),
  ]);
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    for (const subscription of subscriptions) subscription.dispose();
  });
}
