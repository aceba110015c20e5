// A minimal Debug Adapter Protocol client for tests: speaks to a real adapter over TCP or stdio, so a plan can be
// proved against Delve or lldb-dap without an editor.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { Readable, Writable } from 'node:stream';

export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  command?: string;
  event?: string;
  success?: boolean;
  message?: string;
  body?: Record<string, unknown>;
  request_seq?: number;
  arguments?: unknown;
}

export class DapClient extends EventEmitter {
  private buffer = Buffer.alloc(0);
  private seq = 1;
  private readonly pending = new Map<number, (message: DapMessage) => void>();
  /** Every event seen, in order. */
  readonly events: DapMessage[] = [];

  constructor(
    private readonly output: Writable,
    input: Readable,
  ) {
    super();
    input.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  /** Connects to an adapter listening on 127.0.0.1:port, retrying while it starts. */
  static async connect(port: number, deadlineMs = 20_000): Promise<{ client: DapClient; socket: net.Socket }> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      try {
        const socket = await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        return { client: new DapClient(socket, socket), socket };
      } catch (error) {
        if (Date.now() > until) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Sends a request; resolves with its response (rejects when the adapter answers `success: false`). */
  request(command: string, args?: unknown): Promise<DapMessage> {
    const seq = this.seq++;
    const body = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.output.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return new Promise((resolve, reject) => {
      this.pending.set(seq, (message) =>
        message.success ? resolve(message) : reject(new Error(`${command}: ${message.message ?? 'failed'}`)),
      );
    });
  }

  /** The first event named `name` (already seen or still to come) that satisfies `accept`. */
  waitForEvent(
    name: string,
    accept: (event: DapMessage) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<DapMessage> {
    const seen = this.events.find((event) => event.event === name && accept(event));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('event', listener);
        reject(new Error(`no '${name}' event within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (event: DapMessage) => {
        if (event.event !== name || !accept(event)) return;
        clearTimeout(timer);
        this.off('event', listener);
        resolve(event);
      };
      this.on('event', listener);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const match = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!match) throw new Error('DAP message without Content-Length');
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(
        this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'),
      ) as DapMessage;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.type === 'response') {
        this.pending.get(message.request_seq ?? -1)?.(message);
        this.pending.delete(message.request_seq ?? -1);
      } else if (message.type === 'event') {
        this.events.push(message);
        this.emit('event', message);
      } else if (message.type === 'request') {
        // Reverse requests (runInTerminal, startDebugging) are not supported by this client.
        const body = JSON.stringify({
          seq: this.seq++,
          type: 'response',
          request_seq: message.seq,
          command: message.command,
          success: false,
        });
        this.output.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }
    }
  }
}
