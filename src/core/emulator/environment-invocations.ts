// The invocations of an execution environment: handing an event to its runtime, the timeout, the runtime's output
// attributed to the invocation that runs, and the END and REPORT lines that close each invocation.
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { DebugLaunch, EmulatorEvent } from './types';
import type { Invocation } from './invocation';
import type { ResolvedFunction } from './launch';
import { timeoutFailure, type FunctionFailure } from './lambda-errors';
import { DEBUG_DEADLINE_MS, MEMORY_RESAMPLE_MS, MEMORY_SAMPLE_MS } from './limits';
import { endLine, reportLine, startLine, timeoutLine } from './log-format';
import { nextEventHeaders } from './next-event';
import type { RuntimeProcess } from './runtime-process';

export type StopReason = 'stopped' | 'crashed' | 'timeout' | 'init-error';

/**
 * starting: the runtime runs its init (until its first /next); idle: initialized, no invocation; busy: an
 * invocation runs; failed: init failed, the error waits for the next invocation; closing: being torn down.
 */
export type EnvironmentState = 'starting' | 'idle' | 'busy' | 'failed' | 'closing' | 'closed';

/** The function pool an environment belongs to. */
export interface EnvironmentHost {
  readonly fn: ResolvedFunction;
  readonly debug?: DebugLaunch;
  emit(event: EmulatorEvent): void;
  /** The environment may take work now, failed its init, or is gone. */
  changed(environment: EnvironmentInvocations): void;
}

/** Init output kept for the first invocation's log (every line is also an event). */
const MAX_INIT_LOG_BYTES = 256 * 1024;

export interface FinishOptions {
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
  readonly durationMs?: number;
}

export abstract class EnvironmentInvocations {
  state: EnvironmentState = 'starting';
  /** Set by recycle(): end after the current invocation. */
  retiring = false;
  current?: Invocation;
  protected process?: RuntimeProcess;
  /** Runtimes waiting on /next. */
  protected readonly waiters = new Set<ServerResponse>();
  protected initDurationMs?: number;
  protected lastFinishedId?: string;
  private initReported = false;
  private initLog: string[] = [];
  private initLogBytes = 0;
  private invokeTimer?: NodeJS.Timeout;

  constructor(protected readonly host: EnvironmentHost) {}

  protected get fn(): ResolvedFunction {
    return this.host.fn;
  }

  protected get noTimeouts(): boolean {
    return this.host.debug?.noTimeouts === true;
  }

  /** Ends the environment's process tree (SIGTERM with a grace, or SIGKILL at once). */
  protected abstract kill(reason: StopReason, signal: 'SIGTERM' | 'SIGKILL'): void;

  /** True when it counts toward the function's concurrency. */
  get active(): boolean {
    return this.state === 'starting' || this.state === 'idle' || this.state === 'busy' || this.state === 'failed';
  }

  /** Ready to receive an event now (its runtime is waiting on /next). */
  canTake(): boolean {
    return this.state === 'idle' && this.waiters.size > 0 && !this.retiring;
  }

  /** A line of the runtime's output: the running invocation's, or init's (kept for the first invocation). */
  protected output(line: string, stream: 'stdout' | 'stderr'): void {
    const invocation = this.current && this.current.state !== 'done' ? this.current : undefined;
    if (invocation) invocation.log(line);
    else if (!this.initReported && this.initLogBytes < MAX_INIT_LOG_BYTES) {
      this.initLog.push(line);
      this.initLogBytes += line.length + 1;
    }
    this.host.emit({ type: 'log', functionName: this.fn.name, requestId: invocation?.requestId, line, stream });
  }

  /** One of Lambda's own lines (START, END, REPORT, errors), in the invocation's log and as an event. */
  protected platform(line: string, invocation?: Invocation): void {
    invocation?.log(line);
    this.host.emit({
      type: 'log',
      functionName: this.fn.name,
      requestId: invocation?.requestId,
      line,
      stream: 'platform',
    });
  }

