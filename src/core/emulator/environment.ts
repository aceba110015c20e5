// One execution environment: the Runtime API calls of its runtime, applied to its lifecycle.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { observeCall, type RuntimeApiCall } from './api-calls';
import { EnvironmentLifecycle } from './environment-lifecycle';
import { sendJson } from './http-util';
import type { Invocation } from './invocation';
import { postedErrorPayload } from './lambda-errors';
import { STOP_GRACE_MS } from './limits';
import { startRuntimeApi, type RuntimeApiTarget } from './runtime-api';
import { receiveBuffered, receiveStream, type ResponseContext } from './runtime-responses';

export type { EnvironmentHost, EnvironmentState, StopReason } from './environment-lifecycle';

const NOT_ALLOWED = 'State transition is not allowed';

export class Environment extends EnvironmentLifecycle implements RuntimeApiTarget, ResponseContext {
  /** The request id whose response is being read (a second concurrent post for it is refused). */
  private receiving?: string;
  /** The runtime has asked for its first event; init ends once every registered extension has too. */
  private runtimeReady = false;

  protected async listen(): Promise<Server> {
    const report = (call: RuntimeApiCall) =>
      this.host.emit({ type: 'runtime-api-call', functionName: this.fn.name, environmentId: this.id, call });
    return (await startRuntimeApi(this, (req, res) => observeCall(req, res, report))).server;
  }

  next(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (this.state === 'closing') {
      this.waiters.add(res);
      return;
    }
    if (this.state === 'closed' || this.state === 'failed' || this.postedInitFailure) {
      return sendJson(res, 403, {
        errorMessage: 'The environment is shutting down',
        errorType: 'InvalidStateTransition',
      });
    }
    this.waiters.add(res);
    res.on('close', () => this.waiters.delete(res));
    if (this.state === 'starting') {
      this.runtimeReady = true;
      return this.initializedWhenExtensionsReady();
    }
    const invocation = this.current;
    if (invocation?.responded) this.finishSoon(invocation);
    else if (!invocation && this.state === 'idle') this.host.changed(this);
    // With an invocation still unanswered, the /next waits until it is answered or times out.
  }

  /** Ends an answered invocation once its runtime asks for the next one. */
  private finishSoon(invocation: Invocation): void {
    // One turn of the event loop lets output written before the /next reach this invocation's log first.
    setImmediate(() => {
      if (this.current === invocation) this.finishCurrent();
      if (this.state === 'idle') this.host.changed(this);
    });
  }

  postResponse(requestId: string, req: IncomingMessage, res: ServerResponse): void {
    const invocation = this.accept(requestId, req, res);
    if (!invocation) return;
    const mode = req.headers['lambda-runtime-function-response-mode'];
    if (mode !== undefined && mode !== 'streaming') {
      req.resume();
      const reason = `Invalid function response mode '${String(mode)}'`;
      invocation.fail({ errorType: 'Runtime.InvalidResponseModeHeader', reason });
      sendJson(res, 400, { errorMessage: 'Invalid function response mode', errorType: 'InvalidFunctionResponseMode' });
      return this.responded(invocation);
    }
    if (mode === 'streaming') receiveStream(invocation, req, res, this);
    else void receiveBuffered(invocation, req, res, this, 'response');
  }

  postError(requestId: string, req: IncomingMessage, res: ServerResponse): void {
    const invocation = this.accept(requestId, req, res);
    if (invocation) void receiveBuffered(invocation, req, res, this, 'error');
  }

  /** The invocation a response or error is for, or an answer as Lambda's: 400 unknown id, 403 not now. */
  private accept(requestId: string, req: IncomingMessage, res: ServerResponse): Invocation | undefined {
    const invocation = this.current;
    if (invocation && invocation.requestId === requestId && !invocation.responded && this.receiving !== requestId) {
      this.receiving = requestId;
      return invocation;
    }
    req.resume();
    if (requestId === this.lastFinishedId || invocation?.requestId === requestId) {
      sendJson(res, 403, {
        errorMessage: `State transition from ResponseSent to InvocationResponse failed for runtime. Error: ${NOT_ALLOWED}`,
        errorType: 'InvalidStateTransition',
      });
    } else {
      sendJson(res, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
    }
    return undefined;
  }

  postInitError(req: IncomingMessage, res: ServerResponse): void {
    if (this.state !== 'starting' || this.postedInitFailure) {
      req.resume();
      return sendJson(res, 403, {
        errorMessage: `State transition from Ready to InitError failed for runtime. Error: ${NOT_ALLOWED}`,
        errorType: 'InvalidStateTransition',
      });
    }
    const errorType = (req.headers['lambda-runtime-function-error-type'] as string | undefined) || 'Runtime.Unknown';
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1024 * 1024) chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      // Init ends here. The runtime is expected to log and exit: its last words are kept, and the failure takes
      // effect when it exits (or is killed after a short grace).
      this.postedInitFailure = { errorType, payload: postedErrorPayload(Buffer.concat(chunks), errorType) };
      this.initDurationMs = performance.now() - this.spawnedAt;
      clearTimeout(this.initTimer);
      sendJson(res, 202, { status: 'OK' });
      this.process?.killAfter(STOP_GRACE_MS);
    });
  }

  registerExtension(req: IncomingMessage, res: ServerResponse): void {
    this.extensions.register(req, res, this.state === 'starting');
  }

  extensionNext(req: IncomingMessage, res: ServerResponse): void {
    this.extensions.next(req, res);
    if (this.state === 'starting' && this.runtimeReady) this.initializedWhenExtensionsReady();
  }

  /**
   * Lambda's init phase ends when the runtime and every registered extension have called their next API: an
   * extension is never shut down (or left out of the first invoke) before it is listening.
   */
  private initializedWhenExtensionsReady(): void {
    if (this.extensions.allWaiting) this.initialized();
  }

  extensionError(req: IncomingMessage, res: ServerResponse): void {
    this.extensions.error(req, res);
  }

  // --- ResponseContext -----------------------------------------------------------------------------------------

  isCurrent(invocation: Invocation): boolean {
    return this.current === invocation && invocation.state !== 'done';
  }

  responded(invocation: Invocation): void {
    this.receiving = undefined;
    // A runtime may have asked for its next event before answering this one (another thread, a pipelined client).
    if (this.waiters.size > 0 && this.current === invocation) this.finishSoon(invocation);
  }

  truncated(invocation: Invocation): void {
    // A crashing runtime breaks its connection a moment before its exit is seen; the exit is the better error.
    setTimeout(() => {
      if (!this.isCurrent(invocation) || invocation.responded) return;
      this.receiving = undefined;
      invocation.fail({ errorType: 'Runtime.TruncatedResponse', reason: 'HTTP request detected as truncated' });
      this.responded(invocation);
    }, 200).unref();
  }
}
