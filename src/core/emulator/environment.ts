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

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class Environment extends EnvironmentLifecycle implements RuntimeApiTarget, ResponseContext {
  /** Request ids whose response is being read (a second concurrent post for one of them is refused). */
  private readonly receiving = new Set<string>();
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
    if (this.managedInstances && this.waiters.size >= this.fn.maxConcurrency) {
      // The official emulator refuses a /next beyond its worker count (Runtime.TooManyIdleRuntimes, a 500).
      return sendJson(res, 500, {
        errorMessage: `More than AWS_LAMBDA_MAX_CONCURRENCY=${this.fn.maxConcurrency} runtime workers are waiting on /next at once: run one worker per unit of AWS_LAMBDA_MAX_CONCURRENCY.`,
        errorType: 'Runtime.TooManyIdleRuntimes',
      });
    }
    this.waiters.add(res);
    res.on('close', () => this.waiters.delete(res));
    if (this.state === 'starting') {
      this.runtimeReady = true;
      return this.initializedWhenExtensionsReady();
    }
    if (this.managedInstances) return this.host.changed(this);
    const invocation = this.current;
    if (invocation?.responded) this.finishSoon(invocation);
    else if (!invocation && this.state === 'idle') this.host.changed(this);
    // With an invocation still unanswered, the /next waits until it is answered or times out.
  }

  /** Ends an answered invocation once its runtime asks for the next one (Managed Instances: once answered). */
  private finishSoon(invocation: Invocation): void {
    // One turn of the event loop lets output written before the /next reach this invocation's log first.
    setImmediate(() => {
      if (this.running.get(invocation.requestId) === invocation) this.finish(invocation);
      if (this.state === 'idle' || this.managedInstances) this.host.changed(this);
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

  /**
   * The invocation a response or error is for, or an answer as Lambda's: 410 for an attempt that timed out,
   * 400 for an unknown request id or an invocation id that is not the attempt's, 403 for one already answered.
   */
  private accept(requestId: string, req: IncomingMessage, res: ServerResponse): Invocation | undefined {
    const echoed = header(req, 'lambda-runtime-invocation-id');
    const invocation = this.running.get(requestId);
    const late = echoed !== undefined ? this.timedOut.has(echoed) : !invocation && this.timedOut.has(requestId);
    if (late) {
      req.resume();
      this.unanswered.delete(requestId);
      this.timedOut.delete(echoed);
      this.host.changed(this);
      // As the official emulator's RenderInvokeTimeout (rapi/rendering/render_error.go) and the runtime clients
      // that treat 410 as "this invocation is gone, carry on" (aws-lambda-dotnet #2508).
      return void sendJson(res, 410, { errorMessage: 'Invoke timeout', errorType: 'InvokeTimeout' });
    }
    if (invocation && echoed !== undefined && echoed !== invocation.invocationId) {
      // Lambda validates the echoed id against the attempt's (aws-lambda-java-libs #624) but documents no answer
      // for a mismatch: refused as an invalid request id is (400), with the id it should have been.
      req.resume();
      return void sendJson(res, 400, {
        errorMessage: `Lambda-Runtime-Invocation-Id '${echoed}' is not the id of this attempt at request ${requestId} ('${invocation.invocationId ?? ''}'): echo the Lambda-Runtime-Invocation-Id that /next gave with this request id.`,
        errorType: 'InvalidInvocationID',
      });
    }
    if (invocation && !invocation.responded && !this.receiving.has(requestId)) {
      this.receiving.add(requestId);
      this.unanswered.delete(requestId);
      invocation.invocationIdEchoed = echoed !== undefined;
      return invocation;
    }
    req.resume();
    if (this.finishedIds.has(requestId) || invocation) {
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
    return this.running.get(invocation.requestId) === invocation && invocation.state !== 'done';
  }

  responded(invocation: Invocation): void {
    this.receiving.delete(invocation.requestId);
    if (this.running.get(invocation.requestId) !== invocation) return;
    // Managed Instances never freeze, so an answered invocation ends now; elsewhere a runtime may have asked for
    // its next event before answering this one (another thread, a pipelined client).
    if (this.managedInstances || this.waiters.size > 0) this.finishSoon(invocation);
  }

  truncated(invocation: Invocation): void {
    // A crashing runtime breaks its connection a moment before its exit is seen; the exit is the better error.
    setTimeout(() => {
      if (!this.isCurrent(invocation) || invocation.responded) return;
      this.receiving.delete(invocation.requestId);
      invocation.fail({ errorType: 'Runtime.TruncatedResponse', reason: 'HTTP request detected as truncated' });
      this.responded(invocation);
    }, 200).unref();
  }
}
