// Waiting until a debug server listens on a loopback port, without connecting to it: lldb-server accepts one
// connection only and exits when it closes, so a probing connect would end the session before it starts.
import { readFile } from 'node:fs/promises';
import net from 'node:net';

const LISTEN = '0A';
/** How often to look: often at first (a debugger usually listens within a second of its start), then less. */
const EARLY_POLL_MS = 10;
const LATE_POLL_MS = 50;
const EARLY_MS = 2_000;
/** For an IPv4 host, the IPv6 table (a server bound to `[::]` serves IPv4 too) is read every this many polls. */
const IPV6_EVERY = 5;

/** Local ports in LISTEN state according to a /proc/net/tcp{,6} table. */
export function listeningPorts(table: string): Set<number> {
  const ports = new Set<number>();
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== LISTEN) continue;
    const port = Number.parseInt(fields[1].split(':').at(-1) ?? '', 16);
    if (Number.isFinite(port)) ports.add(port);
  }
  return ports;
}

/**
 * Whether `port` is in LISTEN state, from /proc/net/tcp (IPv4) and, when `ipv6`, /proc/net/tcp6 (IPv6 and dual-stack
 * `[::]` listeners); undefined where neither can be read. The kernel walks its whole socket table for each read,
 * about 1 ms of CPU per file whatever it holds: polled every 10 ms, both files took a fifth of a core from the
 * runtime starting beside it.
 */
async function procListening(port: number, ipv6: boolean): Promise<boolean | undefined> {
  let seen = false;
  let readable = false;
  for (const file of ipv6 ? ['/proc/net/tcp', '/proc/net/tcp6'] : ['/proc/net/tcp']) {
    try {
      const table = await readFile(file, 'utf8');
      readable = true;
      if (listeningPorts(table).has(port)) seen = true;
    } catch {
      // not Linux, or no IPv6
    }
  }
  return readable ? seen : undefined;
}

function connects(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  /** Whether a probing connection is harmless (a server that accepts several clients) where /proc is unavailable. */
  readonly mayConnect?: boolean;
  readonly host?: string;
  /** Gives up early, e.g. when the process that should listen has exited. */
  readonly cancelled?: () => boolean;
}

/** Resolves once something listens on `port`; rejects with a clear message after the timeout. */
export async function waitForListening(port: number, options: WaitOptions = {}): Promise<void> {
  const started = Date.now();
  const until = started + (options.timeoutMs ?? 20_000);
  const ipv4Host = net.isIPv4(options.host ?? '127.0.0.1');
  for (let poll = 0; ; poll++) {
    const viaProc = await procListening(port, !ipv4Host || poll % IPV6_EVERY === 0);
    const listening = viaProc ?? (options.mayConnect ? await connects(port, options.host ?? '127.0.0.1') : true);
    if (listening) return;
    if (options.cancelled?.()) throw new Error(`The debugger stopped before it listened on port ${port}.`);
    if (Date.now() > until) {
      throw new Error(
        `Nothing listens on 127.0.0.1:${port} after ${Math.round((options.timeoutMs ?? 20_000) / 1000)} s: the debugger did not start (see the runtime's output).`,
      );
    }
    const pause = Date.now() - started < EARLY_MS ? EARLY_POLL_MS : LATE_POLL_MS;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
