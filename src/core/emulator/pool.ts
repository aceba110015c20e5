// A function's environments (up to its concurrency) and the FIFO queue of invocations waiting for one.
import { performance } from 'node:perf_hooks';
import type { DebugLaunch, EmulatorEvent } from './types';
import { Environment } from './environment';
import type { EnvironmentHost, EnvironmentLifecycle } from './environment-lifecycle';
import type { Invocation } from './invocation';
import type { ResolvedFunction } from './launch';
import type { FunctionFailure } from './lambda-errors';
import { endLine, reportLine, startLine } from './log-format';

export class FunctionPool implements EnvironmentHost {
  private readonly environments = new Set<EnvironmentLifecycle>();
  private readonly queue: Invocation[] = [];
  private stopped = false;
  private dispatching = false;
  private dispatchAgain = false;

  constructor(
    readonly fn: ResolvedFunction,
    private readonly concurrency: number,
    readonly debug: DebugLaunch | undefined,
    private readonly emitEvent: (event: EmulatorEvent) => void,
  ) {}

  emit(event: EmulatorEvent): void {
    this.emitEvent(event);
  }

  /** Starts one environment ahead of the first invocation, as Lambda's init happens before the first event. */
  warm(): void {
    if (this.stopped) return;
    for (const env of this.environments) if (env.active) return;
    this.spawn();
  }

  submit(invocation: Invocation): void {
    if (this.stopped) return this.failQueued(invocation, stoppedFailure);
    this.queue.push(invocation);
    this.emit({ type: 'invocation-started', functionName: this.fn.name, requestId: invocation.requestId });
    this.dispatch();
  }

  changed(environment: EnvironmentLifecycle): void {
    if (environment.state === 'closed') this.environments.delete(environment);
    this.dispatch();
  }

  /** Ends the environments once their invocation (if any) is done; a fresh one is initialized for what comes next. */
  async recycle(): Promise<void> {
    const retiring = [...this.environments].map((env) => env.retire());
    await Promise.all(retiring);
    if (this.queue.length > 0) this.dispatch();
    else this.warm();
  }

  /** Fails what waits in the queue and ends every environment. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const invocation of this.queue.splice(0)) this.failQueued(invocation, stoppedFailure);
    await Promise.all([...this.environments].map((env) => env.stop('stopped', stoppedFailure)));
  }

  /** Kills every process at once (the parent process is exiting). */
  killNow(): void {
    for (const env of this.environments) env.killNow();
  }

  private spawn(): void {
    const env = new Environment(this);
    this.environments.add(env);
    void env.start();
  }

  private dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        this.dispatchOnce();
      } while (this.dispatchAgain);
    } finally {
      this.dispatching = false;
    }
  }

  // Runs on every submit and every state change: plain loops over the set, no arrays.
  private dispatchOnce(): void {
    if (this.stopped) return;
    while (this.queue.length > 0) {
      const failed = this.find('failed');
      if (failed) {
        failed.consumeFailure(this.queue.shift() as Invocation);
        continue;
      }
      const ready = this.find('ready');
      if (!ready) break;
      const invocation = this.queue.shift() as Invocation;
      if (!ready.deliver(invocation)) this.queue.unshift(invocation);
    }
    if (this.queue.length === 0) return;
    let active = 0;
    let starting = 0;
    for (const env of this.environments) {
      if (env.active) active++;
      if (env.state === 'starting') starting++;
    }
    let wanted = Math.min(this.concurrency - active, this.queue.length - starting);
    while (wanted-- > 0) this.spawn();
  }

  /** The first environment that failed its init, or the first that can take an invocation now. */
  private find(what: 'failed' | 'ready'): EnvironmentLifecycle | undefined {
    for (const env of this.environments) {
      if (what === 'failed' ? env.state === 'failed' : env.canTake()) return env;
    }
    return undefined;
  }

  /** An invocation that never reached an environment still gets a result and a log, as every other. */
  private failQueued(invocation: Invocation, failure: FunctionFailure): void {
    invocation.state = 'running';
    invocation.startedAt = performance.now();
    const lines = [
      startLine(invocation.requestId),
      `RequestId: ${invocation.requestId} Error: ${failure.reason}`,
      failure.errorType,
      endLine(invocation.requestId),
    ];
    invocation.fail(failure);
    const figures = { durationMs: 0, billedDurationMs: 0, memorySizeMb: this.fn.memoryMb, maxMemoryUsedMb: 0 };
    lines.push(reportLine({ requestId: invocation.requestId, ...figures }));
    for (const line of lines) {
      invocation.log(line);
      this.emit({ type: 'log', functionName: this.fn.name, requestId: invocation.requestId, line, stream: 'platform' });
    }
    this.emit({ type: 'invocation-finished', result: invocation.complete(figures) });
  }
}

const stoppedFailure: FunctionFailure = {
  errorType: 'Emulator.Stopped',
  reason: 'The emulator stopped before the invocation finished',
};
