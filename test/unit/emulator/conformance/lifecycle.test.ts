// Parallel invokes and stopping, with real runtimes: the queue holds, and nothing is left running afterwards.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { startEmulator, type EmulatorEvent } from '../../../../src/core/emulator';
import {
  awsLambdaRicForTests,
  bashTutorial,
  eventually,
  newMarker,
  nodeRicFunction,
  postInvoke,
  processesWithMarker,
  withEmulator,
} from './support';

const ric = awsLambdaRicForTests();
const need = (t: TestContext) => ric.need(t);

/** The largest number of [start, end) intervals that overlap at one instant. */
function maxOverlap(intervals: { started: number; finished: number }[]): number {
  const edges = intervals.flatMap(({ started, finished }) => [
    { at: started, delta: 1 },
    { at: finished, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const edge of edges) {
    current += edge.delta;
    most = Math.max(most, current);
  }
  return most;
}

describe('conformance: parallel invokes', () => {
  it('with --concurrency 2 runs two at a time and queues the rest, each answered', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const events: EmulatorEvent[] = [];
    await withEmulator({ functions: [nodeRicFunction(folder, 'slow.handler')], concurrency: 2 }, async (emulator) => {
      emulator.on((event) => events.push(event));
      // Let both environments finish their init, so the timing below measures queueing only.
      await Promise.all([1, 2].map(() => postInvoke(emulator.url, '{"ms":1}')));
      const started = Date.now();
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => postInvoke(emulator.url, '{"ms":400}')));
      const elapsed = Date.now() - started;
      const results = answers.map((answer) => {
        assert.equal(answer.status, 200, answer.body);
        assert.equal(answer.headers.get('x-amz-function-error'), null, answer.body);
        return JSON.parse(answer.body) as { started: number; finished: number; pid: number };
      });
      assert.equal(maxOverlap(results), 2, 'exactly two handlers ran at once');
      assert.ok(new Set(results.map((result) => result.pid)).size <= 2, 'two environments, no more');
      // Five 400 ms invokes two at a time take three rounds.
      assert.ok(elapsed >= 1150, `five invokes took ${elapsed} ms`);
      const starts = events.filter((event) => event.type === 'environment-started').length;
      assert.ok(starts <= 2, `${starts} environments started`);
    });
  });

  it('with the default concurrency of 1, parallel HTTP invokes queue instead of failing', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.handler')] }, async (emulator) => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, index) => postInvoke(emulator.url, JSON.stringify({ index }))),
      );
      answers.forEach((answer, index) => {
        assert.equal(answer.status, 200);
        assert.deepEqual(JSON.parse(answer.body), { index });
      });
    });
  });
});

describe('conformance: stop leaves nothing running', () => {
  it('ends the runtime and the child process its handler left behind', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const procfs = await processesWithMarker('probe');
    if (procfs === undefined) return t.skip('no /proc here to look for leftover processes');
    const { marker, environment } = newMarker();
    const emulator = await startEmulator({ functions: [nodeRicFunction(folder, 'spawn.handler', { environment })] });
    try {
      const answer = await postInvoke(emulator.url, '{}');
      const { child } = JSON.parse(answer.body) as { child: number };
      const running = (await processesWithMarker(marker)) ?? [];
      assert.ok(running.includes(child), `the handler's child ${child} runs (found ${running.join(', ')})`);
      assert.ok(running.length >= 2, 'the runtime and its child run');
    } finally {
      await emulator.stop();
    }
    const gone = await eventually(async () => ((await processesWithMarker(marker)) ?? []).length === 0);
    assert.ok(gone, `left running after stop: ${(await processesWithMarker(marker))?.join(', ')}`);
  });

  it('stops in the middle of an invoke: the caller gets an answer and the runtime is gone', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const { marker, environment } = newMarker();
    const emulator = await startEmulator({
      functions: [nodeRicFunction(folder, 'slow.handler', { environment, timeoutSeconds: 60 })],
    });
    const pending = postInvoke(emulator.url, '{"ms":30000}').then(
      (answer) => `${answer.status} ${answer.headers.get('x-amz-function-error') ?? 'success'}: ${answer.body}`,
      () => 'connection closed',
    );
    await eventually(async () => ((await processesWithMarker(marker)) ?? [1]).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await emulator.stop();
    assert.ok(Date.now() - started < 5000, 'stop does not wait for the handler to finish');
    const outcome = await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 5000, 'no answer'))]);
    assert.notEqual(outcome, 'no answer', 'the caller of the interrupted invoke is answered or disconnected');
    assert.match(String(outcome), /^200 Unhandled|^connection closed$/, 'the interrupted invoke did not succeed');
    const gone = await eventually(async () => ((await processesWithMarker(marker)) ?? []).length === 0);
    assert.ok(gone, `left running after stop: ${(await processesWithMarker(marker))?.join(', ')}`);
  });

  it('ends the bash tutorial runtime and its curl long-poll', async (t) => {
    const { fn, skip } = await bashTutorial();
    if (!fn) return t.skip(skip);
    const { marker, environment } = newMarker();
    const emulator = await startEmulator({ functions: [{ ...fn, environment }] });
    try {
      const answer = await postInvoke(emulator.url, '{"k":"v"}');
      assert.equal(answer.status, 200);
      // After answering, the loop is back in curl, waiting on /next.
      assert.ok(
        await eventually(async () => ((await processesWithMarker(marker)) ?? []).length >= 2),
        'bash and curl run',
      );
    } finally {
      await emulator.stop();
    }
    const gone = await eventually(async () => ((await processesWithMarker(marker)) ?? []).length === 0);
    assert.ok(gone, `left running after stop: ${(await processesWithMarker(marker))?.join(', ')}`);
  });
});
