// Whether bubblewrap can give the runtime Lambda's file system here: found on PATH and allowed to run (a kernel
// without unprivileged user namespaces, or a container that forbids mounts, refuses it). Probed once per process.
import { execa } from 'execa';
import { which } from '../../executables';

/** `auto`: the sandbox where it works; `on`: the sandbox or an error; `off`: in place. */
export type SandboxMode = 'auto' | 'on' | 'off';
export const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'on', 'off'];

export type SandboxProbe =
  { readonly available: true; readonly bwrap: string } | { readonly available: false; readonly reason: string };

/** How to get the sandbox, for messages. */
export const SANDBOX_HINT =
  'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)';

let cached: Promise<SandboxProbe> | undefined;

/** Whether the sandbox works on this machine; the first call runs bwrap once, later calls reuse its answer. */
export function probeSandbox(): Promise<SandboxProbe> {
  return (cached ??= probe());
}

async function probe(): Promise<SandboxProbe> {
  if (process.platform !== 'linux') {
    return { available: false, reason: `bubblewrap runs on Linux only (this is ${process.platform})` };
  }
  const bwrap = which('bwrap') ?? ['/usr/bin/bwrap', '/bin/bwrap'].find((file) => which(file) !== undefined);
  if (bwrap === undefined) return { available: false, reason: 'bubblewrap (bwrap) is not installed' };
  // The same kinds of mounts and namespace the runtime gets: where these work, its sandbox works.
  const run = await execa(
    bwrap,
    [
      '--ro-bind',
      '/',
      '/',
      '--dev',
      '/dev',
      '--proc',
      '/proc',
      '--tmpfs',
      '/tmp',
      '--unshare-pid',
      '--die-with-parent',
      'true',
    ],
    { reject: false, timeout: 10_000, stdin: 'ignore' },
  ).catch((error: Error) => ({ exitCode: -1, stderr: error.message }));
  if (run.exitCode === 0) return { available: true, bwrap };
  const why =
    String(run.stderr ?? '')
      .trim()
      .split('\n')[0] || `exit status ${run.exitCode}`;
  return { available: false, reason: `bubblewrap is installed but refused to run here (${why})` };
}
