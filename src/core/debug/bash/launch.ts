// How the emulator starts a bash bootstrap for the debugger: under bash itself (so that BASH_ENV loads the
// harness before the first line; a `#!/bin/sh` bash reads no BASH_ENV), in POSIX mode where Lambda's would be.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { shebangProgram } from '../detect';
import { findBash, isHostShBash } from '../../emulator/launch';
import type { BashDebugServer } from './server';

/** The harness's file name next to the bundles in dist/ (esbuild copies it there). */
export const HARNESS_FILE = 'bash-debug-harness.bash';

let explicitHarness: string | undefined;

/** Makes the debugger load the harness from `file` (for hosts that keep it elsewhere). */
export function setBashHarnessPath(file: string | undefined): void {
  explicitHarness = file;
}

/** The harness: next to the bundle (dist/), or in the source tree when run from source. */
export function bashHarnessPath(): string {
  const candidates = [
    explicitHarness,
    typeof __dirname === 'string' ? path.join(__dirname, HARNESS_FILE) : undefined,
    path.join(process.cwd(), 'src', 'core', 'debug', 'bash', 'harness.bash'),
  ].filter((candidate): candidate is string => candidate !== undefined);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`The bash debugger's harness is missing (looked in ${candidates.join(', ')}).`);
  return found;
}

export interface BashDebugLaunch {
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  /**
   * What a sandbox must show at the same path: its private /tmp hides the host's, where the harness keeps its
   * scratch files, and where the harness itself lies when the extension (or a checkout) is under /tmp.
   */
  readonly hostPaths: readonly { readonly path: string; readonly writable?: boolean }[];
}

/**
 * The command and variables that run `bootstrap` under the debugger. `bashEnv`: the function's own BASH_ENV,
 * which the harness restores and reads.
 */
export function bashDebugLaunch(bootstrap: string, server: BashDebugServer, bashEnv?: string): BashDebugLaunch {
  const bash = findBash();
  if (!bash) throw new Error('bash is not installed on this machine.');
  let head = '';
  try {
    head = readFileSync(bootstrap, 'utf8').slice(0, 256);
  } catch {
    // the emulator reports a missing bootstrap
  }
  const program = shebangProgram(head);
  // Lambda runs a #!/bin/sh script with Amazon Linux's sh, which is bash in POSIX mode; the emulator does the
  // same where this machine's sh is bash, and runs plain bash elsewhere: the debugger follows the emulator.
  const posix = program !== undefined && path.basename(program) === 'sh' && isHostShBash();
  const harness = bashHarnessPath();
  return {
    command: [bash, bootstrap],
    environment: server.environment(harness, { posix, ...(bashEnv ? { bashEnv } : {}) }),
    hostPaths: [{ path: server.dir, writable: true }, { path: harness }],
  };
}
