// An execution environment's lifecycle as Lambda runs it: init (with its limit), invocations (with their
// timeout), init failures kept for the next invocation, crashes, and the end of the environment.
import type { Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { DebugLaunch, EmulatorEvent } from './types';
import { ExtensionsApi } from './extensions-api';
import { closeServer } from './http-util';
import { newEnvironmentId, newLogStreamName } from './ids';
import type { Invocation } from './invocation';
import { lambdaEnvironment, launchCommand, type ResolvedFunction } from './launch';
import { runtimeExitFailure, timeoutFailure, type FunctionFailure } from './lambda-errors';
import {
  DEBUG_DEADLINE_MS,
  EXTENSION_SHUTDOWN_MS,
  INIT_LIMIT_MS,
  MEMORY_RESAMPLE_MS,
  MEMORY_SAMPLE_MS,
} from './limits';
import { endLine, initReportLine, reportLine, startLine, timeoutLine } from './log-format';
import { nextEventHeaders } from './next-event';
import { RuntimeProcess } from './runtime-process';

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
  changed(environment: EnvironmentLifecycle): void;
}

/** Init output kept for the first invocation's log (every line is also an event). */
const MAX_INIT_LOG_BYTES = 256 * 1024;

interface FinishOptions {
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
  readonly durationMs?: number;
}

