// What registerViews builds and the view commands use. The command table is registered before the views, so
// the commands look the state up here, by the context's run registry, when they run.
import type * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import type { InvocationRecord, RunRegistry } from '../debug/runs';
import type { InvocationDocuments, InvocationPart } from './documents';
import type { InvocationsTree } from './invocations-view';
import type { EmulatorStatus } from './status-bar';
import type { WorkspaceFunctions } from './workspace-functions';

export interface ViewsState {
  readonly tree: InvocationsTree;
  readonly treeView: vscode.TreeView<unknown>;
  readonly documents: InvocationDocuments;
  readonly status: EmulatorStatus;
  readonly functions: WorkspaceFunctions;
}

const states = new WeakMap<RunRegistry, ViewsState>();

export function setViewsState(context: CommandContext, state: ViewsState): void {
  states.set(context.runs, state);
}

/** The views of this activation; throws when registerViews has not run (a wiring mistake, not a user's). */
export function viewsState(context: CommandContext): ViewsState {
  const state = states.get(context.runs);
  if (!state) throw new Error('The Lambda Invocations view is not ready yet; try again in a moment.');
  return state;
}

/** Opens one part of an invocation as a document. */
export function openPart(
  state: ViewsState,
  record: InvocationRecord,
  part: InvocationPart,
): Promise<vscode.TextDocument> {
  return state.documents.open(record, state.tree.history.keyFor(record), part);
}
