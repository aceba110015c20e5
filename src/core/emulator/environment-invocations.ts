// The invocations of an execution environment: handing an event to its runtime, the timeout, the runtime's output
// attributed to the invocation that runs, and the END and REPORT lines that close each invocation. In Lambda
// Managed Instances mode several invocations run at once, one per runtime worker waiting on /next.
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { DebugLaunch, EmulatorEvent } from './types';
import type { Invocation } from './invocation';
import type { ResolvedFunction } from './launch';
import { newInvocationId } from './ids';
import { timeoutFailure, type FunctionFailure } from './lambda-errors';
import { DEBUG_DEADLINE_MS, MEMORY_RESAMPLE_MS, MEMORY_SAMPLE_MS } from './limits';
import { timeoutLine } from './log-format';
import { jsonRecord, PlatformLog } from './platform-log';
import { nextEventHeaders } from './next-event';
import { RecentIds } from './recent-ids';
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
  /** A Managed Instances runtime wrote a line that is not JSON (the pool says so once per run). */
  nonJsonLine?(line: string): void;
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
  /** Set by recycle(): end after the current invocations. */
  retiring = false;
  /** Tenant isolation: the tenant this environment serves once it has served one (Lambda never mixes tenants). */
  tenantId?: string;
  /** The invocations the runtime is working on, by request id (one, except in Managed Instances mode). */
  protected readonly running = new Map<string, Invocation>();
  /** Request ids handed to a worker and not answered yet, timed-out ones included: those workers are busy. */
  protected readonly unanswered = new Set<string>();
  protected process?: RuntimeProcess;
  /** Runtimes waiting on /next. */
  protected readonly waiters = new Set<ServerResponse>();
  protected initDurationMs?: number;
  /** Request ids already finished, and attempts (invocation ids and request ids) that timed out. */
  protected readonly finishedIds = new RecentIds();
  protected readonly timedOut = new RecentIds();
  protected readonly log: PlatformLog;
  private initReported = false;
  /** An invocation has been handed to this environment (its tenant is settled). */
  private served = false;
  private initLog: string[] = [];
  private initLogBytes = 0;

  /** The function as it was when this environment started: a reload (--watch) changes the pool's, not this one's. */
  private readonly startedFn: ResolvedFunction;

  constructor(protected readonly host: EnvironmentHost) {
    this.startedFn = host.fn;
    this.log = new PlatformLog(host.fn);
  }

  protected get fn(): ResolvedFunction {
    return this.startedFn;
  }

  protected get noTimeouts(): boolean {
    return this.host.debug?.noTimeouts === true;
  }

  /** Lambda Managed Instances: several workers, no freeze, no reset on a timeout. */
  get managedInstances(): boolean {
    return this.fn.maxConcurrency > 0;
  }

  /** The invocation in flight (the only one outside Managed Instances mode). */
  get current(): Invocation | undefined {
    return this.running.values().next().value as Invocation | undefined;
  }

  /** Ends the environment's process tree (SIGTERM with a grace, or SIGKILL at once). */
  protected abstract kill(reason: StopReason, signal: 'SIGTERM' | 'SIGKILL'): void;

  /** True when it counts toward the function's concurrency. */
  get active(): boolean {
    return this.state === 'starting' || this.state === 'idle' || this.state === 'busy' || this.state === 'failed';
  }

  /** Ready to receive an invocation now (a runtime worker is waiting on /next, and the tenant is this one's). */
  canTake(tenantId?: string): boolean {
    if (this.retiring || this.waiters.size === 0 || !this.servesTenant(tenantId)) return false;
    return this.state === 'idle' || (this.managedInstances && this.state === 'busy');
  }

  /** A fresh environment serves anyone; one that served a tenant serves that tenant only (and no one else). */
  servesTenant(tenantId: string | undefined): boolean {
    return !this.served || this.tenantId === tenantId;
  }

  /**
   * Workers free now or soon (answered, on their way back to /next): how many more invocations may wait for this
   * environment. Workers are counted as AWS_LAMBDA_MAX_CONCURRENCY says, not as seen: right after init the other
   * workers may not have reached /next yet, and refusing invocations then would be the emulator's error.
   */
  get freeWorkers(): number {
    if (this.state === 'starting') return Math.max(1, this.fn.maxConcurrency);
    if (this.state === 'failed') return 1;
    if (this.state !== 'idle' && this.state !== 'busy') return 0;
    return Math.max(0, Math.max(1, this.fn.maxConcurrency) - this.unanswered.size);
  }

  /** Managed Instances: workers waiting on /next now, and workers holding an invocation they have not answered. */
  get workers(): { readonly waiting: number; readonly busy: number } {
    return { waiting: this.waiters.size, busy: this.unanswered.size };
  }

  /** A line of the runtime's output: a running invocation's, or init's (kept for the first invocation). */
  protected output(line: string, stream: 'stdout' | 'stderr'): void {
    const record = this.log.json || this.managedInstances ? jsonRecord(line) : undefined;
    if (!this.log.keeps(line, record)) return;
    if (this.managedInstances && !record && line.trim() !== '') this.host.nonJsonLine?.(line);
    const invocation = this.owner(record);
    if (invocation) invocation.log(line);
    else if (!this.initReported && this.initLogBytes < MAX_INIT_LOG_BYTES) {
      this.initLog.push(line);
      this.initLogBytes += line.length + 1;
    }
    this.host.emit({ type: 'log', functionName: this.fn.name, requestId: invocation?.requestId, line, stream });
  }

  /** Whose line it is: the only invocation running, or, when several run, the one its JSON `requestId` names. */
  private owner(record: Record<string, unknown> | undefined): Invocation | undefined {
    if (this.running.size === 0) return undefined;
    if (this.running.size === 1) {
      const only = this.current;
      return only && only.state !== 'done' ? only : undefined;
    }
    const named = typeof record?.requestId === 'string' ? this.running.get(record.requestId) : undefined;
    return named && named.state !== 'done' ? named : undefined;
  }

  /** One of Lambda's own lines (START, END, REPORT, errors), in the invocation's log and as an event. */
  protected platform(line: string | undefined, invocation?: Invocation): void {
    if (line === undefined) return;
    invocation?.log(line);
    this.host.emit({
      type: 'log',
      functionName: this.fn.name,
      requestId: invocation?.requestId,
      line,
      stream: 'platform',
    });
  }

  /** Hands an invocation to a runtime worker waiting on /next; false when that worker went away meanwhile. */
  deliver(invocation: Invocation): boolean {
    const res = this.waiters.values().next().value as ServerResponse | undefined;
    if (!res) return false;
    this.waiters.delete(res);
    if (res.destroyed) return false;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const deadlineMs = Date.now() + (this.noTimeouts ? Math.max(DEBUG_DEADLINE_MS, timeoutMs) : timeoutMs);
    invocation.invocationId = newInvocationId();
    const headers = nextEventHeaders(this.fn, invocation, deadlineMs);
    this.begin(invocation);
    this.tenantId = invocation.request.tenantId;
    this.served = true;
    this.unanswered.add(invocation.requestId);
    invocation.deadlineMs = deadlineMs;
    this.state = 'busy';
    res.writeHead(200, headers);
    res.end(invocation.request.payload);
    // The runtime has its event: the bookkeeping below runs while it works. Its output cannot reach this
    // process before this turn of the event loop ends, so nothing of it is logged ahead of START.
    this.logStart(invocation);
    if (!this.noTimeouts) {
      invocation.timer = setTimeout(() => this.invokeTimedOut(invocation), timeoutMs);
      invocation.timer.unref();
    }
    this.process?.meter.resume(MEMORY_SAMPLE_MS);
    return true;
  }

  protected clearInvokeTimers(): void {
    for (const invocation of this.running.values()) clearTimeout(invocation.timer);
  }

  /** The invocation is the environment's (its duration counts from now). */
  protected begin(invocation: Invocation): void {
    this.running.set(invocation.requestId, invocation);
    invocation.state = 'running';
    invocation.startedAt = performance.now();
  }

  /** START, after init's output on a fresh environment. */
  protected logStart(invocation: Invocation): void {
    if (!this.initReported) for (const line of this.initLog) invocation.log(line);
    this.platform(this.log.start(invocation.requestId, invocation.request.tenantId), invocation);
  }

  /**
   * Lambda logs a platform error as `RequestId: ID Error: reason` then the error type, before END. These lines (and
   * `Task timed out`) stay text in the JSON format too: Lambda documents no JSON form for them, and the JSON
   * platform.report carries the status and error type.
   */
  protected failWithPlatformError(invocation: Invocation, failure: FunctionFailure): void {
    if (failure.reason) {
      this.platform(`RequestId: ${invocation.requestId} Error: ${failure.reason}`, invocation);
      this.platform(failure.errorType, invocation);
    }
    invocation.fail(failure);
    this.finish(invocation, { status: 'error', errorType: failure.errorType });
  }

  private invokeTimedOut(invocation: Invocation): void {
    if (!this.running.has(invocation.requestId) || invocation.state === 'done') return;
    if (!invocation.responded) {
      this.platform(timeoutLine(invocation.requestId, this.fn.timeoutSeconds), invocation);
      invocation.fail(timeoutFailure(this.fn.timeoutSeconds));
      // Its answer, if it ever comes, is refused with 410 rather than taken for a later attempt's.
      this.timedOut.add(invocation.invocationId);
      this.timedOut.add(invocation.requestId);
      this.finish(invocation, { status: 'timeout', durationMs: this.fn.timeoutSeconds * 1000 });
    } else {
      this.finish(invocation);
    }
    // Lambda resets the environment after a timeout; Managed Instances report it and let the code run on
    // ("Independent timeouts", Understanding the Lambda Managed Instances execution environment).
    if (!this.managedInstances) this.kill('timeout', 'SIGKILL');
  }

  /** Ends an invocation: END and REPORT, its result, and its worker is free again. */
  protected finish(invocation: Invocation, options: FinishOptions = {}): void {
    if (invocation.state === 'done' || !this.running.has(invocation.requestId)) return;
    clearTimeout(invocation.timer);
    if (this.running.size === 1) this.process?.flushOutput();
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
    const tenant = invocation.request.tenantId;
    this.platform(this.log.end(invocation.requestId, options.status ?? 'success', tenant), invocation);
    this.platform(this.log.report({ requestId: invocation.requestId, ...figures, ...options }, tenant), invocation);
    const result = invocation.complete(figures);
    this.finishedIds.add(invocation.requestId);
    this.running.delete(invocation.requestId);
    if (this.running.size === 0) {
      // Lambda freezes an idle environment; Managed Instances never freeze, so their memory is watched throughout.
      if (!this.managedInstances) this.process?.meter.pause();
      if (this.state === 'busy') this.state = 'idle';
    }
    this.host.emit({ type: 'invocation-finished', result });
    if (this.retiring && this.state === 'idle') this.kill('stopped', 'SIGTERM');
  }
}
