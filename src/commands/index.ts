import * as vscode from 'vscode';
import { TESTING_COMMANDS } from '../testing';
import { VIEW_COMMANDS } from '../views';
import type { CommandContext } from './context';
import type { CommandHandler } from './handler';
import { showOutput } from './output';
import { PACKAGE_COMMANDS, zipProblems } from './package';
import { showRules } from './rules';
import { SCAFFOLD_COMMANDS } from './scaffold';

// The one table of palette commands. package.json declares the same ids; an integration test checks that
// every declared command is registered, so the two cannot drift apart unnoticed.
const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'lambdaRuntime.showOutput': showOutput,
  'lambdaRuntime.showRules': showRules,
  ...SCAFFOLD_COMMANDS,
  ...PACKAGE_COMMANDS,
  ...VIEW_COMMANDS,
  ...TESTING_COMMANDS,
};

/** Registers every command of the table, bound to `context`, and disposes of them with the extension. */
export function registerCommands(context: CommandContext): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    context.extension.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => handler(context, ...args)),
    );
  }
  // Zips the workspace's templates deploy get their findings in Problems without a command; in the background.
  void zipProblems(context.extension, context.log).watchWorkspaceTemplates();
}
