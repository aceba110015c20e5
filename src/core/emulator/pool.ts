// A function's environments (up to its concurrency) and the FIFO queue of invocations waiting for one. Tenant
// isolation: an environment serves one tenant only. Managed Instances: invocations go to waiting workers, and an
// invocation that finds every worker busy is refused, as Lambda does.
import { performance } from 'node:perf_hooks';
import type { DebugLaunch, EmulatorEvent } from './types';
import { Environment } from './environment';
import type { EnvironmentHost, EnvironmentLifecycle } from './environment-lifecycle';
import type { Invocation } from './invocation';
import type { ResolvedFunction } from './launch';
import { allWorkersBusy, type FunctionFailure } from './lambda-errors';
import { PlatformLog } from './platform-log';

export class FunctionPool implements EnvironmentHost {
  private readonly environments = new Set<EnvironmentLifecycle>();
  private readonly queue: Invocation[] = [];
  private stopped = false;
  private dispatching = false;
  private dispatchAgain = false;
  private readonly log: PlatformLog;
  private toldNonJson = false;
  private toldFewWorkers = false;
  private fewWorkersTimer?: NodeJS.Timeout;

  constructor(
    private current: ResolvedFunction,
    private readonly concurrency: number,
    readonly debug: DebugLaunch | undefined,
    private readonly emitEvent: (event: EmulatorEvent) => void,
  ) {
    this.log = new PlatformLog(current);
  }

  /** The function new environments run. */
  get fn(): ResolvedFunction {
    return this.current;
  }

  /**
   * Runs `fn` from now on (its layers rebuilt): the environments end once their invocation is done, and fresh ones
   * start with it. Resolves when the old environments have ended.
   */
  async replace(fn: ResolvedFunction): Promise<void> {
    this.current = fn;
    await this.recycle();
  }

  emit(event: EmulatorEvent): void {
    this.emitEvent(event);
  }

  /** Starts one environment ahead of the first invocation, as Lambda's init happens before the first event. */
  warm(): void {
    if (this.stopped) return;
    for (const env of this.environments) if (env.active) return;
    this.spawn();
  }

  /**
   * Queues an invocation. In Managed Instances mode it throws the 429 Lambda answers when no worker is free or
   * about to be (`mayWait`, for asynchronous invokes, which Lambda keeps in its own queue, lets it wait instead).
   */
  submit(invocation: Invocation, mayWait = false): void {
    if (this.stopped) return this.failQueued(invocation, stoppedFailure);
    if (this.fn.maxConcurrency > 0 && !mayWait && !this.hasRoom(invocation.request.tenantId)) {
      throw allWorkersBusy(this.fn.name, this.fn.maxConcurrency);
    }
    this.queue.push(invocation);
    this.emit({ type: 'invocation-started', functionName: this.fn.name, requestId: invocation.requestId });
    this.dispatch();
  }

  /** Says once per run that a Managed Instances runtime writes lines that are not JSON. */
  nonJsonLine(line: string): void {
    if (this.toldNonJson) return;
    this.toldNonJson = true;
    const sample = line.length > 80 ? `${line.slice(0, 77)}...` : line;
    this.emit({
      type: 'log',
      functionName: this.fn.name,
      line: `Lambda Runtime Kit: ${this.fn.name} runs as Lambda Managed Instances, whose functions log in the JSON format only, but its runtime wrote a line that is not a JSON object ("${sample}"): write one JSON object per line, with "level" and "requestId", so each line can be told apart by request and filtered by level. (Said once per run.)`,
      stream: 'platform',
    });
  }

