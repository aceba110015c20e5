/** The threaded Python runtime of test/fixtures/runtimes/python-workers, for the 2026 Runtime API tests. */
import path from 'node:path';
import type { FunctionConfig, InvokeResult } from '../../../../src/core/emulator';
import { REPO_ROOT } from '../../helpers';

export const WORKERS_BOOTSTRAP = path.join(REPO_ROOT, 'test', 'fixtures', 'runtimes', 'python-workers', 'bootstrap');

/** A function running the worker runtime. */
export function workersFunction(overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return { name: 'workers', bootstrap: WORKERS_BOOTSTRAP, timeoutSeconds: 5, ...overrides };
}

/** What the worker runtime answers: the headers it saw, which worker ran the invocation, and when. */
export interface WorkerAnswer {
  readonly requestId: string;
  readonly invocationId: string | null;
  readonly tenantId: string | null;
  readonly traceId: string | null;
  readonly worker: number;
  readonly pid: number;
  readonly started: number;
  readonly finished: number;
  readonly env: Record<string, string>;
}

export function answer(result: InvokeResult): WorkerAnswer {
  return JSON.parse(Buffer.from(result.payload).toString('utf8')) as WorkerAnswer;
}

/** The JSON log lines of an invocation that the runtime wrote (`{"level", "message", ...}`). */
export function jsonLines(logs: string): Array<Record<string, unknown>> {
  return logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const event = (value: unknown) => Buffer.from(JSON.stringify(value));
