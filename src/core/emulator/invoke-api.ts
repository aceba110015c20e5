// The Invoke API on 127.0.0.1, as the AWS CLI and SDKs speak it: Invoke and InvokeWithResponseStream.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { invokeCompleteMessage, payloadChunkMessages } from './event-stream';
import {
  closeAfterResponse,
  decodePathSegment,
  hardenServer,
  listenLoopback,
  readBody,
  refusal,
  sendJson,
} from './http-util';
import type { Invocation, InvocationHooks, InvocationResponse } from './invocation';
import { InvokeRequestError } from './lambda-errors';
import { LOG_TAIL_BYTES, MAX_REQUEST_BYTES } from './limits';
import type { FunctionPool } from './pool';
import type { InvokeRequest, ResponseSink } from './types';

/**
 * What the Invoke API server needs from the emulator. Declared here, by its user, so that this file does not
 * import emulator.ts, which starts this server.
 */
export interface EmulatorCore {
  /** Validates and queues an invocation; throws InvokeRequestError for an unknown function or a too large payload. */
  begin(request: InvokeRequest, sink?: ResponseSink, hooks?: InvocationHooks, mayWait?: boolean): Invocation;
  /** Throws InvokeRequestError (404) when no function answers to this name. */
  pool(name: string | undefined): FunctionPool;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const STREAM_PATH = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations\/?$/;
const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'];
const STREAM_INVOCATION_TYPES = ['RequestResponse', 'DryRun'];
const LOG_TYPES = ['None', 'Tail'];

/** Lambda's error answer: `X-Amzn-ErrorType` names the exception, which the SDKs read. */
function lambdaError(res: ServerResponse, error: InvokeRequestError): void {
  sendJson(
    res,
    error.statusCode,
    { Type: error.statusCode >= 500 ? 'Service' : 'User', message: error.message, ...error.details },
    { 'X-Amzn-ErrorType': error.code, 'X-Amzn-RequestId': randomUUID() },
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function enumValue(value: string | undefined, fallback: string, allowed: readonly string[], member: string): string {
  const chosen = value ?? fallback;
  if (allowed.includes(chosen)) return chosen;
  throw new InvokeRequestError(
    'ValidationException',
    400,
    `1 validation error detected: Value '${chosen}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}

function checkClientContext(value: string | undefined): void {
  if (value === undefined) return;
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new Error('not base64');
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvokeRequestError(
      'InvalidRequestContentException',
      400,
      'Client context must be a valid Base64-encoded JSON object.',
    );
  }
}

/** The last 4 KB of the log, base64, as `X-Amz-Log-Result` and `LogResult` carry it. */
export function logTail(logs: string): string {
  const bytes = Buffer.from(logs, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('base64');
}

function errorDetails(payload: Uint8Array): string {
  const text = Buffer.from(payload).toString('utf8');
  try {
    const parsed = JSON.parse(text) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: the text itself
  }
  return text;
}

function answerBuffered(res: ServerResponse, response: InvocationResponse, logs?: string): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': response.payload.byteLength,
    'X-Amz-Executed-Version': '$LATEST',
    'X-Amzn-RequestId': response.requestId,
  };
  if (response.functionError) headers['X-Amz-Function-Error'] = response.functionError;
  if (logs !== undefined) headers['X-Amz-Log-Result'] = logTail(logs);
  res.writeHead(200, headers);
  res.end(response.payload);
}

/** Answers the caller as soon as the runtime has responded (a class: one object per invoke, no closure). */
class BufferedAnswer implements InvocationHooks {
  constructor(private readonly res: ServerResponse) {}

  responded(response: InvocationResponse): void {
    answerBuffered(this.res, response);
  }
}

function invokeBuffered(core: EmulatorCore, request: InvokeRequest, tail: boolean, res: ServerResponse): void {
  const invocation = core.begin(request, undefined, tail ? {} : new BufferedAnswer(res));
  if (tail)
    void invocation.result.then((result) => answerBuffered(res, { ...result, streamed: result.streamed }, result.logs));
}

function invokeStreaming(core: EmulatorCore, request: InvokeRequest, tail: boolean, res: ServerResponse): void {
  let invocation: Invocation | undefined;
  const open = (requestId: string | undefined) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(200, {
      'Content-Type': 'application/vnd.amazon.eventstream',
      'X-Amz-Executed-Version': '$LATEST',
      'X-Amzn-RequestId': requestId ?? '',
    });
  };
  const write = (data: Buffer) => {
    if (!res.destroyed && !res.writableEnded) res.write(data);
  };
  const complete = (response: InvocationResponse, logs?: string) => {
    open(response.requestId);
    if (res.destroyed || res.writableEnded) return;
    res.end(
      invokeCompleteMessage({
        ...(response.functionError
          ? { ErrorCode: response.errorType ?? 'Unhandled', ErrorDetails: errorDetails(response.payload) }
          : {}),
        ...(logs !== undefined ? { LogResult: logTail(logs) } : {}),
      }),
    );
  };
  res.on('error', () => undefined);
  invocation = core.begin(
    request,
    {
      start: () => open(invocation?.requestId),
      chunk: (data) => {
        open(invocation?.requestId);
        for (const message of payloadChunkMessages(data)) write(message);
      },
    },
    tail ? {} : { responded: (response) => complete(response) },
  );
  if (tail) void invocation.result.then((result) => complete({ ...result }, result.logs));
}

async function handle(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const why = refusal(req);
  if (why) {
    req.resume();
    closeAfterResponse(res);
    return lambdaError(res, new InvokeRequestError('AccessDeniedException', 403, why));
  }
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  const invokeMatch = INVOKE_PATH.exec(pathname);
  const match = invokeMatch ?? STREAM_PATH.exec(pathname);
  if (!match || req.method !== 'POST') {
    req.resume();
    return lambdaError(
      res,
      new InvokeRequestError('UnknownOperationException', 404, `Unknown operation: ${req.method} ${pathname}`),
    );
  }
  const streaming = invokeMatch === null;
  const functionName = decodePathSegment(match[1]);
  let invocationType: string;
  let logType: string;
  try {
    core.pool(functionName);
    const types = streaming ? STREAM_INVOCATION_TYPES : INVOCATION_TYPES;
    invocationType = enumValue(header(req, 'x-amz-invocation-type'), 'RequestResponse', types, 'invocationType');
    logType = enumValue(header(req, 'x-amz-log-type'), 'None', LOG_TYPES, 'logType');
    checkClientContext(header(req, 'x-amz-client-context'));
  } catch (error) {
    req.resume();
    if (error instanceof InvokeRequestError) return lambdaError(res, error);
    throw error;
  }
  const { body, aborted } = await readBody(req, MAX_REQUEST_BYTES, 64 * 1024 * 1024);
  if (aborted) return;
  if (body === undefined) {
    if (!req.complete) closeAfterResponse(res);
    return lambdaError(
      res,
      new InvokeRequestError(
        'RequestEntityTooLargeException',
        413,
        `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
      ),
    );
  }
  if (invocationType === 'DryRun') {
    res.writeHead(204, { 'X-Amzn-RequestId': randomUUID() }).end();
    return;
  }
  const request: InvokeRequest = {
    functionName,
    payload: body,
    clientContext: header(req, 'x-amz-client-context'),
    traceId: header(req, 'x-amzn-trace-id'),
    // The SDK's TenantId (X-Amz-Tenant-Id, as @aws-sdk/client-lambda sends it and the official emulator reads it).
    tenantId: header(req, 'x-amz-tenant-id') || undefined,
  };
  try {
    if (invocationType === 'Event') {
      // Lambda keeps asynchronous events in its own queue: a busy function delays them rather than refusing them.
      const invocation = core.begin(request, undefined, undefined, true);
      res.writeHead(202, { 'X-Amzn-RequestId': invocation.requestId, 'Content-Length': 0 }).end();
    } else if (streaming) {
      invokeStreaming(core, request, logType === 'Tail', res);
    } else {
      invokeBuffered(core, request, logType === 'Tail', res);
    }
  } catch (error) {
    if (error instanceof InvokeRequestError) return lambdaError(res, error);
    throw error;
  }
}

/** Starts the Invoke API on 127.0.0.1:port (0: a free port). */
export async function startInvokeApi(core: EmulatorCore, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handle(core, req, res).catch((error: Error) => {
      lambdaError(res, new InvokeRequestError('ServiceException', 500, `Internal error: ${error.message}`));
    });
  });
  // An invocation may run for Lambda's 15 minutes before its answer starts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  hardenServer(server);
  try {
    return { server, port: await listenLoopback(server, port) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `Port ${port} on 127.0.0.1 is already in use: choose another port (or 0 for a free one).`
        : `The Invoke API could not listen on 127.0.0.1:${port}: ${(error as Error).message}`,
    );
  }
}
