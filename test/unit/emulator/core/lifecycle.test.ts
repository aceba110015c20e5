// Lambda's lifecycle with real processes: eager init, crashes, timeouts, init errors, each followed by a fresh start.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, noPython, pythonFunction, survivors, type Harness } from './helpers';

const started = (h: Harness) => h.events.filter((event) => event.type === 'environment-started').length;

describe('lifecycle', { skip: noPython }, () => {
  let h: Harness;
  before(async () => {
    h = await harness({ functions: [pythonFunction()] });
  });
  after(async () => {
    await h.stop();
    assert.deepEqual(await survivors(h.pids), []);
  });

  it('initializes eagerly: the runtime starts before any invocation and the first REPORT has Init Duration', async () => {
    await h.waitFor((event) => event.type === 'environment-started');
    assert.equal(h.events.filter((event) => event.type === 'invocation-started').length, 0);
    const first = await h.invokeJson({ n: 1 });
    const second = await h.invokeJson({ n: 2 });
    assert.ok(first.initDurationMs !== undefined && first.initDurationMs > 0);
    assert.match(first.logs, /^init: handler=\n/, 'init output belongs to the first invocation');
    assert.match(first.logs, /\tInit Duration: \d+\.\d\d ms/);
    assert.equal(second.initDurationMs, undefined);
    assert.doesNotMatch(second.logs, /Init Duration/);
    assert.equal(started(h), 1);
  });

  it('logs START, the output, END and REPORT, each line an event tagged with the request id', async () => {
    const result = await h.invokeJson({ action: 'log', lines: 2 });
    const lines = result.logs.trimEnd().split('\n');
    assert.equal(lines[0], `START RequestId: ${result.requestId} Version: $LATEST`);
    assert.deepEqual(lines.slice(1, -2).sort(), ['err line 0', 'err line 1', 'out line 0', 'out line 1']);
    assert.equal(lines.at(-2), `END RequestId: ${result.requestId}`);
    assert.match(
      lines.at(-1) as string,
      new RegExp(
        `^REPORT RequestId: ${result.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB$`,
      ),
    );
    const tagged = h.events.filter((event) => event.type === 'log' && event.requestId === result.requestId);
    assert.equal(tagged.length, lines.length);
    assert.ok(tagged.some((event) => event.type === 'log' && event.stream === 'stderr' && event.line === 'err line 1'));
    assert.ok(
      tagged.some((event) => event.type === 'log' && event.stream === 'platform' && event.line.startsWith('REPORT')),
    );
    const finished = h.events.find(
      (event) => event.type === 'invocation-finished' && event.result.requestId === result.requestId,
    );
    assert.ok(finished);
  });

  it('a crash during an invocation is Runtime.ExitError with the exit status; the next invocation starts afresh', async () => {
    const before = started(h);
    const crash = await h.invokeJson({ action: 'crash', code: 7 });
    assert.equal(crash.functionError, 'Unhandled');
    assert.equal(crash.errorType, 'Runtime.ExitError');
    assert.deepEqual(crash.json, {
      errorMessage: `RequestId: ${crash.requestId} Error: Runtime exited with error: exit status 7`,
      errorType: 'Runtime.ExitError',
    });
    assert.match(crash.logs, /about to crash\n/);
    assert.match(crash.logs, /\tStatus: error\tError Type: Runtime.ExitError\n$/);
    const stopped = await h.waitFor((event) => event.type === 'environment-stopped' && event.exitCode === 7);
    assert.ok(stopped.type === 'environment-stopped' && stopped.reason === 'crashed');
    const next = await h.invokeJson({ again: true });
    assert.deepEqual(next.json, { again: true });
    assert.ok(next.initDurationMs !== undefined, 'a fresh environment reports its init');
    assert.equal(started(h), before + 1);
  });

  it('a runtime killed by a signal reports it as Go does ("signal: killed")', async () => {
    const result = await h.invokeJson({ action: 'kill-self' });
    assert.equal(result.errorType, 'Runtime.ExitError');
    assert.match(text(result), /Runtime exited with error: signal: killed"/);
  });

  it('a timeout kills the runtime, logs "Task timed out after 1.00 seconds" and answers Sandbox.Timedout', async () => {
    const t0 = Date.now();
    const result = await h.invokeJson({ action: 'sleep', seconds: 30 });
    const before = started(h);
    assert.ok(Date.now() - t0 < 15_000, 'answered at the timeout, not after the 30 s sleep');
    assert.equal(result.errorType, 'Sandbox.Timedout');
    assert.deepEqual(result.json, {
      errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 1.00 seconds`,
      errorType: 'Sandbox.Timedout',
    });
    assert.match(
      result.logs,
      new RegExp(
        `\\n\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${result.requestId} Task timed out after 1.00 seconds\\n`,
      ),
    );
    assert.match(result.logs, /\tDuration: 1000\.00 ms\t.*\tStatus: timeout\n$/);
    assert.equal(result.durationMs, 1000);
    const stopped = await h.waitFor((event) => event.type === 'environment-stopped' && event.reason === 'timeout');
    assert.ok(stopped.type === 'environment-stopped' && stopped.signal === 'SIGKILL');
    assert.deepEqual((await h.invokeJson({ after: 'timeout' })).json, { after: 'timeout' });
    assert.equal(started(h), before + 1);
  });

  it('a runtime that exits after responding: the response stands, the next invocation gets a fresh runtime', async () => {
    const result = await h.invokeJson({ action: 'exit-after-response' });
    assert.deepEqual(result.json, { bye: true });
    assert.equal(result.functionError, undefined);
    assert.deepEqual((await h.invokeJson({ still: 'works' })).json, { still: 'works' });
  });
});

describe('init failures', { skip: noPython }, () => {
  it("an error posted to /runtime/init/error is the first invocation's error; the next invocation inits again", async () => {
    const h = await harness({ functions: [pythonFunction({ handler: 'init-error' })] });
    try {
      const report = await h.waitFor((event) => event.type === 'log' && event.line.startsWith('INIT_REPORT'));
      assert.ok(report.type === 'log');
      assert.match(
        report.line,
        /^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime.FixtureInitError$/,
      );
      const first = await h.invokeJson({});
      assert.equal(first.functionError, 'Unhandled');
      assert.equal(first.errorType, 'Runtime.FixtureInitError');
      assert.deepEqual(first.json, { errorMessage: 'init failed on purpose', errorType: 'FixtureInitError' });
      assert.match(first.logs, /init error posted: 202/);
      assert.ok(first.initDurationMs !== undefined);
      assert.equal(started(h), 1);
      const second = await h.invokeJson({});
      assert.equal(second.errorType, 'Runtime.FixtureInitError');
      assert.equal(started(h), 2, 'the second invocation started a fresh runtime');
    } finally {
      await h.stop();
      assert.deepEqual(await survivors(h.pids), []);
    }
  });

  it('a crash during init is Runtime.ExitError for the first invocation', async () => {
    const h = await harness({ functions: [pythonFunction({ handler: 'init-crash' })] });
    try {
      const result = await h.invokeJson({});
      assert.equal(result.errorType, 'Runtime.ExitError');
      assert.deepEqual(result.json, {
        errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
        errorType: 'Runtime.ExitError',
      });
      assert.match(result.logs, /crashing during init\n/);
      assert.match(result.logs, /\tStatus: error\tError Type: Runtime.ExitError\n$/);
    } finally {
      await h.stop();
    }
  });
});

function text(result: { payload: Uint8Array }): string {
  return Buffer.from(result.payload).toString();
}
