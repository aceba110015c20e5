// Parallel invocations: up to N environments, the rest wait in FIFO order, nothing crashes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness, noPython, pythonFunction, survivors } from './helpers';

const invokePath = '/2015-03-31/functions/py/invocations';

describe('concurrency', { skip: noPython }, () => {
  it('runs up to N environments in parallel and queues the rest', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 5 })], concurrency: 2 });
    try {
      await h.invokeJson({ warm: true });
      const results = await Promise.all([0, 1, 2, 3].map(() => h.invokeJson({ action: 'sleep', seconds: 0.4 })));
      assert.ok(results.every((result) => result.functionError === undefined));
      // How many invocations were in flight at once, from the order of the START and END lines (not from timing,
      // which a busy machine stretches).
      let inFlight = 0;
      let most = 0;
      for (const event of h.events) {
        if (event.type !== 'log' || event.stream !== 'platform') continue;
        if (event.line.startsWith('START ')) most = Math.max(most, ++inFlight);
        if (event.line.startsWith('END ')) inFlight--;
      }
      assert.equal(most, 2, `${most} invocations ran at once on 2 environments`);
      assert.equal(h.pids.length, 2, 'exactly two environments');
    } finally {
      await h.stop();
      assert.deepEqual(await survivors(h.pids), []);
    }
  });

  it('serves queued invocations first come, first served, with one environment', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 5 })] });
    try {
      const order: number[] = [];
      await Promise.all(
        [0, 1, 2, 3, 4].map((n) =>
          h.invokeJson({ action: 'sleep', seconds: 0.05, n }).then(() => {
            order.push(n);
          }),
        ),
      );
      assert.deepEqual(order, [0, 1, 2, 3, 4]);
      assert.equal(h.pids.length, 1);
    } finally {
      await h.stop();
    }
  });

  it('takes 30 parallel HTTP invocations on 3 environments without losing one', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 5 })], concurrency: 3 });
    try {
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          fetch(`${h.emulator.url}${invokePath}`, { method: 'POST', body: JSON.stringify({ n }) }).then(
            async (res) => ({
              status: res.status,
              body: (await res.json()) as { n: number },
            }),
          ),
        ),
      );
      assert.deepEqual(
        responses.map((res) => res.status),
        Array(30).fill(200),
      );
      assert.deepEqual(
        responses.map((res) => res.body.n),
        Array.from({ length: 30 }, (_, n) => n),
      );
      assert.ok(h.pids.length <= 3);
    } finally {
      await h.stop();
      assert.deepEqual(await survivors(h.pids), []);
    }
  });

  it('a crash in one environment does not disturb invocations running in another', async () => {
    const h = await harness({ functions: [pythonFunction({ timeoutSeconds: 5 })], concurrency: 2 });
    try {
      const [slow, crash] = await Promise.all([
        h.invokeJson({ action: 'sleep', seconds: 0.5 }),
        new Promise((resolve) => setTimeout(resolve, 100)).then(() => h.invokeJson({ action: 'crash' })),
      ]);
      assert.deepEqual(slow.json, { slept: 0.5 });
      assert.equal(crash.errorType, 'Runtime.ExitError');
    } finally {
      await h.stop();
    }
  });
});
