// Shared HTTP plumbing of the Invoke API and the Runtime API: loopback-only guard, JSON answers, bounded bodies.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/**
 * Host values already found to be loopback names. Every request is checked and its client sends the same Host
 * each time, so the answer is remembered; the set is bounded so that varied Hosts cannot grow it.
 */
const knownLoopbackHosts = new Set<string>();
const KNOWN_HOSTS_LIMIT = 64;

/** True for `localhost`, `127.0.0.1` and `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  if (knownLoopbackHosts.has(host)) return true;
  const lower = host.trim().toLowerCase();
  const name = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.replace(/:\d*$/, '');
  const port = lower.slice(name.length);
  const loopback = LOOPBACK_HOSTS.has(name) && (port === '' || /^:\d{1,5}$/.test(port));
  if (loopback) {
    if (knownLoopbackHosts.size >= KNOWN_HOSTS_LIMIT) knownLoopbackHosts.clear();
    knownLoopbackHosts.add(host);
  }
  return loopback;
}

/**
 * Why a request must be refused, or undefined. A web page can reach 127.0.0.1 (and, through DNS rebinding, with a
 * foreign Host name): browsers always send Origin on such requests, and a rebound request carries its own Host.
 */
export function refusal(req: IncomingMessage, allowMissingHost = false): string | undefined {
  if (req.headers.origin !== undefined) return 'Requests from web pages (with an Origin header) are refused.';
  if (allowMissingHost && req.headers.host === undefined) return undefined;
  if (!isLoopbackHost(req.headers.host)) return `Host '${req.headers.host ?? ''}' is not a loopback name.`;
  return undefined;
}

/** Writes a JSON answer unless the response is already under way or the socket is gone. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** As sendJson, with the JSON already serialized (answers sent on every invoke are serialized once). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) {
    if (!res.writableEnded) res.end();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export interface ReadBody {
  /** The body, when it fit the limit. */
  readonly body?: Buffer;
  /** Bytes received in all (the part past the limit is counted, not kept). */
  readonly size: number;
  /** True when the client went away before the end. */
  readonly aborted: boolean;
}

/**
 * Reads a request body, keeping at most `limit` bytes and counting (draining) the rest up to `drainLimit`, so a
 * client that writes its whole body before reading the answer still gets the 413 instead of a stalled socket.
 */
export function readBody(req: IncomingMessage, limit: number, drainLimit = limit * 8): Promise<ReadBody> {
  // Runs twice per invoke (the caller's request, the runtime's response): one state object and inline listeners,
  // no per-call helper closures.
  return new Promise((resolve) => {
    const reading: BodyReading = { chunks: [], size: 0, limit, settled: false, resolve };
    req.on('data', (chunk: Buffer) => {
      reading.size += chunk.length;
      if (reading.size <= limit) reading.chunks.push(chunk);
      else reading.chunks.length = 0;
      if (reading.size > drainLimit) {
        // Past this the client is not worth waiting for: answer now and drop the connection.
        settle(reading, false);
        req.pause();
      }
    });
    req.on('end', () => settle(reading, false));
    req.on('error', () => settle(reading, true));
    req.on('close', () => settle(reading, !req.complete));
  });
}

interface BodyReading {
  readonly chunks: Buffer[];
  size: number;
  readonly limit: number;
  settled: boolean;
  readonly resolve: (body: ReadBody) => void;
}

function settle(reading: BodyReading, aborted: boolean): void {
  if (reading.settled) return;
  reading.settled = true;
  const { chunks, size, limit } = reading;
  const fits = size <= limit && !aborted;
  // A body that came in one chunk (most do) is that chunk: no copy.
  const body = !fits ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  reading.resolve({ body, size, aborted });
}

/** Closes the connection after the answer when the request body was not read to its end. */
export function closeAfterResponse(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.setHeader('Connection', 'close');
  res.on('finish', () => res.socket?.destroy());
}

/** Malformed HTTP, resets and timeouts on a socket get a 400 (when still possible) and never reach the server. */
export function hardenServer(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A 400 can still be written unless an answer to this connection's request has started.
    const answer = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (socket.writable && error.code !== 'ECONNRESET' && !answer?.headersSent) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else {
      socket.destroy();
    }
  });
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => socket.destroy());
  });
  server.on('error', () => {
    // listen errors are reported by listen(); later server errors must not crash the process
  });
}

/** Starts listening on 127.0.0.1 and returns the port. */
export function listenLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Closes a server and every connection it holds, long-polls included. With a grace period, answers just written
 * get that long to leave before their connections are cut.
 */
export function closeServer(server: Server, graceMs = 0): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    if (graceMs <= 0) server.closeAllConnections();
    else setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}

/** A URL path segment decoded (`%2F`...), or as it is when it holds no escape or a malformed one. */
export function decodePathSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
