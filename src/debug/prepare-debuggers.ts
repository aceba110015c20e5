// Getting the language debuggers ready before the first F5. Loading js-debug into the extension host takes about
// half a second the first time, and finding debugpy may start python interpreters: without this, the first F5
// after the editor opens pays for both, or competes with them (`npm run bench:debug` measured a Node first session
// of 3.3 s when js-debug was still loading at F5, 1.7 s when it was ready). A person can press F5 as soon as the
// window shows the workspace, and the extension activates on a workspace that holds a bootstrap or a template: so
// at activation the workspace's bootstraps (a few, found by a quick walk: see find-bootstraps) say which debuggers
// its functions need, and those are prepared at once, the cheap ones first (see LanguageDebugger.prepare).
// Nothing is shown. An untrusted workspace gets nothing: preparing Python may run the bootstrap's interpreter.
import path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { detectDebugger } from '../core/debug/detect';
import { findBootstraps } from '../core/project/find-bootstraps';
import { languageDebugger } from './languages';
import type { DebuggerKind } from './languages/types';
import { SessionTimeline } from './timeline';

const MAX_BOOTSTRAPS = 20;
const EXCLUDED = '**/{node_modules,.git,.aws-sam,cdk.out,target,dist}/**';
/**
 * Cheapest first: Python's look-up is a few file checks (or interpreters started aside), js-debug's activation
 * holds the extension host for a few hundred milliseconds. They are started, not awaited one after the other.
 */
const ORDER: readonly DebuggerKind[] = ['python', 'go', 'native', 'bash', 'node'];

/**
 * Prepares, from now on, the debuggers that the workspace's bootstraps need; not once a debug session has started
 * (F5 prepares its own debugger, and the others would only compete with it). The returned timeline says when
 * each was ready (`npm run bench:debug` prints it with the first session).
 */
export function prepareWorkspaceDebuggers(context: CommandContext): SessionTimeline {
  const timeline = new SessionTimeline();
  timeline.mark('activated');
  let sessionStarted = false;
  const started = vscode.debug.onDidStartDebugSession(() => {
    sessionStarted = true;
    started.dispose();
  });
  context.extension.subscriptions.push(started);
  prepare(context, () => sessionStarted, timeline)
    .catch((error: Error) => context.log.debug(`Debug: preparing debuggers failed: ${error.message}`))
    .finally(() => started.dispose());
  return timeline;
}

/**
 * The workspace's bootstraps: a quick bounded walk of its folders, and the editor's file search when the walk
 * could not cover the tree.
 */
async function workspaceBootstraps(): Promise<string[]> {
  const roots = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
  const walked = await findBootstraps(roots, { maxBootstraps: MAX_BOOTSTRAPS });
  if (walked.complete || walked.bootstraps.length >= MAX_BOOTSTRAPS) return walked.bootstraps;
  const searched = await vscode.workspace.findFiles('**/bootstrap', EXCLUDED, MAX_BOOTSTRAPS);
  const more = searched.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
  return [...new Set([...walked.bootstraps, ...more])];
}

async function prepare(context: CommandContext, sessionStarted: () => boolean, timeline: SessionTimeline) {
  if (!vscode.workspace.isTrusted) return;
  const bootstraps = await workspaceBootstraps();
  timeline.mark('bootstraps found');
  if (sessionStarted()) return;
  const wanted = new Map<DebuggerKind, string>();
  for (const bootstrap of bootstraps) {
    const kind = detectDebugger(bootstrap);
    if (kind && !wanted.has(kind)) wanted.set(kind, bootstrap);
  }
  for (const kind of ORDER) {
    const bootstrap = wanted.get(kind);
    const language = languageDebugger(kind);
    if (!bootstrap || !language.prepare || sessionStarted()) continue;
    context.log.debug(`Debug: getting the ${kind} debugger ready (${vscode.workspace.asRelativePath(bootstrap)}).`);
    const ready = language.prepare({ name: path.basename(path.dirname(bootstrap)), bootstrap });
    void Promise.resolve(ready).then(() => timeline.mark(`${kind} debugger ready`));
  }
}