  /** Hands an invocation to the runtime waiting on /next; false when that runtime went away meanwhile. */
  deliver(invocation: Invocation): boolean {
    const res = this.waiters.values().next().value as ServerResponse | undefined;
    if (!res) return false;
    this.waiters.delete(res);
    if (res.destroyed) return false;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const deadlineMs = Date.now() + (this.noTimeouts ? Math.max(DEBUG_DEADLINE_MS, timeoutMs) : timeoutMs);
    const headers = nextEventHeaders(this.fn, invocation, deadlineMs);
    this.begin(invocation);
    invocation.deadlineMs = deadlineMs;
    this.state = 'busy';
    res.writeHead(200, headers);
    res.end(invocation.request.payload);
    // The runtime has its event: the bookkeeping below runs while it works. Its output cannot reach this
    // process before this turn of the event loop ends, so nothing of it is logged ahead of START.
    this.logStart(invocation);
    if (!this.noTimeouts) {
      this.invokeTimer = setTimeout(() => this.invokeTimedOut(invocation), timeoutMs);
      this.invokeTimer.unref();
    }
    this.process?.meter.resume(MEMORY_SAMPLE_MS);
    return true;
  }

  protected clearInvokeTimer(): void {
    clearTimeout(this.invokeTimer);
  }

  /** The invocation is the environment's (its duration counts from now). */
  protected begin(invocation: Invocation): void {
    this.current = invocation;
    invocation.state = 'running';
    invocation.startedAt = performance.now();
  }

  /** START, after init's output on a fresh environment. */
  protected logStart(invocation: Invocation): void {
    if (!this.initReported) for (const line of this.initLog) invocation.log(line);
    this.platform(startLine(invocation.requestId), invocation);
  }

  /** Lambda logs a platform error as `RequestId: ID Error: reason` then the error type, before END. */
  protected failWithPlatformError(invocation: Invocation, failure: FunctionFailure): void {
    if (failure.reason) {
      this.platform(`RequestId: ${invocation.requestId} Error: ${failure.reason}`, invocation);
      this.platform(failure.errorType, invocation);
    }
    invocation.fail(failure);
    this.finishCurrent({ status: 'error', errorType: failure.errorType });
  }

  private invokeTimedOut(invocation: Invocation): void {
    if (this.current !== invocation || invocation.state === 'done') return;
    if (!invocation.responded) {
      this.platform(timeoutLine(invocation.requestId, this.fn.timeoutSeconds), invocation);
      invocation.fail(timeoutFailure(this.fn.timeoutSeconds));
      this.finishCurrent({ status: 'timeout', durationMs: this.fn.timeoutSeconds * 1000 });
    } else {
      this.finishCurrent();
    }
    this.kill('timeout', 'SIGKILL');
  }

  /** Ends the current invocation: END and REPORT, its result, and the environment is free again. */
  protected finishCurrent(options: FinishOptions = {}): void {
    const invocation = this.current;
    if (!invocation || invocation.state === 'done') return;
    clearTimeout(this.invokeTimer);
    this.process?.flushOutput();
    // The root's high-water mark covers its peaks since any earlier sample, so a few ms of staleness is harmless.
    void this.process?.meter.sample(MEMORY_RESAMPLE_MS);
    const durationMs = options.durationMs ?? performance.now() - (invocation.startedAt ?? invocation.createdAt);
    const initDurationMs = this.initReported ? undefined : this.initDurationMs;
    this.initReported = true;
    this.initLog = [];
    this.initLogBytes = 0;
    const figures = {
      durationMs,
      // Lambda bills a custom runtime's init phase with its first invocation.
      billedDurationMs: Math.ceil(durationMs + (initDurationMs ?? 0)),
      memorySizeMb: this.fn.memoryMb,
      maxMemoryUsedMb: this.process?.meter.peakMb ?? 1,
      initDurationMs,
    };
    this.platform(endLine(invocation.requestId), invocation);
    this.platform(reportLine({ requestId: invocation.requestId, ...figures, ...options }), invocation);
    const result = invocation.complete(figures);
    this.lastFinishedId = invocation.requestId;
    this.current = undefined;
    this.process?.meter.pause();
    if (this.state === 'busy') this.state = 'idle';
    this.host.emit({ type: 'invocation-finished', result });
    if (this.retiring && this.state === 'idle') this.kill('stopped', 'SIGTERM');
  }
}
