// Python: debugpy is injected into whatever python the bootstrap runs (sitecustomize on PYTHONPATH, see
// core/debug/debugpy); the child session, of the internal type `lambda-runtime-python`, connects to debugpy in the
// runtime (pydevd speaks DAP itself; an older debugpy starts its adapter process). Needs neither the Python
// extension nor a change to the user's bootstrap.
import path from 'node:path';
import * as vscode from 'vscode';
import { waitForListening } from '../../core/debug/adapters/wait-listening';
import { debugpyEnvironment, findDebugpy, pythonCandidates, writeDebugpyBootstrap } from '../../core/debug/debugpy';
import type { FunctionConfig } from '../../core/emulator/types';
import { bypassVersionShims, folderAndAncestors } from '../../core/emulator/version-shims';
import { debugpyPathMappings } from '../../core/debug/path-mapping-args';
import type { DebugPlan, LanguageDebugger, MissingDebugger, PlanContext } from './types';

export const PYTHON_DEBUG_TYPE = 'lambda-runtime-python';
const HOST = '127.0.0.1';

/** The interpreters that may run `fn`'s runtime, most likely first: its PATH is the emulator's, shims skipped. */
function candidatesFor(fn: FunctionConfig): string[] {
  const taskRoot = fn.taskRoot ?? path.dirname(fn.bootstrap);
  const runtimePath = bypassVersionShims(
    fn.environment?.PATH ?? process.env.PATH ?? '',
    { ...fn.environment },
    folderAndAncestors(taskRoot),
  );
  return pythonCandidates(fn.bootstrap, runtimePath);
}

export const pythonDebugger: LanguageDebugger = {
  kind: 'python',
  prepare(fn: FunctionConfig): Promise<unknown> {
    return findDebugpy(candidatesFor(fn)).catch(() => undefined);
  },
  async plan(context: PlanContext): Promise<DebugPlan | MissingDebugger> {
    const candidates = candidatesFor(context.fn);
    const install = await findDebugpy(candidates);
    context.mark?.('debugpy found');
    if (!install) {
      return {
        missing: `debugpy is not installed for ${candidates.join(', ') || 'any python3 on PATH'}.`,
        extensionId: 'ms-python.debugpy',
        installHint: 'pip install debugpy (or apt-get install python3-debugpy)',
      };
    }
    const port = await context.freePort();
    const injected = await writeDebugpyBootstrap(install.packageDir);
    context.log.info(`Python: debugpy ${install.version} from ${install.python}, listening on ${HOST}:${port}`);
    return {
      launch: {
        environment: debugpyEnvironment(injected.dir, HOST, port, context.fn.environment?.PYTHONPATH),
        // A sandbox hides the host's /tmp, where the injected sitecustomize is.
        hostPaths: [{ path: injected.dir }],
      },
      child: {
        type: PYTHON_DEBUG_TYPE,
        request: 'attach',
        name: `Python: ${path.basename(context.fn.taskRoot ?? path.dirname(context.fn.bootstrap))} (debugpy)`,
        connect: { host: HOST, port },
        justMyCode: true,
        ...(context.pathMappings?.length ? { pathMappings: debugpyPathMappings(context.pathMappings) } : {}),
        redirectOutput: false,
      },
      startChild: 'after-runtime-start',
      dispose: () => injected.remove(),
    };
  },
};

/** Connects `lambda-runtime-python` sessions to the debugpy listening at their `connect` address. */
class DebugpyServerFactory implements vscode.DebugAdapterDescriptorFactory {
  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const connect = (session.configuration.connect ?? {}) as { host?: string; port?: number };
    const port = Number(connect.port);
    const host = connect.host ?? HOST;
    if (!Number.isInteger(port) || port <= 0)
      throw new Error(
        `The ${PYTHON_DEBUG_TYPE} configuration needs "connect": {"host", "port"} of a debugpy listener.`,
      );
    await waitForListening(port, { host, mayConnect: false, timeoutMs: 30_000 });
    return new vscode.DebugAdapterServer(port, host);
  }
}

/** Registers the adapter of `lambda-runtime-python` (called once from registerDebugging). */
export function registerPythonAdapter(extension: vscode.ExtensionContext): vscode.Disposable {
  const registration = vscode.debug.registerDebugAdapterDescriptorFactory(
    PYTHON_DEBUG_TYPE,
    new DebugpyServerFactory(),
  );
  extension.subscriptions.push(registration);
  return registration;
}
