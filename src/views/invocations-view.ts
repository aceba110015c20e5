// The Lambda Invocations view: one row per invocation, newest first, with its status, figures and a tooltip
// with the details; its children open the event, the response and the logs.
import * as vscode from 'vscode';
import type { InvocationRecord, RunRegistry } from '../debug/runs';
import type { InvocationPart } from './documents';
import { InvocationHistory } from './invocation-history';
import { descriptionOf, labelOf, statusOf, tooltipOf } from './invocation-format';

export const INVOCATIONS_VIEW_ID = 'lambdaRuntime.invocations';

/** A child row: one part of an invocation, opened on click. */
export interface PartNode {
  readonly record: InvocationRecord;
  readonly part: InvocationPart;
}

export type InvocationNode = InvocationRecord | PartNode;

const PARTS: ReadonlyArray<{ part: InvocationPart; label: string; icon: string; command: string }> = [
  { part: 'event', label: 'Event', icon: 'json', command: 'lambdaRuntime.openInvocationEvent' },
  { part: 'response', label: 'Response', icon: 'output', command: 'lambdaRuntime.openInvocationResponse' },
  { part: 'logs', label: 'Logs', icon: 'list-flat', command: 'lambdaRuntime.openInvocationLogs' },
];

export const isPartNode = (node: unknown): node is PartNode =>
  typeof node === 'object' && node !== null && 'part' in node && 'record' in node;

/** Feeds the view from the run registry's invocation events. */
export class InvocationsTree implements vscode.TreeDataProvider<InvocationNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InvocationNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly history: InvocationHistory<InvocationRecord>,
    runs: RunRegistry,
    onFinished: (record: InvocationRecord) => void,
  ) {
    this.subscriptions = [
      this.changed,
      runs.onDidStartInvocation((record) => {
        this.history.add(record);
        this.changed.fire(undefined);
      }),
      runs.onDidFinishInvocation((record) => {
        onFinished(record);
        // The whole tree, not the row: the row's children (and the welcome view) may change with it.
        if (this.history.has(record)) this.changed.fire(undefined);
      }),
    ];
  }

  clear(): void {
    this.history.clear();
    this.changed.fire(undefined);
  }

  getChildren(node?: InvocationNode): InvocationNode[] {
    if (!node) return [...this.history.list()];
    if (isPartNode(node)) return [];
    return PARTS.map(({ part }) => ({ record: node, part }));
  }

  getParent(node: InvocationNode): InvocationNode | undefined {
    return isPartNode(node) ? node.record : undefined;
  }

  getTreeItem(node: InvocationNode): vscode.TreeItem {
    const key = this.history.keyOf(isPartNode(node) ? node.record : node) ?? 0;
    if (isPartNode(node)) {
      const part = PARTS.find((candidate) => candidate.part === node.part)!;
      const item = new vscode.TreeItem(part.label, vscode.TreeItemCollapsibleState.None);
      item.id = `${key}/${node.part}`;
      item.iconPath = new vscode.ThemeIcon(part.icon);
      item.contextValue = 'invocationPart';
      item.command = { title: `Open ${part.label}`, command: part.command, arguments: [node.record] };
      return item;
    }
    const item = new vscode.TreeItem(labelOf(node), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = String(key);
    item.description = descriptionOf(node);
    const tooltip = new vscode.MarkdownString(tooltipOf(node, node.run.emulator.url));
    tooltip.supportThemeIcons = true;
    item.tooltip = tooltip;
    item.iconPath = statusIcon(node);
    item.contextValue = 'invocation';
    return item;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function statusIcon(record: InvocationRecord): vscode.ThemeIcon {
  switch (statusOf(record)) {
    case 'running':
      return new vscode.ThemeIcon('loading~spin');
    case 'succeeded':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'function-error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'failed':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }
}
