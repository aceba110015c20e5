// The sandbox of one function for the emulator: its /opt made once when the emulator starts, removed when it
// stops, and each environment's command wrapped in bwrap.
import { rmSync } from 'node:fs';
import { constants } from 'node:os';
import type { LaunchCommand, ResolvedFunction } from '../launch';
import type { DebugLaunch } from '../types';
import { DEFAULT_TMP_MB, sandboxCommand, sandboxMappings } from './bwrap';
import { mergeLayers } from './merge-layers';

/** `fn` with its layers merged for /opt when it runs in a sandbox with layers; `fn` itself otherwise. */
export async function withMergedLayers(fn: ResolvedFunction): Promise<ResolvedFunction> {
  if (!fn.sandbox || fn.layers.length === 0) return fn;
  return { ...fn, opt: await mergeLayers(fn.layers) };
}

/** Removes what {@link withMergedLayers} made. Synchronous: usable from the process's 'exit' handler. */
export function removeMergedLayers(fn: ResolvedFunction): void {
  if (fn.opt) rmSync(fn.opt, { recursive: true, force: true });
}

/**
 * The runtime's own end from bwrap's: bwrap exits with the runtime's status, or 128 + N when signal N killed it,
 * which Lambda reports as the signal ("signal: killed").
 */
export function sandboxExit(
  code: number | null,
  signal: NodeJS.Signals | null,
): { exitCode: number | null; signal: NodeJS.Signals | null } {
  if (signal !== null || code === null || code <= 128 || code >= 128 + 65) return { exitCode: code, signal };
  const name = Object.entries(constants.signals).find(([, number]) => number === code - 128)?.[0];
  return name ? { exitCode: null, signal: name as NodeJS.Signals } : { exitCode: code, signal };
}

/** The command that runs `command` for `fn` inside its sandbox. */
export function inSandbox(command: LaunchCommand, fn: ResolvedFunction, debug?: DebugLaunch): LaunchCommand {
  const sandbox = fn.sandbox!;
  return sandboxCommand(
    command,
    {
      bwrap: sandbox.bwrap,
      taskRoot: fn.taskRoot,
      ...(fn.opt ? { opt: fn.opt } : {}),
      tmpSizeMb: sandbox.tmpSizeMb ?? DEFAULT_TMP_MB,
      ...(debug?.hostPaths ? { hostPaths: debug.hostPaths } : {}),
      ...(debug?.sharePids ? { sharePids: true } : {}),
    },
    sandboxMappings(fn.taskRoot, fn.layers),
  );
}
