// One invocation from the caller's request to its result: queueing, the response as it arrives, its log lines.
import { performance } from 'node:perf_hooks';
import type { InvokeRequest, InvokeResult, ResponseSink } from './types';
import { failurePayload, type FunctionFailure } from './lambda-errors';
import { MAX_KEPT_LOG_BYTES } from './limits';
import { newRequestId, newTraceId } from './ids';

/** What the caller gets once the runtime has answered (before END/REPORT). */
export interface InvocationResponse {
  readonly requestId: string;
  readonly payload: Uint8Array;
  readonly functionError?: 'Unhandled';
  readonly errorType?: string;
  readonly streamed: boolean;
  readonly contentType?: string;
}

/** Internal hooks of the Invoke API: answer as soon as the response is known, not after END/REPORT. */
export interface InvocationHooks {
  responded?(response: InvocationResponse): void;
}

export interface Figures {
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  readonly initDurationMs?: number;
}

export type InvocationState = 'queued' | 'running' | 'responded' | 'done';

export class Invocation {
  readonly requestId = newRequestId();
  readonly traceId: string;
  readonly clientContext?: string;
  readonly createdAt = performance.now();
  state: InvocationState = 'queued';
  /** performance.now() when the runtime received the event. */
  startedAt?: number;
  deadlineMs = 0;
  /** This attempt's `Lambda-Runtime-Invocation-Id`, set when a runtime receives the event. */
  invocationId?: string;
  /** Whether the runtime's answer echoed `invocationId` (set when the answer is accepted). */
  invocationIdEchoed?: boolean;
  /** The invocation's timeout while it runs. */
  timer?: NodeJS.Timeout;
  private response?: InvocationResponse;
  private readonly logLines: string[] = [];
  private logBytes = 0;
  private droppedLogBytes = 0;
  private streamStarted = false;
  private readonly streamChunks: Buffer[] = [];
  private resolveResult!: (result: InvokeResult) => void;
  readonly result: Promise<InvokeResult>;

  constructor(
    readonly functionName: string,
    readonly request: InvokeRequest,
    private readonly sink: ResponseSink | undefined,
    private readonly hooks: InvocationHooks = {},
  ) {
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    this.traceId = request.traceId || newTraceId();
    if (request.clientContext) {
      try {
        this.clientContext = Buffer.from(request.clientContext, 'base64').toString('utf8');
      } catch {
        this.clientContext = undefined;
      }
    }
  }

  get responded(): boolean {
    return this.response !== undefined;
  }

  get isStreaming(): boolean {
    return this.streamStarted;
  }

  /** Appends one line of this invocation's log (START, runtime output, END, REPORT). */
  log(line: string): void {
    const bytes = Buffer.byteLength(line) + 1;
    this.logLines.push(line);
    this.logBytes += bytes;
    // Keep the newest part of a flood of output; the caller is told how much was left out.
    while (this.logBytes > MAX_KEPT_LOG_BYTES && this.logLines.length > 1) {
      const dropped = this.logLines.shift() as string;
      const droppedBytes = Buffer.byteLength(dropped) + 1;
      this.logBytes -= droppedBytes;
      this.droppedLogBytes += droppedBytes;
    }
  }

  get logs(): string {
    const head = this.droppedLogBytes > 0 ? `[${this.droppedLogBytes} bytes of earlier log output not kept]\n` : '';
    return this.logLines.length === 0 ? head : `${head}${this.logLines.join('\n')}\n`;
  }

  /** First bytes of a streamed response: forwarded to the sink at once. */
  streamChunk(chunk: Buffer, contentType: string | undefined): void {
    if (!this.streamStarted) {
      this.streamStarted = true;
      this.callSink(() => this.sink?.start({ contentType, streaming: true }));
    }
    if (chunk.length === 0) return;
    this.streamChunks.push(chunk);
    this.callSink(() => this.sink?.chunk(chunk));
  }

  /** The runtime's successful response (buffered, or the end of a stream). */
  succeed(payload: Buffer | undefined, contentType: string | undefined): void {
    if (this.response) return;
    const streamed = this.streamStarted;
    const body = streamed ? Buffer.concat(this.streamChunks) : (payload ?? Buffer.alloc(0));
    if (!streamed && this.sink) {
      this.callSink(() => this.sink?.start({ contentType, streaming: false }));
      if (body.length > 0) this.callSink(() => this.sink?.chunk(body));
    }
    this.setResponse({ requestId: this.requestId, payload: body, streamed, contentType });
  }

  /** A function error (posted by the runtime, or the platform's: crash, timeout, too large...). */
  fail(failure: FunctionFailure): void {
    if (this.response) return;
    this.setResponse({
      requestId: this.requestId,
      payload: failurePayload(this.requestId, failure),
      functionError: 'Unhandled',
      errorType: failure.errorType,
      streamed: this.streamStarted,
      contentType: 'application/json',
    });
  }

  private setResponse(response: InvocationResponse): void {
    this.response = response;
    this.state = 'responded';
    try {
      this.hooks.responded?.(response);
    } catch {
      // a caller's hook never breaks the invocation
    }
  }

  /** Ends the invocation with its figures; the result promise resolves. */
  complete(figures: Figures): InvokeResult {
    if (!this.response) this.fail({ errorType: 'Runtime.Unknown', reason: 'The invocation ended without a response' });
    const response = this.response as InvocationResponse;
    this.state = 'done';
    const result: InvokeResult = {
      requestId: this.requestId,
      functionName: this.functionName,
      payload: response.payload,
      ...(response.functionError ? { functionError: response.functionError, errorType: response.errorType } : {}),
      streamed: response.streamed,
      logs: this.logs,
      durationMs: figures.durationMs,
      billedDurationMs: figures.billedDurationMs,
      memorySizeMb: figures.memorySizeMb,
      maxMemoryUsedMb: figures.maxMemoryUsedMb,
      ...(figures.initDurationMs !== undefined ? { initDurationMs: figures.initDurationMs } : {}),
      ...(this.invocationIdEchoed !== undefined ? { invocationIdEchoed: this.invocationIdEchoed } : {}),
    };
    this.resolveResult(result);
    return result;
  }

  private callSink(call: () => void): void {
    try {
      call();
    } catch {
      // a failing sink (a caller that went away) must not stop the runtime's response from being read
    }
  }
}
