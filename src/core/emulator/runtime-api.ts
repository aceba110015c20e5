// The Runtime API server of one execution environment (what AWS_LAMBDA_RUNTIME_API points at): routing only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { decodePathSegment, hardenServer, listenLoopback, refusal, sendJson } from './http-util';

/** What an environment does with each Runtime API call. */
export interface RuntimeApiTarget {
  next(req: IncomingMessage, res: ServerResponse): void;
  postResponse(requestId: string, req: IncomingMessage, res: ServerResponse): void;
  postError(requestId: string, req: IncomingMessage, res: ServerResponse): void;
  postInitError(req: IncomingMessage, res: ServerResponse): void;
  registerExtension(req: IncomingMessage, res: ServerResponse): void;
  extensionNext(req: IncomingMessage, res: ServerResponse): void;
  extensionError(req: IncomingMessage, res: ServerResponse): void;
}

type Route = [
  method: string,
  pattern: RegExp,
  handle: (target: RuntimeApiTarget, req: IncomingMessage, res: ServerResponse, id: string) => void,
];

const ROUTES: Route[] = [
  ['GET', /^\/2018-06-01\/runtime\/invocation\/next$/, (t, req, res) => t.next(req, res)],
  ['POST', /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/response$/, (t, req, res, id) => t.postResponse(id, req, res)],
  ['POST', /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/error$/, (t, req, res, id) => t.postError(id, req, res)],
  ['POST', /^\/2018-06-01\/runtime\/init\/error$/, (t, req, res) => t.postInitError(req, res)],
  ['GET', /^\/2018-06-01\/ping$/, (_t, _req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('pong')],
  ['POST', /^\/2020-01-01\/extension\/register$/, (t, req, res) => t.registerExtension(req, res)],
  ['GET', /^\/2020-01-01\/extension\/event\/next$/, (t, req, res) => t.extensionNext(req, res)],
  ['POST', /^\/2020-01-01\/extension\/(?:init|exit)\/error$/, (t, req, res) => t.extensionError(req, res)],
  // Logs and Telemetry subscriptions: answered as the official emulator answers them when they are off.
  [
    'PUT',
    /^\/2020-08-15\/logs$/,
    (_t, req, res) => {
      req.resume();
      sendJson(res, 202, { errorMessage: 'Logs API is not supported', errorType: 'Logs.NotSupported' });
    },
  ],
  [
    'PUT',
    /^\/2022-07-01\/telemetry$/,
    (_t, req, res) => {
      req.resume();
      sendJson(res, 202, { errorMessage: 'Telemetry API is not supported', errorType: 'Telemetry.NotSupported' });
    },
  ],
];

const NEXT_PATH = '/2018-06-01/runtime/invocation/next';
const INVOCATION_PREFIX = '/2018-06-01/runtime/invocation/';

/**
 * The three calls every invoke makes (`/next`, `{id}/response`, `{id}/error`), matched without the route table;
 * the same answer as the table's, only sooner.
 */
function routeInvokeCall(
  target: RuntimeApiTarget,
  method: string | undefined,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (pathname === NEXT_PATH) {
    if (method !== 'GET') return false;
    target.next(req, res);
    return true;
  }
  if (method !== 'POST' || !pathname.startsWith(INVOCATION_PREFIX)) return false;
  const slash = pathname.indexOf('/', INVOCATION_PREFIX.length);
  if (slash <= INVOCATION_PREFIX.length) return false;
  const action = pathname.slice(slash + 1);
  if (action !== 'response' && action !== 'error') return false;
  const id = decodePathSegment(pathname.slice(INVOCATION_PREFIX.length, slash));
  if (action === 'response') target.postResponse(id, req, res);
  else target.postError(id, req, res);
  return true;
}

function route(target: RuntimeApiTarget, req: IncomingMessage, res: ServerResponse): void {
  // Browsers always send Host, so a request without one (a bare HTTP/1.0 runtime client) is not a web page's.
  const why = refusal(req, true);
  if (why) {
    req.resume();
    return sendJson(res, 403, { errorMessage: why, errorType: 'AccessDenied' }, { Connection: 'close' });
  }
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  if (routeInvokeCall(target, req.method, pathname, req, res)) return;
  let pathMatched = false;
  for (const [method, pattern, handle] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    pathMatched = true;
    if (req.method !== method) continue;
    return handle(target, req, res, decodePathSegment(match[1] ?? ''));
  }
  req.resume();
  if (pathMatched) sendJson(res, 405, { errorMessage: 'Method not allowed', errorType: 'MethodNotAllowed' });
  else sendJson(res, 404, { errorMessage: `No such Runtime API path: ${pathname}`, errorType: 'NotFound' });
}

/** Starts a Runtime API server on 127.0.0.1 (a free port) for one environment; `observe` sees every call first. */
export async function startRuntimeApi(
  target: RuntimeApiTarget,
  observe?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    try {
      observe?.(req, res);
      route(target, req, res);
    } catch (error) {
      sendJson(res, 500, {
        errorMessage: `Internal error: ${(error as Error).message}`,
        errorType: 'InternalServerError',
      });
    }
  });
  // /next long-polls and a streamed response may last as long as the function's timeout: no server-side limits.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  // Runtimes keep one connection open between invokes, however long the wait; closing idle ones races with reuse.
  server.keepAliveTimeout = 0;
  hardenServer(server);
  const port = await listenLoopback(server, 0);
  return { server, port };
}
