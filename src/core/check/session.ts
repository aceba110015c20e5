// One emulator running the runtime under check, with everything the scenarios judge by: each Runtime API call
// the runtime made, its process ids, its exits and its output.
import {
  startEmulator,
  type Emulator,
  type EmulatorEvent,
  type FunctionConfig,
  type InvokeResult,
  type RuntimeApiCall,
} from '../emulator';

/** How an invocation ended, seen from the Runtime API. */
export type OutcomeKind = 'response' | 'error' | 'init-error' | 'crash' | 'timeout' | 'other';

export interface Outcome {
  readonly kind: OutcomeKind;
  readonly result: InvokeResult;
  /** The runtime's calls about this request (`/invocation/{id}/...`), answered. */
  readonly calls: readonly RuntimeApiCall[];
}

type StoppedEvent = Extract<EmulatorEvent, { type: 'environment-stopped' }>;

const RUNTIME_PATH = '/2018-06-01/runtime';
const CHECK_TENANT = 'lambda-runtime-kit-check';

export class CheckSession {
  /** Every call, once answered (or dropped), in that order. */
  readonly calls: RuntimeApiCall[] = [];
  /** Every call as it arrived. */
  readonly received: RuntimeApiCall[] = [];
  /** Process id of each environment's runtime, in start order. */
  readonly pids: number[] = [];
  readonly stopped: StoppedEvent[] = [];
  readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly unsubscribe: () => void;
  private stopping?: Promise<void>;

  private constructor(
    private readonly emulator: Emulator,
    /** A function with tenant isolation refuses invokes that name no tenant: check names one. */
    private readonly tenantId: string | undefined,
  ) {
    this.unsubscribe = emulator.on((event) => this.record(event));
  }

  /** Starts `fn` alone on a fresh emulator (Invoke API on a free port). */
  static async start(fn: FunctionConfig): Promise<CheckSession> {
    const emulator = await startEmulator({ functions: [fn], port: 0, anyName: true });
    return new CheckSession(emulator, fn.tenantIsolation ? CHECK_TENANT : undefined);
  }

  private record(event: EmulatorEvent): void {
    if (event.type === 'runtime-api-call') {
      (event.call.phase === 'received' ? this.received : this.calls).push(event.call);
    } else if (event.type === 'environment-started' && event.pid !== undefined) {
      this.pids.push(event.pid);
    } else if (event.type === 'environment-stopped') {
      this.stopped.push(event);
    } else if (event.type === 'log' && this.lines.length < 10_000) {
      this.lines.push(event.line);
    }
    for (const wake of this.waiters) wake();
  }

  /** Resolves once `test()` holds (checked on every emulator event), or false after `ms`. */
  until(test: () => boolean, ms: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(value);
      };
      const wake = () => {
        if (test()) finish(true);
      };
      const timer = setTimeout(() => finish(false), ms);
      this.waiters.add(wake);
    });
  }

  /** Invokes with `payload` (JSON text or bytes) and says how the runtime ended the invocation. */
  async invoke(payload: string | Uint8Array, options: { readonly traceId?: string } = {}): Promise<Outcome> {
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const tenant = this.tenantId ? { tenantId: this.tenantId } : {};
    const result = await this.emulator.invoke({ payload: bytes, ...tenant, ...options });
    // The answer to the runtime's post may still be on its way out: its 'done' report follows in a moment.
    await this.until(() => this.answered(result.requestId), 200);
    return this.outcome(result);
  }

  private answered(requestId: string): boolean {
    const prefix = `${RUNTIME_PATH}/invocation/${requestId}/`;
    const posted = this.received.filter((call) => call.path.startsWith(prefix)).length;
    return this.calls.filter((call) => call.path.startsWith(prefix)).length >= posted;
  }

  private outcome(result: InvokeResult): Outcome {
    // Request ids are UUIDs: the path holds them as they are.
    const prefix = `${RUNTIME_PATH}/invocation/${result.requestId}/`;
    const calls = this.calls.filter((call) => call.path.startsWith(prefix));
    const accepted = (suffix: string) => calls.some((call) => call.path.endsWith(suffix) && call.status === 202);
    let kind: OutcomeKind = 'other';
    if (!result.functionError && accepted('/response')) kind = 'response';
    else if (accepted('/error')) kind = 'error';
    else if (result.errorType === 'Sandbox.Timedout') kind = 'timeout';
    else if (this.received.some((call) => call.path === `${RUNTIME_PATH}/init/error`)) kind = 'init-error';
    else if (result.errorType === 'Runtime.ExitError') kind = 'crash';
    // A response whose trailers declared an error (aws-lambda-go's way).
    else if (accepted('/response')) kind = 'error';
    return { kind, result, calls };
  }

  /** The calls to `/runtime/invocation/next` that are waiting now. */
  waitingNext(): number {
    const next = `${RUNTIME_PATH}/invocation/next`;
    const done = new Set(this.calls.filter((call) => call.path === next).map((call) => call.receivedAt));
    return this.received.filter((call) => call.path === next && !done.has(call.receivedAt)).length;
  }

  /** Stops every environment (SIGTERM, then SIGKILL after a grace) and the emulator; resolves when all is gone. */
  stop(): Promise<void> {
    this.stopping ??= this.emulator.stop().finally(() => {
      this.unsubscribe();
      for (const wake of this.waiters) wake();
    });
    return this.stopping;
  }
}
