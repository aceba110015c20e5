// Where a function runs: in Lambda's file system (bubblewrap) or in place, decided from the sandbox mode and what
// this machine allows, with the path mappings its debugger needs and, in place, the one notice of what differs.
import type { FunctionConfig } from '../emulator/types';
import { sandboxMappings } from '../emulator/sandbox/bwrap';
import { probeSandbox, SANDBOX_HINT, type SandboxMode } from '../emulator/sandbox/probe';
import type { PathMapping } from '../path-mappings';

/** A sandbox that was asked for (`on`) and cannot run: the message says why and how to get it. */
export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
}

export interface Execution {
  /** The configuration with `sandbox` set when it runs in one. */
  readonly config: FunctionConfig;
  /** Runtime paths to local ones (/var/task, /opt), for debuggers; empty in place. */
  readonly pathMappings: PathMapping[];
  /** In place under `auto` where the sandbox cannot run: what differs from Lambda, said once per process. */
  readonly notice?: string;
}

let noticeGiven = false;
let hiddenNoticeGiven = false;

/**
 * Decides where `config` runs: `on` needs the sandbox (else rejects with {@link SandboxUnavailableError}), `auto`
 * uses it where it works, `off` runs in place. `tmpSizeMb`: the function's EphemeralStorage.
 */
export async function decideExecution(
  config: FunctionConfig,
  mode: SandboxMode,
  tmpSizeMb?: number,
): Promise<Execution> {
  if (mode === 'off') return { config, pathMappings: [] };
  const probe = await probeSandbox();
  if (probe.available) {
    const taskRoot = config.taskRoot ?? dirname(config.bootstrap);
    const hidden = hiddenNoticeGiven ? [] : hiddenPathFolders(config.environment?.PATH ?? process.env.PATH);
    if (hidden.length > 0) hiddenNoticeGiven = true;
    return {
      config: { ...config, sandbox: { bwrap: probe.bwrap, ...(tmpSizeMb !== undefined ? { tmpSizeMb } : {}) } },
      pathMappings: sandboxMappings(taskRoot, config.layers ?? []),
      ...(hidden.length > 0
        ? {
            notice:
              `In Lambda's file system /opt holds the layers only, so these PATH folders of this machine are not there: ` +
              `${hidden.join(', ')}. A tool from them is missing as it would be on Lambda (set the sandbox off to use them).`,
          }
        : {}),
    };
  }
  if (mode === 'on') {
    throw new SandboxUnavailableError(
      `The sandbox was asked for (--sandbox on / lambdaRuntime.emulator.sandbox) but ${probe.reason}: ${SANDBOX_HINT}, or run with the sandbox off.`,
    );
  }
  if (noticeGiven) return { config, pathMappings: [] };
  noticeGiven = true;
  const layers =
    (config.layers ?? []).length > 0 ? " the layers' bin/ and lib/ folders are on PATH and LD_LIBRARY_PATH," : '';
  return {
    config,
    pathMappings: [],
    notice:
      `Running in place, not in Lambda's file system (${probe.reason}): /var/task and /opt do not exist (LAMBDA_TASK_ROOT ` +
      `is the code's folder,${layers} /tmp is this machine's and the code's folder is writable). For Lambda's file ` +
      `system, ${SANDBOX_HINT}.`,
  };
}

/** PATH folders under /opt or /var, which the sandbox replaces with Lambda's. */
function hiddenPathFolders(pathValue: string | undefined): string[] {
  return (pathValue ?? '').split(':').filter((folder) => /^\/(opt|var)(\/|$)/.test(folder));
}

function dirname(file: string): string {
  const at = file.lastIndexOf('/');
  return at <= 0 ? '/' : file.slice(0, at);
}
