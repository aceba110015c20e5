// Bash: the Bash Debug extension (rogalmic.bash-debug, debug type `bashdb`) is the only debug adapter for bash
// scripts, and it debugs a script only by starting it itself (bash + bashdb behind fifos it creates, killed with
// pkill when it disconnects); it has no attach. The emulator starts the runtime and must own it (its output in the
// invocation's log, its crash seen, its whole process tree killed on Stop, Lambda's environment including the
// Runtime API address that exists only once the emulator runs), so no plan here can hand the bootstrap to it
// cleanly: the function runs without a debugger, and the message says why.
import path from 'node:path';
import * as vscode from 'vscode';
import type { DebugPlan, LanguageDebugger, MissingDebugger, PlanContext } from './types';

export const BASH_DEBUG_EXTENSION = 'rogalmic.bash-debug';

/** What the session says when a bash bootstrap is debugged, with or without the Bash Debug extension. */
export function bashDebugAvailability(installed: boolean, bootstrap: string): MissingDebugger {
  if (!installed) {
    return {
      missing: 'Debugging a bash bootstrap needs the Bash Debug extension (bashdb), which is not installed.',
      extensionId: BASH_DEBUG_EXTENSION,
      installHint: `code --install-extension ${BASH_DEBUG_EXTENSION}`,
    };
  }
  return {
    missing: `Bash Debug can only debug a script it starts itself, so it cannot attach to ${path.basename(bootstrap)} run by the Lambda emulator (use "set -x" in the bootstrap to trace it).`,
  };
}

export const bashDebugger: LanguageDebugger = {
  kind: 'bash',
  async plan(context: PlanContext): Promise<DebugPlan | MissingDebugger> {
    const installed = vscode.extensions.getExtension(BASH_DEBUG_EXTENSION) !== undefined;
    return bashDebugAvailability(installed, context.fn.bootstrap);
  },
};
