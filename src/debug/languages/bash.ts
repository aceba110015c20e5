// Bash: our own debugger (src/core/debug/bash). The emulator runs the bootstrap under bash with the harness in
// BASH_ENV; the harness connects to a server the plan starts; a child session of the internal type
// `lambda-runtime-bash`, an inline adapter in the extension host, takes the runtime's next main shell from that
// server. Nothing to install: bash is all it needs.
import path from 'node:path';
import * as vscode from 'vscode';
import { bashDebugLaunch } from '../../core/debug/bash/launch';
import { BashDebugServer } from '../../core/debug/bash/server';
import { BashDebugSession } from '../../core/debug/bash/session';
import type { DebugPlan, LanguageDebugger, MissingDebugger, PlanContext } from './types';

/** The internal debug type (package.json `contributes.debuggers`) of the bash child sessions. */
export const BASH_DEBUG_TYPE = 'lambda-runtime-bash';

/** The servers of the running parent sessions, by the key their child configurations carry. */
const servers = new Map<string, BashDebugServer>();
let nextKey = 1;

export const bashDebugger: LanguageDebugger = {
  kind: 'bash',
  async plan(context: PlanContext): Promise<DebugPlan | MissingDebugger> {
    const server = await BashDebugServer.start();
    let launch;
    try {
      launch = bashDebugLaunch(path.resolve(context.fn.bootstrap), server, context.fn.environment?.BASH_ENV);
    } catch (error) {
      server.dispose();
      return { missing: (error as Error).message };
    }
    const key = String(nextKey++);
    servers.set(key, server);
    // In a sandbox bash names its files /var/task/..., /opt/...; the sessions map them to the workspace's.
    server.pathMappings = context.pathMappings ?? [];
    server.onNotice = (text) => {
      context.log.warn(`Bash: ${text}`);
      void vscode.window.showWarningMessage(text);
    };
    context.log.info(`Bash: the runtime's bash connects to the debugger on 127.0.0.1:${server.port}`);
    return {
      launch,
      child: {
        type: BASH_DEBUG_TYPE,
        request: 'attach',
        name: `Bash: ${path.basename(context.fn.bootstrap)}`,
        serverKey: key,
        stopOnEntry: context.stopOnEntry === true,
      },
      startChild: 'after-runtime-start',
      dispose: () => {
        servers.delete(key);
        server.dispose();
      },
    };
  },
};

/** Runs `lambda-runtime-bash` sessions inline, on the server their parent's plan started. */
class BashAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const server = servers.get(String(session.configuration.serverKey));
    if (!server) throw new Error('This bash debug session belongs to a Lambda runtime that has stopped.');
    return new vscode.DebugAdapterInlineImplementation(new BashDebugSession(server));
  }
}

/** Registers the adapter of `lambda-runtime-bash` (called once from registerDebugging). */
export function registerBashAdapter(extension: vscode.ExtensionContext): vscode.Disposable {
  const registration = vscode.debug.registerDebugAdapterDescriptorFactory(BASH_DEBUG_TYPE, new BashAdapterFactory());
  extension.subscriptions.push(registration);
  return registration;
}
