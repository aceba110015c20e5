// LLDB for native runtimes (Rust, C, C++): `lldb-dap` is the debug adapter and `lldb-server` holds the runtime,
// which stays under the process the emulator started. LLDB follows the runtime's exec of the bootstrap (and any
// further exec of a bootstrap script) and binds the breakpoints in the binary. Two ways to start it:
// - `attach-parent` (where ptrace allows it): a small shell has lldb-server attach to the shell's own pid, waits
//   until it is traced, then execs the bootstrap. The runtime keeps the emulator's pipes, so its output is
//   exactly where and when it is written, in the invocation's log.
// - `launch` (Yama's ptrace_scope=1, Ubuntu's default, forbids attaching to a parent): lldb-server launches a
//   small shell stopped at its entry, which execs the bootstrap when LLDB lets it run. lldb-server gives what it
//   launches a pty and closes every other descriptor, and the emulator's stdio are sockets (not reopenable through
//   /proc), so the outer shell relays two named pipes to its stdout and stderr with `cat`: the output reaches the
//   emulator a moment later, possibly after the invocation's END line.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { findVersioned, pathDirectories, toolVersion, type VersionedTool } from './find-tool';

export interface LldbTools {
  /** The debug adapter: `lldb-dap` (LLVM 18+) or `lldb-vscode` (older). */
  readonly adapter: string;
  /** `lldb-server` of the same LLVM release. */
  readonly server: string;
  readonly version?: string;
}

/** What to say and offer when LLDB's adapter or server is absent. */
export const LLDB_MISSING = {
  missing: 'LLDB (lldb-dap and lldb-server), the debugger for Rust, C and C++ runtimes, is not installed.',
  extensionId: 'vadimcn.vscode-lldb',
  installHint: 'apt-get install lldb (Debian/Ubuntu; lldb-19 or later provides lldb-dap), or install LLVM',
} as const;

/** The lldb-server that belongs with an adapter: same suffix, else in the adapter's own directory. */
function serverFor(adapter: VersionedTool, servers: readonly VersionedTool[]): string | undefined {
  const sameVersion = servers.find((server) => server.major === adapter.major);
  if (sameVersion) return sameVersion.path;
  const besideIt = path.join(path.dirname(adapter.path), 'lldb-server');
  if (existsSync(besideIt)) return besideIt;
  return adapter.major === undefined ? servers[0]?.path : undefined;
}

/**
 * The newest lldb-dap (or lldb-vscode) with a matching lldb-server, on PATH or in /usr/lib/llvm-N/bin.
 * `dirs` defaults to PATH; tests pass their own.
 */
export async function findLldb(dirs: readonly string[] = pathDirectories()): Promise<LldbTools | undefined> {
  const adapters = [...findVersioned('lldb-dap', dirs), ...findVersioned('lldb-vscode', dirs)];
  const servers = findVersioned('lldb-server', dirs);
  for (const adapter of adapters) {
    const server = serverFor(adapter, servers);
    if (!server) continue;
    return { adapter: adapter.path, server, version: await toolVersion(server, ['version']) };
  }
  return undefined;
}

/** Where the LLVM packages of Debian and Ubuntu put unsuffixed tools; searched after PATH. */
export function llvmDirectories(root = '/usr/lib'): string[] {
  try {
    return findVersioned('llvm', [root])
      .map((tool) => path.join(tool.path, 'bin'))
      .filter((dir) => existsSync(dir));
  } catch {
    return [];
  }
}

// $0 lldb-server, $1 port, then the bootstrap and its arguments. Builtins only in the wait loop, apart from
// `sleep`: nothing else is executed once traced.
const ATTACH_PARENT = [
  'server=$0 port=$1',
  'shift',
  '"$server" gdbserver "127.0.0.1:$port" --attach $$ >/dev/null 2>&1 &',
  'while :; do',
  '  tracer=0',
  '  while IFS= read -r line; do case $line in TracerPid:*) tracer=${line#TracerPid:} ;; esac; done < /proc/$$/status',
  '  case $tracer in *[1-9]*) break ;; esac',
  '  kill -0 $! 2>/dev/null || { echo "lldb-server exited before the debugger attached" >&2; exit 1; }',
  '  sleep 0.05',
  'done',
  'exec "$@"',
].join('\n');

// $0 lldb-server, $1 port, $2 folder for the named pipes, then the bootstrap and its arguments.
const LAUNCH = [
  'server=$0 port=$1 dir=$2',
  'shift 2',
  'rm -f "$dir/stdout" "$dir/stderr" && mkfifo "$dir/stdout" "$dir/stderr" || exit 1',
  'cat "$dir/stdout" &',
  'cat "$dir/stderr" >&2 &',
  'exec "$server" gdbserver "127.0.0.1:$port" -- /bin/sh -c \'exec </dev/null >"$0/stdout" 2>"$0/stderr"; exec "$@"\' "$dir" "$@"',
].join('\n');

export type LldbMode = { readonly mode: 'attach-parent' } | { readonly mode: 'launch'; readonly pipesDir: string };

/**
 * The command the emulator runs instead of the bootstrap (see the file's comment). In `launch` mode `pipesDir` is
 * a private folder that exists while the session runs (the plan makes it and removes it).
 */
export function lldbLaunchCommand(server: string, port: number, program: string, how: LldbMode): string[] {
  if (how.mode === 'attach-parent') return ['/bin/sh', '-c', ATTACH_PARENT, server, String(port), program];
  return ['/bin/sh', '-c', LAUNCH, server, String(port), how.pipesDir, program];
}

const NO_STOP_ON_EXEC = 'settings set target.process.stop-on-exec false';
// In `launch` mode lldb-server stops the shell with SIGSTOP; passed on when LLDB resumes, it would stop it again.
const IGNORE_SIGSTOP = 'process handle SIGSTOP --pass false';

/**
 * The DAP `attach` arguments for lldb-dap: the target is the bootstrap (so breakpoints resolve against its debug
 * information; none when the bootstrap is a script), and LLDB connects to the lldb-server of lldbLaunchCommand.
 * The process is still the launcher shell; it execs the bootstrap when the debugger lets it run, and that exec
 * must not stop it again.
 * `gdb-remote-port` (lldb-dap, LLVM 18+) connects synchronously; lldb-vscode only has `attachCommands`, which run
 * asynchronously (lldb-dap 19 then fails with "process unloaded during launch or attach" when the connection is slow).
 */
export function lldbAttachArguments(
  port: number,
  program: string | undefined,
  legacyAdapter = false,
): Record<string, unknown> {
  // Without a program (a bootstrap script), LLDB takes the attached process's executable and follows its execs.
  const common = { request: 'attach', ...(program ? { program } : {}), stopOnEntry: false };
  if (legacyAdapter) {
    return { ...common, attachCommands: [NO_STOP_ON_EXEC, `gdb-remote 127.0.0.1:${port}`, IGNORE_SIGSTOP] };
  }
  return {
    ...common,
    preRunCommands: [NO_STOP_ON_EXEC, IGNORE_SIGSTOP],
    'gdb-remote-hostname': '127.0.0.1',
    'gdb-remote-port': port,
  };
}

/** Whether an adapter is the older lldb-vscode (LLVM 17 and before), by its name. */
export function isLegacyAdapter(adapter: string): boolean {
  return path.basename(adapter).startsWith('lldb-vscode');
}
