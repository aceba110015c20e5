// Per-invocation headers a runtime must carry through: the invocation id (echoed back) and the trace id.
import { randomBytes } from 'node:crypto';
import { describe } from '../evidence';
import { CHECK_EVENT } from './answers';
import type { Scenario, Verdict } from '../types';

const INVOCATION_ID = 'lambda-runtime-invocation-id';
const NEXT_PATH = '/2018-06-01/runtime/invocation/next';

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : String(first);
}

export const invocationId: Scenario = {
  id: 'invocation-id',
  title: 'Echoes the invocation id on /response and /error',
  timeoutMs: 30_000,
  async run(context): Promise<Verdict> {
    const session = await context.session();
    const outcome = await session.invoke(CHECK_EVENT);
    const requestId = outcome.result.requestId;
    const next = session.calls.find(
      (call) =>
        call.path === NEXT_PATH && single(call.responseHeaders?.['lambda-runtime-aws-request-id']) === requestId,
    );
    const sent = single(next?.responseHeaders?.[INVOCATION_ID]);
    if (sent === undefined) {
      return {
        status: 'skip',
        evidence:
          'This emulator sends no Lambda-Runtime-Invocation-Id on /runtime/invocation/next, so there is nothing to echo.',
      };
    }
    const posted = outcome.calls.find((call) => call.path.endsWith('/response') || call.path.endsWith('/error'));
    if (!posted) {
      return {
        status: 'fail',
        evidence: `The runtime did not answer: ${describe(outcome)}.`,
        fix: 'See answers-event first.',
      };
    }
    const echoed = single(posted.requestHeaders[INVOCATION_ID]);
    const where = posted.path.slice(posted.path.lastIndexOf('/'));
    if (echoed === sent) {
      return {
        status: 'pass',
        evidence: `/next gave Lambda-Runtime-Invocation-Id ${sent}; ${where} carried it back (${posted.status}).`,
      };
    }
    return {
      status: 'fail',
      evidence:
        echoed === undefined
          ? `/next gave Lambda-Runtime-Invocation-Id ${sent}; ${where} came without it (${posted.status}).`
          : `/next gave Lambda-Runtime-Invocation-Id ${sent}; ${where} carried ${echoed} instead (${posted.status}).`,
      fix:
        'Read Lambda-Runtime-Invocation-Id from each /runtime/invocation/next and send it back unchanged as a header ' +
        "on that invocation's /response and /error: Lambda then refuses (410 Gone) an answer from an attempt that " +
        'already timed out, instead of letting it reach a retry with the same request id.',
    };
  },
};

/** An X-Ray trace header with a fresh root, as Lambda sends in Lambda-Runtime-Trace-Id. */
export function traceHeader(): { header: string; root: string } {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return { header: `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=1`, root };
}

export const traceId: Scenario = {
  id: 'trace-header',
  title: "Uses each request's own trace header (Lambda-Runtime-Trace-Id)",
  timeoutMs: 30_000,
  async run(context): Promise<Verdict> {
    const session = await context.session();
    const traces = [traceHeader(), traceHeader()];
    const seen: { own: boolean; other: boolean; summary: string }[] = [];
    for (const [index, trace] of traces.entries()) {
      const outcome = await session.invoke(CHECK_EVENT, { traceId: trace.header });
      const text = `${outcome.result.logs}\n${Buffer.from(outcome.result.payload).toString('utf8')}`;
      const other = traces[1 - index].root;
      seen.push({ own: text.includes(trace.root), other: text.includes(other), summary: describe(outcome) });
    }
    const [first, second] = seen;
    if (first.other || second.other) {
      return {
        status: 'fail',
        evidence: `Two invokes with the trace roots ${traces[0].root} and ${traces[1].root}: an invocation's output carried the other's trace id.`,
        fix:
          'Read Lambda-Runtime-Trace-Id from every /runtime/invocation/next and give that one to the handler (set ' +
          '_X_AMZN_TRACE_ID for this invocation, or, with several workers, put it in the context), never one kept from an earlier event.',
      };
    }
    if (first.own && second.own) {
      return {
        status: 'pass',
        evidence: `Two invokes with the trace roots ${traces[0].root} and ${traces[1].root}: each one's output carried its own.`,
      };
    }
    return {
      status: 'skip',
      evidence:
        'Neither the logs nor the responses of two invokes showed their trace ids, so how the runtime uses ' +
        'Lambda-Runtime-Trace-Id cannot be seen from outside; a handler that logs _X_AMZN_TRACE_ID (or its ' +
        `context's trace id) lets check see it. The invokes: ${seen.map((entry) => entry.summary).join('; ')}.`,
    };
  },
};
