// The bootstrap's process: started in its own process group, its output split into lines, its whole tree killed.
import { execa } from 'execa';
import { spawnFailure, type LaunchCommand } from './launch';
import type { FunctionFailure } from './lambda-errors';
import { STOP_GRACE_MS } from './limits';
import { LineSplitter } from './log-format';
import { isAlive, MemoryMeter, signalTreeSync } from './process-tree';

export interface RuntimeProcessEvents {
  line(line: string, stream: 'stdout' | 'stderr'): void;
  exit(exitCode: number | null, signal: NodeJS.Signals | null): void;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
}

export class RuntimeProcess {
  readonly meter: MemoryMeter;
  private readonly splitters: LineSplitter[];
  private exited = false;
  private termTimer?: NodeJS.Timeout;
  private killTimer?: NodeJS.Timeout;

  private constructor(
    readonly pid: number,
    child: ReturnType<typeof execa>,
    events: RuntimeProcessEvents,
  ) {
    this.meter = new MemoryMeter(pid);
    const out = new LineSplitter((line) => events.line(line, 'stdout'));
    const err = new LineSplitter((line) => events.line(line, 'stderr'));
    this.splitters = [out, err];
    child.stdout?.on('data', (chunk: Buffer) => out.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.write(chunk));
    // 'exit', not the end of the pipes: a grandchild holding them open must not hide the runtime's exit.
    child.on('exit', (code, signal) => {
      this.exited = true;
      clearTimeout(this.termTimer);
      clearTimeout(this.killTimer);
      out.end();
      err.end();
      events.exit(code, signal);
      // Whatever the runtime left behind (children, grandchildren) goes with it.
      this.signal('SIGKILL');
    });
  }

  /**
   * Starts a command in a new process group (detached), so that its whole tree can be signalled at once.
   * Resolves with the `Runtime.InvalidEntrypoint` failure Lambda would give when it cannot be executed.
   */
  static async start(
    command: LaunchCommand,
    options: SpawnOptions,
    events: RuntimeProcessEvents,
  ): Promise<RuntimeProcess | FunctionFailure> {
    const child = execa(command.file, [...command.args], {
      cwd: options.cwd,
      env: options.env,
      extendEnv: false,
      detached: true,
      cleanup: false,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      windowsHide: true,
    });
    if (child.pid === undefined) {
      const result = await child;
      return spawnFailure(command.file, (result as { code?: string }).code);
    }
    child.then(
      () => undefined,
      () => undefined,
    );
    return new RuntimeProcess(child.pid, child, events);
  }

  get alive(): boolean {
    return !this.exited && isAlive(this.pid);
  }

  /** Emits the partial lines written so far (an invocation ends: its unterminated output belongs to it). */
  flushOutput(): void {
    for (const splitter of this.splitters) splitter.flush();
  }

  /** SIGKILL to the whole tree, now. Synchronous: usable from an 'exit' handler. */
  kill(): void {
    this.signal('SIGKILL');
  }

  /** SIGTERM to the whole tree (after `delayMs`), then SIGKILL to what is left after a short grace. */
  terminate(delayMs = 0): void {
    if (this.exited || this.termTimer || this.killTimer) return;
    const send = () => {
      const pids = this.signal('SIGTERM');
      this.killTimer = setTimeout(() => this.signal('SIGKILL', pids), STOP_GRACE_MS);
      this.killTimer.unref();
    };
    if (delayMs <= 0) return send();
    this.termTimer = setTimeout(send, delayMs);
    this.termTimer.unref();
  }

  /** SIGKILL to the whole tree after `delayMs`, unless it exits first. */
  killAfter(delayMs: number): void {
    if (this.exited || this.killTimer) return;
    this.killTimer = setTimeout(() => this.signal('SIGKILL'), delayMs);
    this.killTimer.unref();
  }

  private signal(signal: NodeJS.Signals, known: readonly number[] = []): number[] {
    return signalTreeSync(this.pid, signal, [...known, ...this.meter.seenPids]);
  }
}
