// Reading what a runtime posts for an invocation: a buffered response, an error, or a streamed response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invocation } from './invocation';
import { closeAfterResponse, readBody, sendJson, sendJsonText } from './http-util';
import { postedErrorPayload, responseTooLargeFailure, type FunctionFailure } from './lambda-errors';
import { MAX_RESPONSE_BYTES, MAX_STREAMED_RESPONSE_BYTES } from './limits';

/** The environment's side of a response being received. */
export interface ResponseContext {
  /** False once the invocation ended another way (timeout, crash) while its response was being read. */
  isCurrent(invocation: Invocation): boolean;
  /** Called once the invocation has its response or error. */
  responded(invocation: Invocation): void;
  /** The connection broke before the end of the body: the runtime likely crashed (its exit explains it). */
  truncated(invocation: Invocation): void;
}

/** The 202 body of every accepted response, serialized once. */
const ACCEPTED = JSON.stringify({ status: 'OK' });

function tooLargeForRuntime(res: ServerResponse, size: number, limit: number, drained: boolean): void {
  if (!drained) closeAfterResponse(res);
  sendJson(res, 413, {
    errorMessage: `Exceeded maximum allowed payload size (${limit} bytes).`,
    errorType: 'RequestEntityTooLarge',
  });
  void size;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An error declared in the trailers (`Lambda-Runtime-Function-Error-Type` / `-Error-Body`, base64). */
function trailerFailure(req: IncomingMessage): FunctionFailure | undefined {
  const errorType = req.trailers['lambda-runtime-function-error-type'];
  if (!errorType) return undefined;
  const encoded = req.trailers['lambda-runtime-function-error-body'] ?? '';
  return { errorType, payload: postedErrorPayload(Buffer.from(encoded, 'base64'), errorType) };
}

function notCurrent(res: ServerResponse): void {
  sendJson(res, 403, {
    errorMessage: 'The invocation already ended (timed out or the environment was reset).',
    errorType: 'InvalidStateTransition',
  });
}

/**
 * `POST .../response` without streaming, and `POST .../error`. A chunked body with trailers is accepted too:
 * aws-lambda-go posts responses that way and reports an error in the trailers.
 */
export async function receiveBuffered(
  invocation: Invocation,
  req: IncomingMessage,
  res: ServerResponse,
  context: ResponseContext,
  kind: 'response' | 'error',
): Promise<void> {
  const { body, size, aborted } = await readBody(req, MAX_RESPONSE_BYTES);
  if (!context.isCurrent(invocation)) return notCurrent(res);
  if (aborted) return context.truncated(invocation);
  if (body === undefined) {
    invocation.fail(responseTooLargeFailure(size, MAX_RESPONSE_BYTES));
    tooLargeForRuntime(res, size, MAX_RESPONSE_BYTES, req.complete);
  } else if (kind === 'error') {
    const errorType = header(req, 'lambda-runtime-function-error-type') || 'Runtime.Unknown';
    invocation.fail({ errorType, payload: postedErrorPayload(body, errorType) });
    sendJsonText(res, 202, ACCEPTED);
  } else {
    const failure = trailerFailure(req);
    if (failure) invocation.fail(failure);
    else invocation.succeed(body, header(req, 'content-type'));
    sendJsonText(res, 202, ACCEPTED);
  }
  context.responded(invocation);
}

/** `POST .../response` with `Lambda-Runtime-Function-Response-Mode: streaming`: forwarded chunk by chunk. */
export function receiveStream(
  invocation: Invocation,
  req: IncomingMessage,
  res: ServerResponse,
  context: ResponseContext,
): void {
  const contentType = header(req, 'content-type');
  let size = 0;
  let tooLarge = false;
  invocation.streamChunk(Buffer.alloc(0), contentType);
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_STREAMED_RESPONSE_BYTES) tooLarge = true;
    if (!tooLarge && context.isCurrent(invocation)) invocation.streamChunk(chunk, contentType);
  });
  req.on('end', () => {
    if (!context.isCurrent(invocation)) return notCurrent(res);
    if (tooLarge) {
      invocation.fail(responseTooLargeFailure(undefined, MAX_STREAMED_RESPONSE_BYTES));
      tooLargeForRuntime(res, size, MAX_STREAMED_RESPONSE_BYTES, true);
    } else {
      const failure = trailerFailure(req);
      if (failure) invocation.fail(failure);
      else invocation.succeed(undefined, contentType);
      sendJsonText(res, 202, ACCEPTED);
    }
    context.responded(invocation);
  });
  req.on('close', () => {
    if (!req.complete && context.isCurrent(invocation)) context.truncated(invocation);
  });
  req.on('error', () => undefined);
}