  /**
   * Managed Instances: an invocation waits for a worker that AWS_LAMBDA_MAX_CONCURRENCY promises. When none comes
   * within a second, the runtime runs fewer workers than it was asked to, which Lambda would answer by refusing
   * the invocation: the emulator lets it wait (and says so, once per run) rather than fail a runtime still starting
   * its workers.
   */
  private watchForFewWorkers(): void {
    if (this.toldFewWorkers || this.fewWorkersTimer) return;
    this.fewWorkersTimer = setTimeout(() => {
      this.fewWorkersTimer = undefined;
      if (this.stopped || this.queue.length === 0 || this.toldFewWorkers) return;
      for (const env of this.environments) {
        const { waiting, busy } = env.workers;
        if ((env.state !== 'idle' && env.state !== 'busy') || waiting > 0 || busy >= this.fn.maxConcurrency) continue;
        this.toldFewWorkers = true;
        this.emit({
          type: 'log',
          functionName: this.fn.name,
          line: `Lambda Runtime Kit: ${this.fn.name} has AWS_LAMBDA_MAX_CONCURRENCY=${this.fn.maxConcurrency}, but only ${busy} of its runtime's workers are busy and none waits on /next, so an invocation is waiting for a worker that Lambda would have expected (Lambda refuses it instead): start one worker per unit of AWS_LAMBDA_MAX_CONCURRENCY, each looping on /next. (Said once per run.)`,
          stream: 'platform',
        });
        return;
      }
    }, 1000);
    this.fewWorkersTimer.unref();
  }

  /**
   * A free (or freeing) worker of the tenant's environments for one more invocation, or an environment that can
   * be started for it (room under the concurrency, or an idle environment of another tenant to end).
   */
  private hasRoom(tenant: string | undefined): boolean {
    let free = 0;
    let active = 0;
    let waiting = 0;
    let replaceable = false;
    for (const invocation of this.queue) if (invocation.request.tenantId === tenant) waiting++;
    for (const env of this.environments) {
      if (env.active) active++;
      if (env.servesTenant(tenant)) free += env.freeWorkers;
      else if (env.state === 'idle') replaceable = true;
    }
    return free > waiting || active < this.concurrency || replaceable;
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
    clearTimeout(this.fewWorkersTimer);
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
      const tenant = this.queue[0].request.tenantId;
      const ready = this.find('ready', tenant);
      if (!ready) {
        this.makeRoomFor(tenant);
        if (this.fn.maxConcurrency > 0) this.watchForFewWorkers();
        break;
      }
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

  /** The first environment that failed its init, or the first that can take the tenant's invocation now. */
  private find(what: 'failed' | 'ready', tenant?: string): EnvironmentLifecycle | undefined {
    for (const env of this.environments) {
      if (what === 'failed' ? env.state === 'failed' : env.canTake(tenant)) return env;
    }
    return undefined;
  }

  /**
   * Tenant isolation: when every environment the concurrency allows belongs to other tenants, an idle one is ended,
   * so that a fresh environment is initialized for this tenant (Lambda never hands one tenant's environment to another).
   */
  private makeRoomFor(tenant: string | undefined): void {
    let active = 0;
    for (const env of this.environments) {
      if (!env.active) continue;
      active++;
      if (env.servesTenant(tenant)) return;
    }
    if (active < this.concurrency) return;
    for (const env of this.environments) {
      if (env.state === 'idle' && !env.retiring) {
        void env.retire();
        return;
      }
    }
  }

  /** An invocation that never reached an environment still gets a result and a log, as every other. */
  private failQueued(invocation: Invocation, failure: FunctionFailure): void {
    invocation.state = 'running';
    invocation.startedAt = performance.now();
    const id = invocation.requestId;
    const tenant = invocation.request.tenantId;
    invocation.fail(failure);
    const figures = { durationMs: 0, billedDurationMs: 0, memorySizeMb: this.fn.memoryMb, maxMemoryUsedMb: 0 };
    const lines = [
      this.log.start(id, tenant),
      `RequestId: ${id} Error: ${failure.reason}`,
      failure.errorType,
      this.log.end(id, 'error', tenant),
      this.log.report({ requestId: id, ...figures }, tenant),
    ].filter((line): line is string => line !== undefined);
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
