// The vocabulary of `check`: a runtime to judge, the scenarios it goes through, and what each concluded.
import type { FunctionConfig } from '../emulator';
import type { CheckSession } from './session';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** What one scenario concluded: the contract's `{id, status, title, evidence}`, and the fix when it failed. */
export interface ScenarioResult {
  readonly id: string;
  readonly status: CheckStatus;
  readonly title: string;
  /** What was seen, in sentences: the calls made, the statuses, the figures. For a skip, why. */
  readonly evidence: string;
  /** What to change in the runtime (failures only). */
  readonly fix?: string;
  readonly durationMs: number;
}

/** The runtime under check: its function as the emulator runs it, and what the user told check about it. */
export interface CheckTarget {
  readonly fn: FunctionConfig;
  /** A handler of the same runtime that throws (`--error-handler`): the error-reporting scenario needs one. */
  readonly errorHandler?: string;
  /** The runtime is meant for Lambda Managed Instances: running fewer workers than asked fails rather than skips. */
  readonly managedInstances?: boolean;
}

/** A scenario's verdict before the runner adds its id, title and duration. */
export interface Verdict {
  readonly status: CheckStatus;
  readonly evidence: string;
  readonly fix?: string;
  /** The runtime never got as far as asking for an event: the scenarios after this one are skipped. */
  readonly blocks?: boolean;
}

/** What a scenario gets: the target, and sessions (emulators) that the runner stops whatever happens. */
export interface ScenarioContext {
  readonly target: CheckTarget;
  /** Starts the target's function (with `overrides`) on a fresh emulator of its own. */
  session(overrides?: Partial<FunctionConfig>): Promise<CheckSession>;
  /** Aborted when the scenario ran out of time or the whole check was cancelled. */
  readonly signal: AbortSignal;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The scenario's whole budget; past it, it fails and its emulators are stopped. */
  readonly timeoutMs: number;
  run(context: ScenarioContext): Promise<Verdict>;
}
