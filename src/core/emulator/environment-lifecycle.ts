// An execution environment's lifecycle as Lambda runs it: init (with its limit), init failures kept for the next
// invocation, crashes, and the end of the environment. Its invocations are EnvironmentInvocations'.
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { EnvironmentInvocations, type StopReason } from './environment-invocations';
import { ExtensionsApi } from './extensions-api';
import { closeServer } from './http-util';
import { newEnvironmentId, newLogStreamName } from './ids';
import type { Invocation } from './invocation';
import { lambdaEnvironment, launchCommand } from './launch';
import { runtimeExitFailure, type FunctionFailure } from './lambda-errors';
import { EXTENSION_SHUTDOWN_MS, INIT_LIMIT_MS, MANAGED_INSTANCES_INIT_LIMIT_MS, MEMORY_SAMPLE_MS } from './limits';
import { RuntimeProcess } from './runtime-process';
import { inSandbox, sandboxExit } from './sandbox/environment';

export type { EnvironmentHost, EnvironmentState, StopReason } from './environment-invocations';

export abstract class EnvironmentLifecycle extends EnvironmentInvocations {
  readonly id = newEnvironmentId();
  protected readonly extensions = new ExtensionsApi(() => ({ functionName: this.fn.name, handler: this.fn.handler }));
  protected spawnedAt = performance.now();
  protected initTimer?: NodeJS.Timeout;
  /** An error the runtime posted to /runtime/init/error: it takes effect when the runtime exits. */
  protected postedInitFailure?: FunctionFailure;
  private failure?: FunctionFailure;
  private server?: Server;
  private stopReason?: StopReason;
  private resolveClosed!: () => void;
  /** Resolves once the process has exited and the Runtime API is closed. */
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));
  private readonly logStreamName = newLogStreamName();

  /** Starts this environment's Runtime API server (the subclass serves it). */
  protected abstract listen(): Promise<Server>;

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
    const launched = launchCommand(this.fn, this.host.debug);
    if ('errorType' in launched) return this.initFailed(launched);
    const command = this.fn.sandbox ? inSandbox(launched, this.fn, this.host.debug) : launched;
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
      const initLimitMs = this.managedInstances
        ? Math.max(MANAGED_INSTANCES_INIT_LIMIT_MS, this.fn.timeoutSeconds * 1000)
        : INIT_LIMIT_MS;
      this.initTimer = setTimeout(() => {
        this.process?.kill();
        const reason = `Init phase timed out after ${(initLimitMs / 1000).toFixed(2)} seconds`;
        this.initFailed({ errorType: 'Sandbox.Timedout', reason }, 'timeout');
      }, initLimitMs);
      this.initTimer.unref();
    }
  }

  /** The runtime's first /next: init is over. */
  protected initialized(): void {
    clearTimeout(this.initTimer);
    this.initDurationMs = performance.now() - this.spawnedAt;
    this.state = 'idle';
    if (!this.managedInstances) this.process?.meter.pause();
    void this.process?.meter.sample();
    this.host.changed(this);
  }

  /** Gives the kept init failure to an invocation: the first invocation after a failed init gets its error. */
  consumeFailure(invocation: Invocation): void {
    const failure = this.failure ?? { errorType: 'Runtime.Unknown', reason: 'Init failed' };
    this.failure = undefined;
    this.tenantId = invocation.request.tenantId;
    this.begin(invocation);
    this.logStart(invocation);
    this.failWithPlatformError(invocation, failure);
    this.state = 'closing';
    this.closeIfDone();
  }

  protected initFailed(failure: FunctionFailure, status: 'error' | 'timeout' = 'error'): void {
    if (this.state !== 'starting') return;
    clearTimeout(this.initTimer);
    const initMs = this.postedInitFailure ? (this.initDurationMs ?? 0) : performance.now() - this.spawnedAt;
    this.initDurationMs = initMs;
    this.failure = failure;
    this.state = 'failed';
    this.platform(this.log.initReport(initMs, status, failure.errorType));
    this.process?.meter.pause();
    this.kill(status === 'timeout' ? 'timeout' : 'init-error', 'SIGTERM');
    this.host.changed(this);
  }

  /** Ends this environment: the invocations in flight (if any) fail, the whole process tree is killed. */
  stop(reason: StopReason = 'stopped', failure?: FunctionFailure): Promise<void> {
    this.dropFailure();
    for (const invocation of [...this.running.values()]) {
      if (invocation.state === 'done') continue;
      invocation.fail(failure ?? { errorType: 'Runtime.ExitError', reason: 'The environment was stopped' });
      this.finish(invocation, { status: 'error', errorType: failure?.errorType ?? 'Runtime.ExitError' });
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

  protected kill(reason: StopReason, signal: 'SIGTERM' | 'SIGKILL'): void {
    this.stopReason ??= reason;
    clearTimeout(this.initTimer);
    this.clearInvokeTimers();
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

  private exited(code: number | null, killedBy: NodeJS.Signals | null): void {
    const { exitCode, signal } = this.fn.sandbox ? sandboxExit(code, killedBy) : { exitCode: code, signal: killedBy };
    clearTimeout(this.initTimer);
    this.clearInvokeTimers();
    this.process?.meter.pause();
    this.unanswered.clear();
    if (this.state === 'starting') {
      this.initFailed(this.postedInitFailure ?? runtimeExitFailure(exitCode, signal));
    } else if (!this.stopReason) {
      for (const invocation of [...this.running.values()]) {
        if (!invocation.responded) this.failWithPlatformError(invocation, runtimeExitFailure(exitCode, signal));
        else this.finish(invocation);
      }
      this.stopReason = 'crashed';
    } else if (this.running.size > 0) {
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
