// Rust, C and C++: the emulator runs the bootstrap behind lldb-server (see core/debug/adapters/lldb), and a child
// session of the internal type `lambda-runtime-native` runs lldb-dap, which connects to it. No extension needed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { pathDirectories } from '../../core/debug/adapters/find-tool';
import {
  findLldb,
  isLegacyAdapter,
  lldbAttachArguments,
  lldbLaunchCommand,
  type LldbMode,
  LLDB_MISSING,
  llvmDirectories,
} from '../../core/debug/adapters/lldb';
import { readElfHead } from '../../core/debug/adapters/elf';
import { mayAttachToParent, ptraceForbidden, ptracePermission } from '../../core/debug/adapters/ptrace';
import { waitForListening } from '../../core/debug/adapters/wait-listening';
import { lldbSourceMap, mappingsNamedIn } from '../../core/debug/path-mapping-args';
import type { DebugPlan, LanguageDebugger, MissingDebugger, PlanContext } from './types';

/** The internal debug type (package.json `contributes.debuggers`) whose sessions run lldb-dap. */
export const NATIVE_DEBUG_TYPE = 'lambda-runtime-native';

export const nativeDebugger: LanguageDebugger = {
  kind: 'native',
  async plan(context: PlanContext): Promise<DebugPlan | MissingDebugger> {
    if (process.platform !== 'linux') {
      return { missing: 'Debugging native runtimes needs Linux (lldb-server runs the Linux bootstrap).' };
    }
    const lldb = await findLldb([...pathDirectories(), ...llvmDirectories()]);
    if (!lldb) return { ...LLDB_MISSING };
    const bootstrap = path.resolve(context.fn.bootstrap);
    const head = readElfHead(bootstrap);
    if (head === 'unreadable') throw new Error(`The bootstrap ${bootstrap} cannot be read.`);
    const port = await context.freePort();
    context.log.info(`Native: ${lldb.adapter} with ${lldb.server} (LLDB ${lldb.version ?? '?'}), port ${port}`);
    context.log.info(
      'Native: breakpoints need debug information and bind best without optimisation (-g -O0; Rust: a debug profile).',
    );
    const permission = ptracePermission();
    const forbidden = ptraceForbidden(permission);
    if (forbidden) return { missing: forbidden, installHint: 'sudo sysctl kernel.yama.ptrace_scope=1' };
    // Where ptrace forbids attaching to a parent, named pipes carry the runtime's output (see core/debug/adapters/lldb).
    const pipesDir = mayAttachToParent(permission) ? undefined : await mkdtemp(path.join(tmpdir(), 'lrk-lldb-'));
    const how: LldbMode = pipesDir ? { mode: 'launch', pipesDir } : { mode: 'attach-parent' };
    context.log.info(`Native: lldb-server ${how.mode === 'launch' ? 'launches' : 'attaches to'} the runtime.`);
    return {
      launch: {
        command: lldbLaunchCommand(lldb.server, port, bootstrap, how),
        // In a sandbox LLDB finds the program by its process id and its path on this machine: the runtime keeps
        // this machine's process ids and starts the bootstrap by its own path (also shown there, since the
        // sandbox's /tmp and /var are its own), while it reads /var/task, /opt and /tmp as in Lambda. A sandbox
        // also hides the host's /tmp, where the named pipes are.
        hostPaths: [{ path: bootstrap }, ...(pipesDir ? [{ path: pipesDir, writable: true }] : [])],
        sharePids: true,
      },
      child: {
        type: NATIVE_DEBUG_TYPE,
        request: 'attach',
        name: `Native: ${path.basename(bootstrap)} (LLDB)`,
        adapterPath: lldb.adapter,
        port,
        ...lldbAttachArguments(port, head === 'elf' ? bootstrap : undefined, isLegacyAdapter(lldb.adapter)),
        ...sourceMap(bootstrap, context),
      },
      startChild: 'after-runtime-start',
      dispose: async () => {
        if (pipesDir) await rm(pipesDir, { recursive: true, force: true });
      },
    };
  },
};

/** LLDB's sourceMap for the runtime folders the binary's debug information names (a build made there). */
function sourceMap(bootstrap: string, context: PlanContext): { sourceMap?: [string, string][] } {
  const mappings = mappingsNamedIn(bootstrap, context.pathMappings);
  return mappings.length > 0 ? { sourceMap: lldbSourceMap(mappings) } : {};
}

/** Starts lldb-dap for `lambda-runtime-native` sessions once their lldb-server listens. */
class LldbDapFactory implements vscode.DebugAdapterDescriptorFactory {
  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const config = session.configuration;
    let adapter = typeof config.adapterPath === 'string' ? config.adapterPath : undefined;
    adapter ??= (await findLldb([...pathDirectories(), ...llvmDirectories()]))?.adapter;
    if (!adapter) throw new Error(`${LLDB_MISSING.missing} Install it: ${LLDB_MISSING.installHint}.`);
    const port = Number(config.port);
    // lldb-server takes one connection only: watch for its listening socket rather than probing it.
    if (Number.isInteger(port) && port > 0) await waitForListening(port, { timeoutMs: 30_000 });
    return new vscode.DebugAdapterExecutable(adapter, []);
  }
}

/** Registers the adapter of `lambda-runtime-native` (called once from registerDebugging). */
export function registerNativeAdapter(extension: vscode.ExtensionContext): vscode.Disposable {
  const registration = vscode.debug.registerDebugAdapterDescriptorFactory(NATIVE_DEBUG_TYPE, new LldbDapFactory());
  extension.subscriptions.push(registration);
  return registration;
}
