import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { trackDebugSessions } from './console-opening';
import { DEBUG_TYPE, DynamicConfigurationProvider, LaunchConfigurationProvider } from './configuration-provider';
import { registerLanguageAdapters } from './languages';
import { ParentSession } from './parent-session';
import { prepareWorkspaceDebuggers } from './prepare-debuggers';
import { cancelUnclaimed } from './runtime-start';
import type { SessionTimeline } from './timeline';

/**
 * Registers the `lambda-runtime` debugger: configuration provider, inline adapter, language debuggers; and gets
 * the debuggers of the workspace's functions ready ahead of the first F5 (the timeline says when each was ready).
 */
export function registerDebugging(context: CommandContext): SessionTimeline {
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
    { dispose: () => void cancelUnclaimed() },
    trackDebugSessions(),
  );
  return prepareWorkspaceDebuggers(context);
}
