// Lambda's 10-second init limit. Slow by nature (it waits the full limit), so it has its own file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness, noPython, pythonFunction, survivors } from './helpers';

describe('the init limit', { skip: noPython, concurrency: true }, () => {
  it(
    'kills a runtime that never calls /next within 10 s; the first invocation gets Sandbox.Timedout',
    { timeout: 20_000 },
    async () => {
      const h = await harness({ functions: [pythonFunction({ handler: 'init-hang' })] });
      try {
        const t0 = Date.now();
        const result = await h.invokeJson({});
        const elapsed = Date.now() - t0;
        assert.ok(elapsed >= 9500 && elapsed < 12_000, `answered after ${elapsed} ms`);
        assert.equal(result.errorType, 'Sandbox.Timedout');
        assert.deepEqual(result.json, {
          errorMessage: `RequestId: ${result.requestId} Error: Init phase timed out after 10.00 seconds`,
          errorType: 'Sandbox.Timedout',
        });
        assert.ok(result.initDurationMs !== undefined && result.initDurationMs >= 9900);
        const report = h.events.find((event) => event.type === 'log' && event.line.startsWith('INIT_REPORT'));
        assert.ok(report?.type === 'log');
        assert.match(report.line, /^INIT_REPORT Init Duration: 10\d{3}\.\d\d ms\tPhase: init\tStatus: timeout$/);
        assert.deepEqual(await survivors(h.pids), []);
      } finally {
        await h.stop();
      }
    },
  );

  it(
    'does not apply while debugging (noTimeouts): the runtime may sit on a breakpoint during init',
    { timeout: 20_000 },
    async () => {
      const h = await harness({ functions: [pythonFunction({ handler: 'init-hang' })], debug: { noTimeouts: true } });
      try {
        await new Promise((resolve) => setTimeout(resolve, 10_500));
        assert.deepEqual(
          h.events.filter(
            (event) =>
              event.type === 'environment-stopped' || (event.type === 'log' && event.line.startsWith('INIT_REPORT')),
          ),
          [],
        );
        assert.deepEqual(await survivors(h.pids, 0), h.pids, 'the runtime still runs');
      } finally {
        await h.stop();
        assert.deepEqual(await survivors(h.pids), []);
      }
    },
  );
});
