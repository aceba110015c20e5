// Lambda Managed Instances: AWS_LAMBDA_MAX_CONCURRENCY workers, each waiting on /next, several invocations at once.
import type { RuntimeApiCall } from '../../emulator';
import { answered, describe } from '../evidence';
import { CHECK_EVENT } from './answers';
import type { Scenario, Verdict } from '../types';
import type { Outcome } from '../session';

const WORKERS = 4;
const NEXT_PATH = '/2018-06-01/runtime/invocation/next';
/** How long after its first worker waits a runtime gets for the others to join. */
const JOIN_MS = 3_000;

/** The most invocations handed out (a /next answered) and not yet answered, at any moment. */
function mostInFlight(calls: readonly RuntimeApiCall[]): number {
  const edges: [number, number][] = [];
  for (const call of calls) {
    if (call.path === NEXT_PATH && call.status === 200 && call.doneAt !== undefined) edges.push([call.doneAt, 1]);
    else if (/\/invocation\/[^/]+\/(response|error)$/.test(call.path)) edges.push([call.receivedAt, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of edges) {
    now += step;
    most = Math.max(most, now);
  }
  return most;
}

const FIX =
  `Read AWS_LAMBDA_MAX_CONCURRENCY and start that many workers (threads, goroutines, tasks), each looping on ` +
  '/runtime/invocation/next → handler → /response; init is done once the first one waits. Give each invocation ' +
  'its own context (request id, trace id) instead of process-wide variables.';

export const managedInstances: Scenario = {
  id: 'managed-instances',
  title: `With AWS_LAMBDA_MAX_CONCURRENCY=${WORKERS}, keeps ${WORKERS} invocations in flight at once`,
  timeoutMs: 60_000,
  async run(context): Promise<Verdict> {
    const session = await context.session({ maxConcurrency: WORKERS });
    let workers = 0;
    const joined = await session.until(() => {
      workers = Math.max(workers, session.waitingNext());
      return workers >= WORKERS;
    }, 10_000);
    if (!joined && workers > 0) {
      await session.until(() => {
        workers = Math.max(workers, session.waitingNext());
        return workers >= WORKERS;
      }, JOIN_MS);
    }
    const refused = session.calls.filter((call) => call.path === NEXT_PATH && (call.status ?? 0) >= 400);
    const settled = await Promise.allSettled(Array.from({ length: WORKERS }, () => session.invoke(CHECK_EVENT)));
    const outcomes = settled.flatMap((entry) => (entry.status === 'fulfilled' ? [entry.value] : []));
    const rejected = settled.flatMap((entry) =>
      entry.status === 'rejected' ? [String((entry.reason as Error).message)] : [],
    );
    const unanswered = outcomes.filter((outcome: Outcome) => !answered(outcome));
    const inFlight = mostInFlight(session.calls);
    const evidence =
      `With AWS_LAMBDA_MAX_CONCURRENCY=${WORKERS}, ${workers} worker${workers === 1 ? '' : 's'} waited on /next at once; ` +
      `${WORKERS} invokes sent together: ${outcomes.length - unanswered.length} answered, ${rejected.length} refused, ` +
      `at most ${inFlight} in flight at once.`;
    if (workers === 0) {
      const first = outcomes[0];
      return {
        status: 'fail',
        evidence: `With AWS_LAMBDA_MAX_CONCURRENCY=${WORKERS}, no worker waited on /next${first ? `: ${describe(first)}` : ''}.`,
        fix: FIX,
      };
    }
    if (refused.length > 0) {
      return {
        status: 'fail',
        evidence: `${evidence} More workers than ${WORKERS} asked for events: ${refused.length} /next refused (${refused[0].status}).`,
        fix: FIX,
      };
    }
    if (workers === 1 && unanswered.length === 0 && !context.target.managedInstances) {
      return {
        status: 'skip',
        evidence:
          `${evidence} The runtime runs one worker whatever AWS_LAMBDA_MAX_CONCURRENCY says: it is not made for ` +
          'Lambda Managed Instances (pass --managed-instances to count that as a failure).',
      };
    }
    if (workers < WORKERS || unanswered.length > 0 || rejected.length > 0) {
      const details = [
        ...unanswered.map((outcome) => describe(outcome)),
        ...rejected.map((message) => `refused: ${message}`),
      ];
      return { status: 'fail', evidence: `${evidence}${details.length ? ` ${details.join('; ')}.` : ''}`, fix: FIX };
    }
    return { status: 'pass', evidence };
  },
};
