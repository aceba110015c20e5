// What Linux's Yama lets a debugger trace (kernel.yama.ptrace_scope): 0 any process of the same user, 1 only
// descendants (Ubuntu's default), 2 only with CAP_SYS_PTRACE, 3 nothing. Delve and lldb-server launch the runtime
// themselves, which scope 1 allows; attaching to a parent (the exact-output mode of lldb.ts) needs scope 0 or root.
import { readFileSync } from 'node:fs';

export interface PtracePermission {
  /** The scope, or undefined when Yama is absent (no restriction beyond the usual same-user rule). */
  readonly scope?: number;
  readonly root: boolean;
}

/** Reads the machine's Yama scope and whether this process runs as root. */
export function ptracePermission(): PtracePermission {
  let scope: number | undefined;
  try {
    const value = Number(readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim());
    scope = Number.isInteger(value) ? value : undefined;
  } catch {
    scope = undefined;
  }
  return { scope, root: process.getuid?.() === 0 };
}

/** Whether a process may attach to its own parent. */
export function mayAttachToParent(permission: PtracePermission): boolean {
  if (permission.scope === undefined || permission.scope === 0) return true;
  return permission.root && permission.scope < 3;
}

/** Why no debugger can trace the runtime here, or undefined when one can. */
export function ptraceForbidden(permission: PtracePermission): string | undefined {
  const scope = permission.scope ?? 0;
  if (scope >= 3 || (scope === 2 && !permission.root)) {
    return `The kernel forbids debuggers to trace processes here (kernel.yama.ptrace_scope=${scope}).`;
  }
  return undefined;
}