export abstract class EnvironmentLifecycle {
  readonly id = newEnvironmentId();
  state: EnvironmentState = 'starting';
  /** Set by recycle(): end after the current invocation. */
  retiring = false;
  current?: Invocation;
  protected process?: RuntimeProcess;
  /** Runtimes waiting on /next. */
  protected readonly waiters = new Set<ServerResponse>();
  protected readonly extensions = new ExtensionsApi(() => ({ functionName: this.fn.name, handler: this.fn.handler }));
  protected spawnedAt = performance.now();
  protected initDurationMs?: number;
  protected initTimer?: NodeJS.Timeout;
  /** An error the runtime posted to /runtime/init/error: it takes effect when the runtime exits. */
  protected postedInitFailure?: FunctionFailure;
  protected lastFinishedId?: string;
  private failure?: FunctionFailure;
  private initReported = false;
  private server?: Server;
  private invokeTimer?: NodeJS.Timeout;
  private initLog: string[] = [];
  private initLogBytes = 0;
  private stopReason?: StopReason;
  private resolveClosed!: () => void;
  /** Resolves once the process has exited and the Runtime API is closed. */
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));
  private readonly logStreamName = newLogStreamName();

  constructor(protected readonly host: EnvironmentHost) {}

  protected get fn(): ResolvedFunction {
    return this.host.fn;
  }

  protected get noTimeouts(): boolean {
    return this.host.debug?.noTimeouts === true;
  }

  /** Starts this environment's Runtime API server (the subclass serves it). */
  protected abstract listen(): Promise<Server>;

  /** True when it counts toward the function's concurrency. */
  get active(): boolean {
    return this.state === 'starting' || this.state === 'idle' || this.state === 'busy' || this.state === 'failed';
  }

  /** Ready to receive an event now (its runtime is waiting on /next). */
  canTake(): boolean {
    return this.state === 'idle' && this.waiters.size > 0 && !this.retiring;
  }

  /** Starts the Runtime API and the bootstrap; init errors are kept for the first invocation, never thrown. */
  async start(): Promise<void> {
    try {
      this.server = await this.listen();
    } catch (error) {
      return this.initFailed({
        errorType: 'Runtime.Unknown',
        reason: `Runtime API failed: ${(error as Error).message}`,
      });
    }
    if (this.state !== 'starting') return this.closeIfDone();
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const command = launchCommand(this.fn, this.host.debug);
    if ('errorType' in command) return this.initFailed(command);
    this.spawnedAt = performance.now();
    const started = await RuntimeProcess.start(
      command,
      {
        cwd: this.fn.taskRoot,
        env: lambdaEnvironment(this.fn, `127.0.0.1:${port}`, this.logStreamName, this.host.debug),
      },
      { line: (line, stream) => this.output(line, stream), exit: (code, signal) => this.exited(code, signal) },
    );
    if (!(started instanceof RuntimeProcess)) return this.initFailed(started);
    this.process = started;
    // Stopped while the process was being started: that stop has already been answered.
    if (this.state !== 'starting') return started.kill();
    this.host.emit({
      type: 'environment-started',
      functionName: this.fn.name,
      environmentId: this.id,
      pid: started.pid,
    });
    started.meter.resume(MEMORY_SAMPLE_MS);
    if (!this.noTimeouts) {
      this.initTimer = setTimeout(() => {
        this.process?.kill();
        const reason = `Init phase timed out after ${(INIT_LIMIT_MS / 1000).toFixed(2)} seconds`;
        this.initFailed({ errorType: 'Sandbox.Timedout', reason }, 'timeout');
      }, INIT_LIMIT_MS);
      this.initTimer.unref();
    }
  }

  private output(line: string, stream: 'stdout' | 'stderr'): void {
    const invocation = this.current && this.current.state !== 'done' ? this.current : undefined;
    if (invocation) invocation.log(line);
    else if (!this.initReported && this.initLogBytes < MAX_INIT_LOG_BYTES) {
      this.initLog.push(line);
      this.initLogBytes += line.length + 1;
    }
    this.host.emit({ type: 'log', functionName: this.fn.name, requestId: invocation?.requestId, line, stream });
  }

  private platform(line: string, invocation?: Invocation): void {
    invocation?.log(line);
    const event = { type: 'log', functionName: this.fn.name, requestId: invocation?.requestId, line } as const;
    this.host.emit({ ...event, stream: 'platform' });
  }

  /** The runtime's first /next: init is over. */
  protected initialized(): void {
    clearTimeout(this.initTimer);
    this.initDurationMs = performance.now() - this.spawnedAt;
    this.state = 'idle';
    this.process?.meter.pause();
    void this.process?.meter.sample();
    this.host.changed(this);
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
    if (!this.noTimeouts) {
      this.invokeTimer = setTimeout(() => this.invokeTimedOut(invocation), timeoutMs);
      this.invokeTimer.unref();
    }
    this.process?.meter.resume(MEMORY_SAMPLE_MS);
    return true;
  }

  private begin(invocation: Invocation): void {
    this.current = invocation;
    invocation.state = 'running';
    invocation.startedAt = performance.now();
    if (!this.initReported) for (const line of this.initLog) invocation.log(line);
    this.platform(startLine(invocation.requestId), invocation);
  }

  /** Gives the kept init failure to an invocation: the first invocation after a failed init gets its error. */
  consumeFailure(invocation: Invocation): void {
    const failure = this.failure ?? { errorType: 'Runtime.Unknown', reason: 'Init failed' };
    this.failure = undefined;
    this.begin(invocation);
    this.failWithPlatformError(invocation, failure);
    this.state = 'closing';
    this.closeIfDone();
  }

  /** Lambda logs a platform error as `RequestId: ID Error: reason` then the error type, before END. */
  private failWithPlatformError(invocation: Invocation, failure: FunctionFailure): void {
    if (failure.reason) {
      this.platform(`RequestId: ${invocation.requestId} Error: ${failure.reason}`, invocation);
      this.platform(failure.errorType, invocation);
    }
    invocation.fail(failure);
    this.finishCurrent({ status: 'error', errorType: failure.errorType });
  }

  protected initFailed(failure: FunctionFailure, status: 'error' | 'timeout' = 'error'): void {
    if (this.state !== 'starting') return;
    clearTimeout(this.initTimer);
    const initMs = this.postedInitFailure ? (this.initDurationMs ?? 0) : performance.now() - this.spawnedAt;
    this.initDurationMs = initMs;
    this.failure = failure;
    this.state = 'failed';
    this.platform(initReportLine(initMs, status, failure.errorType));
    this.process?.meter.pause();
    this.kill(status === 'timeout' ? 'timeout' : 'init-error', 'SIGTERM');
    this.host.changed(this);
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

  /** Ends this environment: the invocation in flight (if any) fails, the whole process tree is killed. */
  stop(reason: StopReason = 'stopped', failure?: FunctionFailure): Promise<void> {
    this.dropFailure();
    const invocation = this.current;
    if (invocation && invocation.state !== 'done') {
      invocation.fail(failure ?? { errorType: 'Runtime.ExitError', reason: 'The environment was stopped' });
      this.finishCurrent({ status: 'error', errorType: failure?.errorType ?? 'Runtime.ExitError' });
    }
    this.kill(reason, 'SIGTERM');
    return this.closed;
  }

  /** recycle(): stop now when nothing runs, otherwise after the current invocation. */
  retire(): Promise<void> {
    this.retiring = true;
    this.dropFailure();
    if (this.state !== 'busy') this.kill('stopped', 'SIGTERM');
    return this.closed;
  }

  /** A kept init error of code that is being replaced or stopped is not given to anyone. */
  private dropFailure(): void {
    if (this.state !== 'failed') return;
    this.failure = undefined;
    this.state = 'closing';
  }

  private kill(reason: StopReason, signal: 'SIGTERM' | 'SIGKILL'): void {
    this.stopReason ??= reason;
    clearTimeout(this.initTimer);
    clearTimeout(this.invokeTimer);
    if (this.state !== 'failed' && this.state !== 'closed') this.state = 'closing';
    const graceful = signal === 'SIGTERM';
    const shutdownReason = reason === 'timeout' ? 'timeout' : reason === 'stopped' ? 'spindown' : 'failure';
    const extensionsWaiting = this.extensions.shutdown(shutdownReason, graceful ? EXTENSION_SHUTDOWN_MS : 0);
    // Pending /next calls stay unanswered: a runtime being shut down gets no more events (and does not race
    // its extensions to the exit); closing the Runtime API drops them in the end.
    if (!this.process?.alive) return this.closeIfDone();
    if (!graceful) this.process.kill();
    // Extensions told of the shutdown get a moment to act on it before the signal, as Lambda gives them.
    else this.process.terminate(extensionsWaiting > 0 ? EXTENSION_SHUTDOWN_MS : 0);
  }

  /** Synchronous last resort from the parent's 'exit' handler. */
  killNow(): void {
    this.process?.kill();
  }

  private exited(exitCode: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(this.initTimer);
    clearTimeout(this.invokeTimer);
    this.process?.meter.pause();
    if (this.state === 'starting') {
      this.initFailed(this.postedInitFailure ?? runtimeExitFailure(exitCode, signal));
    } else if (!this.stopReason) {
      const invocation = this.current;
      if (invocation && !invocation.responded)
        this.failWithPlatformError(invocation, runtimeExitFailure(exitCode, signal));
      else if (invocation) this.finishCurrent();
      this.stopReason = 'crashed';
    } else if (this.current && this.current.state !== 'done') {
      this.stop(this.stopReason);
    }
    this.host.emit({
      type: 'environment-stopped',
      functionName: this.fn.name,
      environmentId: this.id,
      ...(exitCode !== null ? { exitCode } : {}),
      ...(signal ? { signal } : {}),
      reason: this.stopReason ?? 'crashed',
    });
    if (this.state !== 'failed' && this.state !== 'closed') this.state = 'closing';
    this.closeIfDone();
  }

  /** Closes the Runtime API once the process is gone; a failed environment stays until its error is consumed. */
  private closeIfDone(): void {
    if (this.process?.alive) return;
    if (this.server) void closeServer(this.server);
    if (this.state === 'failed' && this.failure) return;
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.resolveClosed();
      this.host.changed(this);
    }
  }
}
