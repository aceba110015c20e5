// The bubblewrap command line that gives a runtime Lambda's file system: the host read-only, the code at
// /var/task and the merged layers at /opt (read-only too), a private /tmp of the function's ephemeral storage,
// its own PID namespace (but under LLDB). The network stays the host's: the Runtime API listens on its loopback.
import path from 'node:path';
import { toRuntime, type PathMapping } from '../../path-mappings';
import type { LaunchCommand } from '../launch';

export const TASK_ROOT = '/var/task';
export const OPT = '/opt';
export const RUNTIME_DIR = '/var/runtime';
/** Lambda's default EphemeralStorage. */
export const DEFAULT_TMP_MB = 512;

/** What the sandbox of one environment is made of. */
export interface SandboxLayout {
  readonly bwrap: string;
  /** The function's code (local folder), shown at /var/task. */
  readonly taskRoot: string;
  /** The merged layers (local folder), shown at /opt; none: an empty /opt. */
  readonly opt?: string;
  readonly tmpSizeMb: number;
  /** Host paths a debugger's command needs, shown at the same path (see DebugLaunch.hostPaths). */
  readonly hostPaths?: readonly { readonly path: string; readonly writable?: boolean }[];
  /** No PID namespace of its own (see DebugLaunch.sharePids). */
  readonly sharePids?: boolean;
}

/** Where the runtime's paths are on this machine: its code and each layer (last first, as they win). */
export function sandboxMappings(taskRoot: string, layers: readonly string[]): PathMapping[] {
  return [
    { runtime: TASK_ROOT, local: [taskRoot] },
    ...(layers.length > 0 ? [{ runtime: OPT, local: [...layers].reverse() }] : []),
  ];
}

/**
 * `command` run inside the sandbox: bwrap's options, then the command with its local paths (the bootstrap, a
 * handler) turned into the runtime's (/var/task/..., /opt/...).
 */
export function sandboxCommand(
  command: LaunchCommand,
  layout: SandboxLayout,
  mappings: readonly PathMapping[],
): LaunchCommand {
  const tmpBytes = Math.max(1, Math.round(layout.tmpSizeMb)) * 1024 * 1024;
  const args = [
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--size',
    String(tmpBytes),
    '--tmpfs',
    '/tmp',
    // The host's /var is read-only, so /var/task needs a mount point of its own: a fresh /var, as Lambda's has.
    '--tmpfs',
    '/var',
    '--dir',
    RUNTIME_DIR,
    '--ro-bind',
    layout.taskRoot,
    TASK_ROOT,
  ];
  if (layout.opt !== undefined) args.push('--ro-bind', layout.opt, OPT);
  else args.push('--tmpfs', OPT, '--remount-ro', OPT);
  for (const host of layout.hostPaths ?? []) {
    args.push(host.writable ? '--bind' : '--ro-bind', host.path, host.path);
  }
  args.push('--remount-ro', '/var', ...(layout.sharePids ? [] : ['--unshare-pid']));
  args.push('--die-with-parent', '--chdir', TASK_ROOT, '--');
  // A path the debugger asked to see where it is on this machine stays that path (LLDB's program).
  const hostPaths = new Set((layout.hostPaths ?? []).map((host) => host.path));
  const runtimePath = (value: string) =>
    path.isAbsolute(value) && !hostPaths.has(value) ? toRuntime(mappings, value) : value;
  return { file: layout.bwrap, args: [...args, runtimePath(command.file), ...command.args.map(runtimePath)] };
}
