// Where the bash processes of a debugged runtime connect: a loopback TCP server (bash's /dev/tcp speaks TCP
// only) that checks each connection's token, and the generation files that tell running processes, at the cost
// of one stat per command, that the breakpoints or the stepping mode have changed: a process that has seen
// generation N looks for the file g<N+1>.
// One server lives as long as a debug session of the parent: each runtime process the emulator starts (a
// restart after a change or a crash) connects again and is handed to the next bash debug session.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PathMapping } from '../../path-mappings';
import { parseHello, ProcessLink } from './process-link';
import { MessageReader, type WireMessage } from './wire';

/** The oldest bash the harness runs in (Amazon Linux 2 has 4.2). */
export const MINIMUM_BASH = [4, 2] as const;

/** Whether `version` (as $BASH_VERSION says it) can be debugged. */
export function bashVersionSupported(version: string): boolean {
  const [major, minor] = version.split('.').map((part) => parseInt(part, 10));
  return major > MINIMUM_BASH[0] || (major === MINIMUM_BASH[0] && minor >= MINIMUM_BASH[1]);
}

/** The side that takes the connections of one runtime's processes (a debug session). */
export interface ProcessSink {
  /** A subshell of the runtime this sink serves. */
  adopt(link: ProcessLink): void;
}

/** How long a runtime's main shell waits for a debug session before it runs without one. */
const UNCLAIMED_MS = 30_000;

/** Answers a process that no session debugs: no breakpoints, no stepping, no filters, whenever it asks. */
function runFree(link: ProcessLink, generation: () => number): void {
  const answer = () => {
    link.send('table');
    link.send('mode', ['', '0']);
    link.send('ex', ['']);
    link.send('gen', [String(generation())]);
    link.send('ready');
  };
  link.on('state', answer);
  link.on('stop', () => link.go(''));
  answer();
}

export class BashDebugServer {
  private readonly token = randomBytes(16).toString('hex');
  private generationNumber = 0;
  private readonly mains: ProcessLink[] = [];
  private readonly claims: Array<(link: ProcessLink) => void> = [];
  private readonly sinks = new Map<number, ProcessSink>();
  private disposed = false;
  /** Messages for the user (a bash too old to debug). */
  onNotice: (text: string) => void = () => undefined;
  /** The runtime's paths to local ones (a sandbox's /var/task, /opt), for the sessions on this server. */
  pathMappings: readonly PathMapping[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    /** Holds the generation files and the harness's scratch files (locals, evaluation output). */
    readonly dir: string,
    private readonly unclaimedMs: number,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /**
   * Starts listening on 127.0.0.1 on a free port. `unclaimedMs`: how long a runtime's main shell waits for a
   * debug session before it runs without one (30 s).
   */
  static async start(options: { unclaimedMs?: number } = {}): Promise<BashDebugServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lrk-bash-debug-'));
    const instance = new BashDebugServer(server, port, dir, options.unclaimedMs ?? UNCLAIMED_MS);
    instance.writeGeneration();
    return instance;
  }

  /** The variables the runtime's bash needs to load the harness and find this server. */
  environment(harness: string, options: { posix: boolean; bashEnv?: string }): Record<string, string> {
    return {
      BASH_ENV: harness,
      LAMBDA_RUNTIME_KIT_BASH_DEBUG: `${this.port} ${this.token}`,
      LAMBDA_RUNTIME_KIT_BASH_DEBUG_DIR: this.dir,
      ...(options.posix ? { LAMBDA_RUNTIME_KIT_BASH_POSIX: '1' } : {}),
      ...(options.bashEnv ? { LAMBDA_RUNTIME_KIT_BASH_ENV: options.bashEnv } : {}),
    };
  }

  get generation(): number {
    return this.generationNumber;
  }

  /** Tells every running process to ask for the state again before its next command. */
  bump(): number {
    this.generationNumber++;
    this.writeGeneration();
    return this.generationNumber;
  }

  /** The next runtime's main shell, as soon as it connects (or one that already has). */
  nextMain(timeoutMs: number): Promise<ProcessLink> {
    const ready = this.mains.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.claims.indexOf(claim);
        if (at !== -1) this.claims.splice(at, 1);
        reject(new Error(`The runtime's bash did not connect to the debugger within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      const claim = (link: ProcessLink) => {
        clearTimeout(timer);
        resolve(link);
      };
      this.claims.push(claim);
    });
  }

  /** Sends the subshells of the runtime whose main shell is `mainPid` to `sink`. */
  register(mainPid: number, sink: ProcessSink): () => void {
    this.sinks.set(mainPid, sink);
    return () => {
      if (this.sinks.get(mainPid) === sink) this.sinks.delete(mainPid);
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.server.close();
    for (const link of this.mains.splice(0)) link.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Keeps a main shell for the next session; if none takes it in time (its child session failed to start), the
   * runtime is let go to run without stops rather than wait for the debugger forever.
   */
  private waitForClaim(link: ProcessLink): void {
    this.mains.push(link);
    const timer = setTimeout(() => {
      const at = this.mains.indexOf(link);
      if (at === -1) return;
      this.mains.splice(at, 1);
      this.onNotice(
        `No bash debug session took the runtime within ${this.unclaimedMs / 1000} s: it runs without the debugger.`,
      );
      runFree(link, () => this.generationNumber);
    }, this.unclaimedMs);
    timer.unref();
    link.once('close', () => clearTimeout(timer));
  }

  private writeGeneration(): void {
    // Never removed while the server lives: a process that has seen an older generation must find the next one.
    if (!this.disposed && this.generationNumber > 0)
      writeFileSync(path.join(this.dir, `g${this.generationNumber}`), '');
  }

  /** Reads the first message; anything but a hello with the right token is closed unanswered. */
  private accept(socket: Socket): void {
    const reader = new MessageReader();
    const early: WireMessage[] = [];
    const onData = (chunk: Buffer) => {
      let messages: WireMessage[];
      try {
        messages = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      early.push(...messages);
      if (early.length === 0) return;
      socket.off('data', onData);
      const hello = parseHello(early[0]);
      if (!hello || hello.token !== this.token || this.disposed) {
        socket.destroy();
        return;
      }
      if (!bashVersionSupported(hello.bashVersion)) {
        this.onNotice(
          `The runtime's bash is ${hello.bashVersion}; the bash debugger needs bash ${MINIMUM_BASH.join('.')} or later (Amazon Linux 2 has 4.2). The runtime runs without the debugger.`,
        );
        socket.destroy();
        return;
      }
      const link = new ProcessLink(hello, socket, reader, early.slice(1));
      if (link.isMain) {
        const claim = this.claims.shift();
        if (claim) claim(link);
        else this.waitForClaim(link);
        return;
      }
      const sink = this.sinks.get(hello.mainPid);
      // Never closed on a process that may still write: a bash writing to a closed socket dies of SIGPIPE.
      if (sink) sink.adopt(link);
      else runFree(link, () => this.generationNumber);
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
  }
}
