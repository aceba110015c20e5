// Failures and how a runtime reports them: a handler that cannot be found (init) and one that throws (invoke).
import { describe, errorSummary, preview } from '../evidence';
import { CHECK_EVENT } from './answers';
import type { Scenario, Verdict } from '../types';
import type { RuntimeApiCall } from '../../emulator';

/** A handler no runtime has: a module and a function name that mean nothing, in the FILE.FUNCTION shape. */
export const MISSING_HANDLER = 'lrk_check_missing.no_such_handler';

const INIT_PATH = '/2018-06-01/runtime/init/error';

/** What is wrong with an error body, measured against Lambda's `{"errorMessage", "errorType"}`; undefined if nothing. */
export function errorJsonProblem(body: string | undefined): string | undefined {
  if (body === undefined || body.trim() === '') return 'the body is empty';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `the body is not JSON: ${preview(body, 80)}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the body is not a JSON object';
  const error = parsed as Record<string, unknown>;
  const missing = ['errorMessage', 'errorType'].filter((key) => typeof error[key] !== 'string');
  return missing.length === 0 ? undefined : `the body has no string ${missing.join(' or ')}`;
}

function typeHeader(call: RuntimeApiCall): string | undefined {
  const value = call.requestHeaders['lambda-runtime-function-error-type'];
  return Array.isArray(value) ? value[0] : value;
}

const ERROR_JSON_FIX =
  'Post Lambda\'s error JSON, {"errorMessage": "...", "errorType": "...", "stackTrace": [...]}, with the type ' +
  'also in the Lambda-Runtime-Function-Error-Type header.';

export const unknownHandler: Scenario = {
  id: 'unknown-handler',
  title: 'An unknown _HANDLER gives /init/error, not a crash or a hang',
  timeoutMs: 30_000,
  async run(context): Promise<Verdict> {
    const session = await context.session({ handler: MISSING_HANDLER });
    const outcome = await session.invoke(CHECK_EVENT);
    const posted = session.calls.find((call) => call.path === INIT_PATH);
    const intro = `With _HANDLER=${MISSING_HANDLER}`;
    if (posted) {
      const problem = errorJsonProblem(posted.body);
      const evidence = `${intro}, the runtime posted /init/error (${posted.status}, type ${typeHeader(posted) ?? 'not given'}): ${errorSummary(posted.body ?? '')}.`;
      if (!problem) return { status: 'pass', evidence };
      return { status: 'fail', evidence: `${evidence} But ${problem}.`, fix: ERROR_JSON_FIX };
    }
    if (outcome.kind === 'response') {
      return {
        status: 'skip',
        evidence: `${intro}, the runtime initialized and ${describe(outcome)}: it does not use _HANDLER, so there is no handler to miss.`,
      };
    }
    const how =
      outcome.kind === 'error'
        ? 'it initialized and only failed the invocation'
        : outcome.kind === 'crash'
          ? 'it exited without posting /init/error'
          : outcome.kind === 'timeout'
            ? 'it hung'
            : 'it did not post /init/error';
    return {
      status: 'fail',
      evidence: `${intro}, ${how}: ${describe(outcome)}.`,
      fix:
        'Load the handler during init, before the first /runtime/invocation/next; when it cannot be found, POST ' +
        `Lambda's error JSON (e.g. errorType Runtime.HandlerNotFound) to /runtime/init/error, then exit. ${ERROR_JSON_FIX}`,
    };
  },
};

export const errorReporting: Scenario = {
  id: 'error-reporting',
  title: "A failing handler is reported through /invocation/{id}/error with Lambda's error JSON",
  timeoutMs: 30_000,
  async run(context): Promise<Verdict> {
    const handler = context.target.errorHandler;
    if (!handler) {
      return {
        status: 'skip',
        evidence:
          'Give --error-handler H (in the editor, the lambdaRuntime.check.errorHandler setting), a handler of this ' +
          'runtime that throws, to check how failures are reported.',
      };
    }
    const session = await context.session({ handler });
    const outcome = await session.invoke('{}');
    const intro = `With _HANDLER=${handler} and the event {}`;
    const posted = outcome.calls.find((call) => call.path.endsWith('/error'));
    if (posted) {
      const problem = errorJsonProblem(posted.body);
      const header = typeHeader(posted);
      const evidence = `${intro}, the runtime posted /invocation/{id}/error (${posted.status}, Lambda-Runtime-Function-Error-Type ${header ?? 'not given'}): ${errorSummary(posted.body ?? '')}.`;
      if (!problem) return { status: 'pass', evidence };
      return { status: 'fail', evidence: `${evidence} But ${problem}.`, fix: ERROR_JSON_FIX };
    }
    if (outcome.kind === 'response') {
      return {
        status: 'fail',
        evidence: `${intro}, ${describe(outcome)}: a failing handler was answered as a success (or this handler does not fail).`,
        fix: `Catch the handler's failure (exception, error return, non-zero status) and post it to /runtime/invocation/{id}/error. ${ERROR_JSON_FIX}`,
      };
    }
    return {
      status: 'fail',
      evidence: `${intro}, the runtime did not report the error: ${describe(outcome)}.`,
      fix:
        outcome.kind === 'init-error'
          ? `The error handler failed during init: check that --error-handler names a handler that loads and then throws.`
          : `Catch the handler's failure and post it to /runtime/invocation/{id}/error instead of exiting; then go back to /runtime/invocation/next. ${ERROR_JSON_FIX}`,
    };
  },
};
