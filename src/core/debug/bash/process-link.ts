// One bash process of the runtime (the bootstrap's shell, or a subshell of it) connected to the adapter: the
// messages it sends, and requests to it while it is stopped (it answers them in order, one by one).
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { encodeMessage, MessageReader, type WireMessage } from './wire';

/** A frame as bash reports it: the function (`main`, `source` or a name), the file as bash knows it, the line. */
export interface RawFrame {
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/** Where and why a process stopped (the harness's `stop` message). */
export interface StopReport {
  /** `breakpoint`, `step`, `pause` or `exception`. */
  readonly reason: string;
  /** `step`/`pause` when stepping would stop here too; for exceptions `errexit` or `failed`. */
  readonly detail: string;
  readonly subshell: number;
  /** `$?` before the command (for exceptions, the failed command's status). */
  readonly status: number;
  readonly command: string;
  readonly pwd: string;
  /** The process's stepping mode and depth when it stopped (kept when a breakpoint's condition is false). */
  readonly mode: string;
  readonly modeDepth: number;
  readonly frames: readonly RawFrame[];
}

/** What the harness says on connecting. */
export interface Hello {
  readonly token: string;
  readonly pid: number;
  /** `$$`: the runtime's main shell, the same for all its subshells. */
  readonly mainPid: number;
  readonly subshell: number;
  readonly bashVersion: string;
  readonly parentPid: number;
}

export function parseHello(message: WireMessage): Hello | undefined {
  if (message.type !== 'hello' || message.fields.length < 6) return undefined;
  const [token, pid, mainPid, subshell, bashVersion, parentPid] = message.fields;
  return {
    token,
    pid: Number(pid),
    mainPid: Number(mainPid),
    subshell: Number(subshell),
    bashVersion,
    parentPid: Number(parentPid),
  };
}

function parseStop(fields: readonly string[]): StopReport {
  const [reason, detail, , subshell, status, command, pwd, mode, modeDepth, ...rest] = fields;
  const frames: RawFrame[] = [];
  for (let index = 0; index + 2 < rest.length; index += 3) {
    frames.push({ name: rest[index], file: rest[index + 1], line: Number(rest[index + 2]) });
  }
  return {
    reason,
    detail,
    subshell: Number(subshell),
    status: Number(status),
    command,
    pwd,
    mode,
    modeDepth: Number(modeDepth) || 0,
    frames,
  };
}

export interface ProcessLinkEvents {
  /** The process asks for the state (`sync`), or for a file's breakpoints (`resolve`: file as bash knows it, cwd). */
  state: [kind: 'sync' | 'resolve', fields: readonly string[]];
  stop: [report: StopReport];
  /** The process runs `exec`: another program replaces it. */
  exec: [command: string];
  close: [];
}

export class ProcessLink extends EventEmitter<ProcessLinkEvents> {
  private readonly waiting: Array<{ type: string; resolve: (m: WireMessage) => void; reject: (e: Error) => void }> = [];
  /** Set while the process is stopped; cleared when it is told to go on. */
  stopped: StopReport | undefined;
  closed = false;

  constructor(
    readonly hello: Hello,
    private readonly socket: Socket,
    /** The reader that read the hello: it may hold the start of the next message. */
    private readonly reader: MessageReader,
    buffered: readonly WireMessage[],
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      let messages: WireMessage[];
      try {
        messages = this.reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages) this.dispatch(message);
    });
    socket.on('close', () => this.onClose());
    socket.on('error', () => undefined);
    queueMicrotask(() => buffered.forEach((message) => this.dispatch(message)));
  }

  get pid(): number {
    return this.hello.pid;
  }

  get isMain(): boolean {
    return this.hello.pid === this.hello.mainPid;
  }

  send(type: string, fields: readonly string[] = []): void {
    if (!this.closed) this.socket.write(encodeMessage(type, fields));
  }

  /** Sends a request to the stopped process and waits for its answer of type `answer`. */
  request(type: string, fields: readonly string[], answer: string): Promise<WireMessage> {
    if (this.closed) return Promise.reject(new Error('The bash process has ended.'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ type: answer, resolve, reject });
      this.send(type, fields);
    });
  }

  /** Lets the stopped process go on, in `mode` (`''` run, `in`, `over`, `out`) relative to `depth`. */
  go(mode: string, depth = 0): void {
    this.stopped = undefined;
    this.send('go', [mode, String(depth)]);
  }

  close(): void {
    this.socket.destroy();
  }

  private dispatch(message: WireMessage): void {
    const waiter = this.waiting[0];
    if (waiter && waiter.type === message.type) {
      this.waiting.shift();
      waiter.resolve(message);
      return;
    }
    switch (message.type) {
      case 'sync':
      case 'resolve':
        this.emit('state', message.type, message.fields);
        break;
      case 'stop':
        this.stopped = parseStop(message.fields);
        this.emit('stop', this.stopped);
        break;
      case 'exec':
        this.emit('exec', message.fields[0] ?? '');
        break;
      default:
        break;
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopped = undefined;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The bash process has ended.'));
    this.emit('close');
  }
}
