// The status bar item that shows, while any function runs, where the emulator listens: `$(zap) Lambda :9001`.
// A click focuses the Lambda Invocations view.
import * as vscode from 'vscode';
import type { RunRegistry } from '../debug/runs';
import { statusText, statusTooltip, type StatusSnapshot } from './status-format';

export class EmulatorStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'lambdaRuntime.emulator',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly subscription: vscode.Disposable;
  private state: StatusSnapshot = { visible: false, text: '', tooltip: '' };

  constructor(private readonly runs: RunRegistry) {
    this.item.name = 'Lambda Runtime emulator';
    this.item.command = { title: 'Show Lambda Invocations', command: 'lambdaRuntime.invocations.focus' };
    this.subscription = runs.onDidChangeRuns(() => this.update());
    this.update();
  }

  snapshot(): StatusSnapshot {
    return this.state;
  }

  private update(): void {
    const running = this.runs.runs();
    const text = statusText(running);
    if (text === undefined) {
      this.item.hide();
      this.state = { visible: false, text: '', tooltip: '' };
      return;
    }
    const tooltip = statusTooltip(running);
    this.item.text = text;
    this.item.tooltip = new vscode.MarkdownString(tooltip);
    this.item.show();
    this.state = { visible: true, text, tooltip };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
