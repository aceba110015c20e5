// The functions running under the emulator right now (one per `lambda-runtime` session, debugged or not) and
// the invocations made on them. The debug session adds its run; the invoke command, the invocations view and
// the status bar read from here, so none of them needs to know how a session was started.
import * as vscode from 'vscode';
import type { Emulator, InvokeResult } from '../core/emulator/types';
import type { SessionTimeline } from './timeline';

/** One invocation, from the moment it is sent; `result` or `error` arrives when it ends. */
export interface InvocationRecord {
  /** Unique in this window, increasing. */
  readonly id: number;
  readonly run: LambdaRun;
  readonly functionName: string;
  /** The event as sent (JSON text). */
  readonly event: string;
  readonly startedAt: Date;
  result?: InvokeResult;
  /** Set when the emulator could not invoke at all (stopped, refused); a function error is a `result`. */
  error?: string;
}

let nextInvocationId = 1;

/** A function served by a running emulator, owned by a `lambda-runtime` debug session. */
export class LambdaRun {
  private readonly started = new vscode.EventEmitter<InvocationRecord>();
  private readonly finished = new vscode.EventEmitter<InvocationRecord>();
  /** Fires when an invocation is sent. */
  readonly onDidStartInvocation = this.started.event;
  /** Fires when an invocation has its result or error. */
  readonly onDidFinishInvocation = this.finished.event;

  constructor(
    readonly functionName: string,
    readonly emulator: Emulator,
    /** The parent `lambda-runtime` session; undefined for a run started outside the debugger. */
    readonly session: vscode.DebugSession | undefined,
    /** True when a language debugger is attached (breakpoints may pause the runtime). */
    readonly debugging: boolean,
    /** When the session's steps happened (plan, emulator, runtime, debugger): for the debugging benchmark. */
    readonly timeline?: SessionTimeline,
  ) {}

  /** Tenant isolation: the tenant every invoke of this run names (the configuration's `tenantId`). */
  tenantId?: string;

  /** Invokes the function with `event` (JSON text) and records it for the view. */
  async invoke(event: string): Promise<InvokeResult> {
    const record: InvocationRecord = {
      id: nextInvocationId++,
      run: this,
      functionName: this.functionName,
      event,
      startedAt: new Date(),
    };
    this.started.fire(record);
    try {
      record.result = await this.emulator.invoke({
        functionName: this.functionName,
        payload: new TextEncoder().encode(event),
        ...(this.tenantId ? { tenantId: this.tenantId } : {}),
      });
      return record.result;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.finished.fire(record);
    }
  }

  dispose(): void {
    this.started.dispose();
    this.finished.dispose();
  }
}

/** Every running function of this window. */
export class RunRegistry implements vscode.Disposable {
  private readonly list: LambdaRun[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly started = new vscode.EventEmitter<InvocationRecord>();
  private readonly finished = new vscode.EventEmitter<InvocationRecord>();
  /** A run was added or removed. */
  readonly onDidChangeRuns = this.changed.event;
  /** An invocation of any run was sent. */
  readonly onDidStartInvocation = this.started.event;
  /** An invocation of any run ended. */
  readonly onDidFinishInvocation = this.finished.event;

  /** Adds a run; dispose of the result when the run's emulator stops. */
  add(run: LambdaRun): vscode.Disposable {
    this.list.push(run);
    const forwards = [
      run.onDidStartInvocation((record) => this.started.fire(record)),
      run.onDidFinishInvocation((record) => this.finished.fire(record)),
    ];
    this.changed.fire();
    return new vscode.Disposable(() => {
      for (const forward of forwards) forward.dispose();
      const index = this.list.indexOf(run);
      if (index >= 0) {
        this.list.splice(index, 1);
        this.changed.fire();
      }
    });
  }

  runs(): readonly LambdaRun[] {
    return this.list;
  }

  /** The run serving `functionName`, or with no name the most recently started one. */
  find(functionName?: string): LambdaRun | undefined {
    const candidates = functionName ? this.list.filter((run) => run.functionName === functionName) : this.list;
    return candidates.at(-1);
  }

  dispose(): void {
    this.changed.dispose();
    this.started.dispose();
    this.finished.dispose();
  }
}
