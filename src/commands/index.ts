import * as vscode from 'vscode';
import type { CommandContext } from './context';
import { showOutput } from './output';
import { showRules } from './rules';

type Handler = (context: CommandContext, ...args: unknown[]) => unknown;

// The one table of palette commands. package.json declares the same ids; an integration test checks that
// every declared command is registered, so the two cannot drift apart unnoticed.
const COMMANDS: Readonly<Record<string, Handler>> = {
  'lambdaRuntime.showOutput': showOutput,
  'lambdaRuntime.showRules': showRules,
};

/** Registers every command of the table, bound to `context`, and disposes of them with the extension. */
export function registerCommands(context: CommandContext): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    context.extension.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => handler(context, ...args)),
    );
  }
}
