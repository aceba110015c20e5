import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { DEBUG_TYPE, DynamicConfigurationProvider, LaunchConfigurationProvider } from './configuration-provider';
import { registerLanguageAdapters } from './languages';
import { ParentSession } from './parent-session';

/** Registers the `lambda-runtime` debugger: configuration provider, inline adapter, language debuggers. */
export function registerDebugging(context: CommandContext): void {
  registerLanguageAdapters(context.extension);
  context.extension.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new LaunchConfigurationProvider(context)),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      new DynamicConfigurationProvider(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: (session) =>
        new vscode.DebugAdapterInlineImplementation(new ParentSession(session, context)),
    }),
  );
}
