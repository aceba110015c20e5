// The end of an environment: Lambda sends SIGTERM and kills what is left a moment later.
import { performance } from 'node:perf_hooks';
import { answered, describe } from '../evidence';
import { CHECK_EVENT } from './answers';
import type { Scenario, Verdict } from '../types';

export const sigterm: Scenario = {
  id: 'sigterm',
  title: 'Exits cleanly on SIGTERM',
  timeoutMs: 30_000,
  async run(context): Promise<Verdict> {
    const session = await context.session();
    const outcome = await session.invoke(CHECK_EVENT);
    if (!answered(outcome)) {
      return { status: 'fail', evidence: `Before the signal: ${describe(outcome)}.`, fix: 'See answers-event first.' };
    }
    // The runtime now waits on /next, as an idle environment does when Lambda ends it.
    await session.until(() => session.waitingNext() > 0, 2_000);
    const started = performance.now();
    await session.stop();
    const ms = Math.round(performance.now() - started);
    const exit = session.stopped.at(-1);
    if (!exit) return { status: 'skip', evidence: 'The runtime had already exited before the signal.' };
    if (exit.signal === 'SIGKILL') {
      return {
        status: 'fail',
        evidence: `Idle on /next, the runtime got SIGTERM and was still running after the grace period: it was killed (SIGKILL) after ${ms} ms.`,
        fix:
          'Let SIGTERM end the runtime: do not ignore or block it; a handler for it should finish quickly (flush, ' +
          'close) and exit. In a shell runtime, a `trap` that does not exit keeps it alive.',
      };
    }
    const how = exit.signal ? `ended by ${exit.signal}` : `exited with status ${exit.exitCode ?? 0}`;
    return { status: 'pass', evidence: `Idle on /next, the runtime got SIGTERM and ${how} within ${ms} ms.` };
  },
};
