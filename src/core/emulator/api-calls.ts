// What a runtime asks of its Runtime API, call by call, for tools that judge a runtime from the API side
// (`check`). Kept apart from the routing so the server's hot path only gains one optional call.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Error bodies are kept up to this size; responses are never kept (they may be megabytes). */
const MAX_KEPT_BODY_BYTES = 64 * 1024;

/** One Runtime API call: reported when it arrives (`received`) and again once answered or dropped (`done`). */
export interface RuntimeApiCall {
  readonly phase: 'received' | 'done';
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  /** performance.now() when the request arrived. */
  readonly receivedAt: number;
  /** When `done`: performance.now() then, the status sent (0 when the connection closed first) and its headers. */
  readonly doneAt?: number;
  readonly status?: number;
  readonly requestHeaders: Readonly<Record<string, string | string[] | undefined>>;
  readonly responseHeaders?: Readonly<Record<string, unknown>>;
  /** The body of an `/error` or `/init/error` post, when `done` (at most 64 KB). */
  readonly body?: string;
}

/** Reports `req` as received now and, with its answer, when its connection is done with it. */
export function observeCall(req: IncomingMessage, res: ServerResponse, report: (call: RuntimeApiCall) => void): void {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const base = {
    method: req.method ?? '',
    path: query === -1 ? url : url.slice(0, query),
    receivedAt: performance.now(),
    requestHeaders: req.headers,
  };
  let chunks: Buffer[] | undefined;
  if (base.method === 'POST' && base.path.endsWith('/error')) {
    const kept: Buffer[] = [];
    let size = 0;
    chunks = kept;
    req.on('data', (chunk: Buffer) => {
      if (size < MAX_KEPT_BODY_BYTES) kept.push(chunk);
      size += chunk.length;
    });
  }
  report({ phase: 'received', ...base });
  res.on('close', () => {
    let headers: Record<string, unknown> | undefined;
    report({
      phase: 'done',
      ...base,
      doneAt: performance.now(),
      status: res.writableFinished ? res.statusCode : 0,
      // Read only by whoever looks (check), not on every call of every runtime.
      get responseHeaders() {
        headers ??= sentHeaders(res);
        return headers;
      },
      ...(chunks ? { body: Buffer.concat(chunks).subarray(0, MAX_KEPT_BODY_BYTES).toString('utf8') } : {}),
    });
  });
}

/**
 * The headers sent: writeHead(status, object) sends them without storing them where getHeaders() looks, so the
 * header block written to the socket is read instead.
 */
function sentHeaders(res: ServerResponse): Record<string, unknown> {
  const headers: Record<string, unknown> = { ...res.getHeaders() };
  const block = (res as ServerResponse & { _header?: unknown })._header;
  if (typeof block !== 'string') return headers;
  for (const line of block.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
