// Go: the emulator runs the bootstrap under a headless Delve (`dlv exec --headless`), and a child session of the
// internal type `lambda-runtime-go` attaches to Delve's DAP server in `remote` mode. No Go extension is needed.
import path from 'node:path';
import * as vscode from 'vscode';
import {
  DELVE_MISSING,
  delveAttachArguments,
  delveCannotDebug,
  delveExecCommand,
  findDelve,
} from '../../core/debug/adapters/delve';
import { ptraceForbidden, ptracePermission } from '../../core/debug/adapters/ptrace';
import { waitForListening } from '../../core/debug/adapters/wait-listening';
import { delveSubstitutePath, mappingsNamedIn } from '../../core/debug/path-mapping-args';
import type { DebugPlan, LanguageDebugger, MissingDebugger, PlanContext } from './types';

/** The internal debug type (package.json `contributes.debuggers`) whose sessions talk to Delve. */
export const GO_DEBUG_TYPE = 'lambda-runtime-go';

export const goDebugger: LanguageDebugger = {
  kind: 'go',
  async plan(context: PlanContext): Promise<DebugPlan | MissingDebugger> {
    const dlv = await findDelve();
    if (!dlv) return { ...DELVE_MISSING };
    const forbidden = ptraceForbidden(ptracePermission());
    if (forbidden) return { missing: forbidden, installHint: 'sudo sysctl kernel.yama.ptrace_scope=1' };
    const bootstrap = path.resolve(context.fn.bootstrap);
    const problem = delveCannotDebug(bootstrap);
    if (problem) throw new Error(problem);
    const port = await context.freePort();
    context.log.info(`Go: Delve ${dlv.version ?? '(unknown version)'} at ${dlv.path}, DAP on 127.0.0.1:${port}`);
    // An optimised build moves or drops lines (inlining): breakpoints then bind elsewhere or not at all.
    context.log.info('Go: breakpoints bind on every line of a build made with go build -gcflags="all=-N -l".');
    return {
      launch: { command: delveExecCommand(dlv.path, port, bootstrap) },
      child: {
        type: GO_DEBUG_TYPE,
        request: 'attach',
        name: `Go: ${path.basename(bootstrap)} (Delve)`,
        ...delveAttachArguments(port),
        ...substitutePath(bootstrap, context),
      },
      startChild: 'after-runtime-start',
    };
  },
};

/** Delve's substitutePath for the runtime folders the binary's debug information names (a build made there). */
function substitutePath(bootstrap: string, context: PlanContext): { substitutePath?: { from: string; to: string }[] } {
  const mappings = mappingsNamedIn(bootstrap, context.pathMappings);
  return mappings.length > 0 ? { substitutePath: delveSubstitutePath(mappings) } : {};
}

/** Connects `lambda-runtime-go` sessions to the Delve server of their configuration's `port`, once it listens. */
class DelveServerFactory implements vscode.DebugAdapterDescriptorFactory {
  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const port = Number(session.configuration.port);
    const host = String(session.configuration.host ?? '127.0.0.1');
    if (!Number.isInteger(port) || port <= 0) {
      throw new Error(`The ${GO_DEBUG_TYPE} configuration needs the port of a running Delve server.`);
    }
    // Delve was started with the runtime a moment ago; it may still be loading the binary's debug information.
    await waitForListening(port, { host, mayConnect: true, timeoutMs: 30_000 });
    return new vscode.DebugAdapterServer(port, host);
  }
}

/** Registers the adapter of `lambda-runtime-go` (called once from registerDebugging). */
export function registerGoAdapter(extension: vscode.ExtensionContext): vscode.Disposable {
  const registration = vscode.debug.registerDebugAdapterDescriptorFactory(GO_DEBUG_TYPE, new DelveServerFactory());
  extension.subscriptions.push(registration);
  return registration;
}
