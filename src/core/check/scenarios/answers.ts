// Events of every shape Lambda may hand a runtime: an object, JSON that is not an object, and 6 MB of it.
import { MAX_REQUEST_BYTES } from '../../emulator';
import { answered, describe } from '../evidence';
import type { Scenario, Verdict } from '../types';

/** The event check sends where any will do; `name` is there because sample handlers greet it. */
export const CHECK_EVENT = JSON.stringify({ name: 'lambda-runtime-kit check', source: 'lambda-runtime-kit' });

const CRASH_FIX =
  'Keep the loop alive whatever the handler does: catch its failures and post them to ' +
  '/runtime/invocation/{id}/error, then go back to /runtime/invocation/next.';

export const answersEvent: Scenario = {
  id: 'answers-event',
  title: 'Answers an event',
  timeoutMs: 30_000,
  async run(context): Promise<Verdict> {
    const session = await context.session();
    const outcome = await session.invoke(CHECK_EVENT);
    if (answered(outcome)) return { status: 'pass', evidence: `The event ${CHECK_EVENT}: ${describe(outcome)}.` };
    // A runtime that never asked for an event cannot be judged on anything else.
    const started = session.received.some((call) => call.path === '/2018-06-01/runtime/invocation/next');
    return {
      status: 'fail',
      blocks: !started,
      evidence: `The event ${CHECK_EVENT}: ${describe(outcome)}.`,
      fix:
        outcome.kind === 'init-error'
          ? 'The runtime failed its init with this handler: check --handler (or the template Handler) and the init error above.'
          : !started
            ? 'The runtime never asked for an event: fix what the error says; `lambda-runtime-kit lint` on the bootstrap ' +
              'finds the usual causes (the executable bit, the shebang, CRLF line ends, a wrong Runtime API path).'
            : `Get the event from /runtime/invocation/next and post the handler's result to /runtime/invocation/{id}/response. ${CRASH_FIX}`,
    };
  },
};

/** JSON that is not an object: Lambda passes any JSON value to the runtime unchanged. */
const NON_OBJECTS: readonly [label: string, json: string][] = [
  ['a string', '"lambda-runtime-kit check"'],
  ['an array', '[1,"two",{"three":3}]'],
  ['null', 'null'],
  ['a number', '42'],
];

export const nonObjectEvents: Scenario = {
  id: 'non-object-events',
  title: 'Answers events that are not objects (a string, an array, null, a number)',
  timeoutMs: 60_000,
  async run(context): Promise<Verdict> {
    const session = await context.session();
    const seen: string[] = [];
    const failed: string[] = [];
    for (const [label, json] of NON_OBJECTS) {
      const outcome = await session.invoke(json);
      const line = `${label} (${json}): ${describe(outcome).replace(/\.$/, '')}`;
      seen.push(line);
      if (!answered(outcome)) failed.push(label);
    }
    if (failed.length === 0) return { status: 'pass', evidence: `${seen.join('; ')}.` };
    return {
      status: 'fail',
      evidence: `Not answered: ${failed.join(', ')}. ${seen.join('; ')}.`,
      fix:
        'Parse the body of /runtime/invocation/next as any JSON value (string, array, null, number) and hand it to ' +
        `the handler as it is; never assume an object in the runtime itself. ${CRASH_FIX}`,
    };
  },
};

/** An object of exactly `bytes` bytes of JSON (a name and padding), as large as Lambda lets a caller send. */
export function largeEvent(bytes: number): Buffer {
  const head = '{"name":"lambda-runtime-kit check","padding":"';
  const tail = '"}';
  return Buffer.from(head + 'x'.repeat(bytes - head.length - tail.length) + tail);
}

export const sixMegabyteEvent: Scenario = {
  id: 'large-event',
  title: 'Answers a 6 MB event',
  timeoutMs: 60_000,
  async run(context): Promise<Verdict> {
    const session = await context.session();
    const outcome = await session.invoke(largeEvent(MAX_REQUEST_BYTES));
    const evidence = `A ${MAX_REQUEST_BYTES}-byte event (Lambda's largest synchronous payload): ${describe(outcome)}.`;
    // A handler that echoes 6 MB back may exceed the response limit: that is Lambda's rule, not the runtime's fault.
    if (answered(outcome) || outcome.result.errorType === 'Function.ResponseSizeTooLarge') {
      return { status: 'pass', evidence };
    }
    return {
      status: 'fail',
      evidence,
      fix:
        'Read the whole body of /runtime/invocation/next (up to 6 MB) and never pass the event or the response as a ' +
        'command-line argument (Linux limits one argument to 128 KB): in a shell runtime, post with ' +
        '`curl --data-binary @FILE` or `@-` instead of `-d "$RESPONSE"`. Raise any read buffer or body limit of the ' +
        "runtime's HTTP client to 6 MB.",
    };
  },
};
