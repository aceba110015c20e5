import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import type { CommandHandler } from '../commands/handler';
import type { InvocationRecord } from '../debug/runs';
import { debugFunction } from './debug-function';
import { InvocationDocuments, type InvocationPart } from './documents';
import { HandlerLenses } from './handler-lens';
import { InvocationHistory } from './invocation-history';
import { statusOf } from './invocation-format';
import { INVOCATIONS_VIEW_ID, InvocationsTree, isPartNode, type InvocationNode } from './invocations-view';
import { invokeAgain, invokeFunction } from './invoke-command';
import { EmulatorStatus } from './status-bar';
import { openPart, setViewsState, viewsState } from './views-state';
import { WorkspaceFunctions } from './workspace-functions';

/** The record a view command acts on: the row it was run on, else the selected row, else the newest one. */
function recordOf(context: CommandContext, node: unknown): InvocationRecord | undefined {
  const given = (node ?? viewsState(context).treeView.selection[0]) as InvocationNode | undefined;
  if (given && typeof given === 'object') return isPartNode(given) ? given.record : given;
  return viewsState(context).tree.history.list()[0];
}

function openCommand(part: InvocationPart): CommandHandler {
  return async (context, node) => {
    const record = recordOf(context, node);
    if (!record) {
      void vscode.window.showInformationMessage('No invocation to open yet: invoke a function first.');
      return undefined;
    }
    return openPart(viewsState(context), record, part);
  };
}

/**
 * What the view and the status bar show, as data, through the view's own provider: for the in-editor tests (the
 * provider and the status item live in the extension's bundle, out of a test's reach) and for bug reports.
 * Not in the palette.
 */
function describeViews(context: CommandContext) {
  const { tree, status } = viewsState(context);
  const text = (value: unknown): string =>
    typeof value === 'string'
      ? value
      : value instanceof vscode.MarkdownString
        ? value.value
        : ((value as vscode.TreeItemLabel | undefined)?.label ?? '');
  const rows = tree.getChildren().map((node) => {
    const item = tree.getTreeItem(node);
    return {
      functionName: isPartNode(node) ? node.record.functionName : node.functionName,
      label: text(item.label),
      description: text(item.description),
      tooltip: text(item.tooltip),
      icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '',
      contextValue: item.contextValue,
      status: isPartNode(node) ? '' : statusOf(node),
      children: tree.getChildren(node).map((child) => text(tree.getTreeItem(child).label)),
    };
  });
  return { rows, statusBar: status.snapshot() };
}

/** The invoke command and the invocations view's own commands. */
export const VIEW_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'lambdaRuntime.invoke': invokeFunction,
  'lambdaRuntime.debugFunction': debugFunction,
  'lambdaRuntime.invokeAgain': (context, node) => {
    const record = recordOf(context, node);
    return record ? invokeAgain(context, record) : invokeFunction(context);
  },
  'lambdaRuntime.openInvocationEvent': openCommand('event'),
  'lambdaRuntime.openInvocationResponse': openCommand('response'),
  'lambdaRuntime.openInvocationLogs': openCommand('logs'),
  'lambdaRuntime.clearInvocations': (context) => viewsState(context).tree.clear(),
  'lambdaRuntime.describeInvocations': describeViews,
};

/** Registers the Lambda Invocations view, the status bar item and the handler CodeLens. */
export function registerViews(context: CommandContext): void {
  const history = new InvocationHistory<InvocationRecord>();
  const documents = new InvocationDocuments();
  const tree = new InvocationsTree(history, context.runs, (record) => {
    const key = history.keyOf(record);
    if (key !== undefined) documents.finished(key);
  });
  const treeView = vscode.window.createTreeView<InvocationNode>(INVOCATIONS_VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const status = new EmulatorStatus(context.runs);
  const functions = new WorkspaceFunctions(context.log);
  const lenses = new HandlerLenses(functions);
  context.extension.subscriptions.push(
    documents,
    tree,
    treeView,
    status,
    functions,
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
  );
  setViewsState(context, { tree, treeView: treeView as vscode.TreeView<unknown>, documents, status, functions });
}
