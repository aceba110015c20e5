// Delve for Go runtimes: the emulator starts the bootstrap under a headless Delve server, which also speaks the
// Debug Adapter Protocol; the editor attaches to it in `remote` mode. The runtime stays the emulator's child
// (Delve is the process it starts), its output still goes to the emulator, and Delve passes the emulator's
// Lambda environment on to the bootstrap.
import { pathDirectories, toolVersion, which } from './find-tool';
import { readElfHead } from './elf';

export interface DelveTool {
  readonly path: string;
  readonly version?: string;
}

/** Delve on PATH or where `go install` puts it ($GOBIN, $GOPATH/bin, ~/go/bin). */
export async function findDelve(env: NodeJS.ProcessEnv = process.env): Promise<DelveTool | undefined> {
  const dirs = pathDirectories(env.PATH ?? '');
  if (env.GOBIN) dirs.push(env.GOBIN);
  for (const gopath of (env.GOPATH ?? '').split(':').filter(Boolean)) dirs.push(`${gopath}/bin`);
  if (env.HOME) dirs.push(`${env.HOME}/go/bin`);
  const dlv = which('dlv', dirs);
  if (!dlv) return undefined;
  return { path: dlv, version: await toolVersion(dlv, ['version']) };
}

/** What to say and offer when Delve is absent. */
export const DELVE_MISSING = {
  missing: 'Delve (dlv), the Go debugger, is not installed or not on PATH.',
  extensionId: 'golang.go',
  installHint: 'go install github.com/go-delve/delve/cmd/dlv@latest (or apt-get install delve)',
} as const;

/**
 * The command the emulator runs instead of the bootstrap: a headless Delve that starts the program stopped and
 * waits for a client. `--accept-multiclient` keeps the runtime going if the editor detaches (the emulator, not
 * Delve, ends it) and makes a probing connection harmless.
 */
export function delveExecCommand(dlv: string, port: number, program: string): string[] {
  return [dlv, 'exec', '--headless', `--listen=127.0.0.1:${port}`, '--accept-multiclient', '--api-version=2', program];
}

/** The DAP `attach` arguments for a Delve server started by delveExecCommand. */
export function delveAttachArguments(port: number): Record<string, unknown> {
  return { request: 'attach', mode: 'remote', host: '127.0.0.1', port, stopOnEntry: false };
}

/**
 * Why Delve cannot debug this bootstrap, or undefined when it can: `dlv exec` needs the Go binary itself, so a
 * bootstrap script that starts the binary must be replaced by the binary (or debugged with `native`, which
 * follows `exec`).
 */
export function delveCannotDebug(bootstrap: string): string | undefined {
  const head = readElfHead(bootstrap);
  if (head === 'unreadable') return `The bootstrap ${bootstrap} cannot be read.`;
  if (head === 'not-elf') {
    return `The Go debugger needs the bootstrap to be the compiled Go program, but ${bootstrap} is not an executable binary (a script?). Build the handler as the bootstrap, or use "debugger": "native", which follows a script's exec into the binary.`;
  }
  return undefined;
}
