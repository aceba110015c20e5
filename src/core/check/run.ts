// Runs scenarios one after the other (each on emulators of its own, within its time budget) and collects results.
import { performance } from 'node:perf_hooks';
import type { FunctionConfig } from '../emulator';
import { answersEvent, nonObjectEvents, sixMegabyteEvent } from './scenarios/answers';
import { managedInstances } from './scenarios/concurrency';
import { errorReporting, unknownHandler } from './scenarios/handlers';
import { invocationId, traceId } from './scenarios/headers';
import { steadyResources } from './scenarios/resources';
import { sigterm } from './scenarios/shutdown';
import { CheckSession } from './session';
import type { CheckTarget, Scenario, ScenarioContext, ScenarioResult, Verdict } from './types';

/** Every scenario, in the order they run and are reported. */
export const SCENARIOS: readonly Scenario[] = [
  answersEvent,
  nonObjectEvents,
  sixMegabyteEvent,
  steadyResources,
  unknownHandler,
  errorReporting,
  invocationId,
  traceId,
  managedInstances,
  sigterm,
];

/** The check's timeout per invocation when the function sets none: long enough for a 6 MB event on a slow machine. */
const DEFAULT_CHECK_TIMEOUT_SECONDS = 10;

export interface RunCheckOptions {
  /** Scenario ids to run (default: all); unknown ids are an error. */
  readonly only?: readonly string[];
  /** Called as each scenario finishes. */
  readonly onResult?: (result: ScenarioResult) => void;
  /** Called as each scenario starts. */
  readonly onStart?: (scenario: Scenario) => void;
  /** Aborting ends the scenario running (it is reported as skipped) and skips the rest. */
  readonly signal?: AbortSignal;
  /** Scales every scenario's budget (tests on a slow machine). */
  readonly timeScale?: number;
}

/** The scenarios `only` names, or throws naming the unknown ones. */
export function selectScenarios(only?: readonly string[]): Scenario[] {
  if (!only || only.length === 0) return [...SCENARIOS];
  const unknown = only.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.map((s) => s.id).join(', ')}.`,
    );
  }
  return SCENARIOS.filter((scenario) => only.includes(scenario.id));
}

/**
 * Runs the target's runtime through the scenarios and resolves with one result per scenario. Never rejects for
 * what the runtime does: a scenario that throws or runs out of time is a failure with that as its evidence.
 */
export async function runCheck(target: CheckTarget, options: RunCheckOptions = {}): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  let blockedBy: ScenarioResult | undefined;
  for (const scenario of selectScenarios(options.only)) {
    options.onStart?.(scenario);
    const skipped = (evidence: string) => ({
      id: scenario.id,
      title: scenario.title,
      status: 'skip' as const,
      evidence,
      durationMs: 0,
    });
    let result: ScenarioResult;
    if (options.signal?.aborted) result = skipped('Cancelled.');
    else if (blockedBy) result = skipped(`The runtime does not start, so this cannot be judged: see ${blockedBy.id}.`);
    else {
      const { blocks, ...ran } = await runScenario(scenario, target, options);
      result = ran;
      if (blocks) blockedBy = result;
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

async function runScenario(
  scenario: Scenario,
  target: CheckTarget,
  options: RunCheckOptions,
): Promise<ScenarioResult & { readonly blocks?: boolean }> {
  const started = performance.now();
  const budgetMs = scenario.timeoutMs * (options.timeScale ?? 1);
  const controller = new AbortController();
  const sessions: CheckSession[] = [];
  const fn: FunctionConfig = {
    ...target.fn,
    timeoutSeconds: target.fn.timeoutSeconds ?? DEFAULT_CHECK_TIMEOUT_SECONDS,
  };
  const context: ScenarioContext = {
    target,
    signal: controller.signal,
    async session(overrides = {}) {
      if (controller.signal.aborted) throw new Error('The scenario was stopped.');
      const session = await CheckSession.start({ ...fn, ...overrides });
      sessions.push(session);
      // Started while the scenario was being ended: nobody else will stop it.
      if (controller.signal.aborted && ended) await session.stop();
      return session;
    },
  };
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const cancelled = () => controller.abort();
  options.signal?.addEventListener('abort', cancelled, { once: true });
  const limit = new Promise<Verdict>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({
        status: 'fail',
        evidence: `The scenario did not finish within ${Math.round(budgetMs / 1000)} s.`,
        fix: 'The runtime hangs somewhere in this scenario: see its evidence when run alone, and the runtime log.',
      });
    }, budgetMs);
  });
  const stop = new Promise<Verdict>((resolve) => {
    controller.signal.addEventListener('abort', () => {
      if (options.signal?.aborted) resolve({ status: 'skip', evidence: 'Cancelled.' });
    });
  });
  let verdict: Verdict;
  try {
    verdict = await Promise.race([scenario.run(context), limit, stop]);
  } catch (error) {
    verdict = {
      status: 'fail',
      evidence: `The scenario could not run: ${(error as Error).message}`,
      fix: 'See the evidence; if the runtime works with `lambda-runtime-kit invoke`, report this as a bug of check.',
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancelled);
    controller.abort();
    ended = true;
    await Promise.all(sessions.map((session) => session.stop()));
  }
  return {
    id: scenario.id,
    title: scenario.title,
    status: verdict.status,
    evidence: verdict.evidence,
    ...(verdict.status === 'fail' && verdict.fix ? { fix: verdict.fix } : {}),
    ...(verdict.blocks ? { blocks: true } : {}),
    durationMs: Math.round(performance.now() - started),
  };
}
