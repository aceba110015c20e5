// Lambda Managed Instances mode: several invocations at once in one runtime process, backpressure, timeouts that
// do not reset the environment, JSON logs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvokeRequestError, type EmulatorEvent } from '../../../../src/core/emulator';
import { harness, noPython } from '../core/helpers';
import { postInvoke } from '../conformance/support';
import { answer, event, jsonLines, workersFunction } from './support';

const isLog = (event: EmulatorEvent): event is Extract<EmulatorEvent, { type: 'log' }> => event.type === 'log';

describe('Lambda Managed Instances mode', { skip: noPython }, () => {
  it('runs four invocations at once in one runtime process, each on its own worker, with its own trace id', async () => {
    const h = await harness({ functions: [workersFunction({ maxConcurrency: 4 })] });
    try {
      const results = await Promise.all(
        [1, 2, 3, 4].map(() => h.emulator.invoke({ payload: event({ action: 'sleep', seconds: 1 }) })),
      );
      const answers = results.map(answer);
      for (const [index, result] of results.entries()) {
        assert.equal(result.functionError, undefined, result.logs);
        assert.equal(answers[index].requestId, result.requestId);
      }
      assert.equal(new Set(answers.map((a) => a.pid)).size, 1, 'one runtime process');
      assert.equal(new Set(answers.map((a) => a.worker)).size, 4, 'four workers');
      // Overlap, proven by the runtime's own clock: every invocation started before any of them finished.
      const lastStart = Math.max(...answers.map((a) => a.started));
      const firstFinish = Math.min(...answers.map((a) => a.finished));
      assert.ok(lastStart < firstFinish, `last start ${lastStart} is not before first finish ${firstFinish}`);
      assert.equal(new Set(answers.map((a) => a.traceId)).size, 4, 'a trace id per request');
      assert.equal(new Set(answers.map((a) => a.invocationId)).size, 4);
      const env = answers[0].env;
      assert.equal(env.AWS_LAMBDA_MAX_CONCURRENCY, '4');
      assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'lambda-managed-instances');
      assert.equal(env.AWS_LAMBDA_LOG_FORMAT, 'JSON');
      // Each invocation's log holds its own JSON lines, told apart by their requestId.
      for (const result of results) {
        const own = jsonLines(result.logs).filter((line) => line.message === 'handling');
        assert.deepEqual(
          own.map((line) => line.requestId),
          [result.requestId],
        );
      }
      assert.equal(h.events.filter((e) => e.type === 'environment-started').length, 1);
    } finally {
      await h.stop();
    }
  });

  it('refuses an invocation when every worker is busy, with 429 TooManyRequestsException', async () => {
    const h = await harness({ functions: [workersFunction({ maxConcurrency: 2 })] });
    try {
      await h.emulator.invoke({ payload: event({}) }); // initialized, both workers waiting
      await h.waitFor((e) => isLog(e) && e.line.includes('"posted"'));
      const busy = [1, 2].map(() => h.emulator.invoke({ payload: event({ action: 'sleep', seconds: 1.5 }) }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await assert.rejects(h.emulator.invoke({ payload: event({}) }), (error: unknown) => {
        assert.ok(error instanceof InvokeRequestError);
        assert.equal(error.statusCode, 429);
        assert.equal(error.code, 'TooManyRequestsException');
        return true;
      });
      const api = await postInvoke(h.emulator.url, '{}', {}, 'workers');
      assert.equal(api.status, 429);
      assert.equal(api.headers.get('x-amzn-errortype'), 'TooManyRequestsException');
      assert.equal(JSON.parse(api.body).Reason, 'ConcurrentInvocationLimitExceeded');
      // An asynchronous invoke is kept, as Lambda keeps events in its own queue.
      const queued = await postInvoke(h.emulator.url, '{}', { 'X-Amz-Invocation-Type': 'Event' }, 'workers');
      assert.equal(queued.status, 202);
      for (const result of await Promise.all(busy)) assert.equal(result.functionError, undefined);
      const after = await h.emulator.invoke({ payload: event({}) });
      assert.equal(after.functionError, undefined, 'free again once the workers answered');
    } finally {
      await h.stop();
    }
  });

  it('reports a timeout without killing the runtime, and answers the late response with 410 Gone', async () => {
    const h = await harness({ functions: [workersFunction({ maxConcurrency: 2, timeoutSeconds: 1 })] });
    try {
      const timedOut = await h.emulator.invoke({ payload: event({ action: 'late', seconds: 1.6 }) });
      assert.equal(timedOut.errorType, 'Sandbox.Timedout');
      assert.match(timedOut.logs, /Task timed out after 1\.00 seconds/);
      const late = await h.waitFor(
        (e) => isLog(e) && e.line.includes('"posted"') && e.line.includes(timedOut.requestId),
        5000,
      );
      const posted = JSON.parse((late as { line: string }).line);
      assert.equal(posted.status, 410);
      assert.deepEqual(JSON.parse(posted.answer), { errorMessage: 'Invoke timeout', errorType: 'InvokeTimeout' });
      const next = await h.emulator.invoke({ payload: event({}) });
      assert.equal(next.functionError, undefined);
      assert.equal(h.events.filter((e) => e.type === 'environment-stopped').length, 0, 'the runtime was not reset');
      assert.equal(answer(next).pid, answer(await h.emulator.invoke({ payload: event({}) })).pid);
    } finally {
      await h.stop();
    }
  });

  it('says once per run that a line is not JSON', async () => {
    const h = await harness({ functions: [workersFunction({ maxConcurrency: 2 })] });
    try {
      await h.emulator.invoke({ payload: event({ action: 'text' }) });
      await h.emulator.invoke({ payload: event({ action: 'text' }) });
      const warnings = h.events.filter(
        (e) => isLog(e) && e.stream === 'platform' && e.line.includes('JSON format only'),
      );
      assert.equal(warnings.length, 1);
      assert.match((warnings[0] as { line: string }).line, /not json at all/);
    } finally {
      await h.stop();
    }
  });

  it('says once when the runtime runs fewer workers than AWS_LAMBDA_MAX_CONCURRENCY, and the invocation waits', async () => {
    const h = await harness({ functions: [workersFunction({ maxConcurrency: 3, environment: { LRK_WORKERS: '1' } })] });
    try {
      const results = await Promise.all(
        [1, 2].map(() => h.emulator.invoke({ payload: event({ action: 'sleep', seconds: 1.3 }) })),
      );
      const [a, b] = results.map(answer);
      assert.equal(a.worker, b.worker, 'one worker did both');
      assert.ok(Math.max(a.started, b.started) >= Math.min(a.finished, b.finished), 'one after the other');
      const notes = h.events.filter((e) => isLog(e) && e.line.includes('none waits on /next'));
      assert.equal(notes.length, 1);
      assert.match(
        (notes[0] as { line: string }).line,
        /AWS_LAMBDA_MAX_CONCURRENCY=3, but only 1 of its runtime's workers/,
      );
    } finally {
      await h.stop();
    }
  });

  it('refuses a /next beyond AWS_LAMBDA_MAX_CONCURRENCY waiting workers, and the others go on', async () => {
    const h = await harness({ functions: [workersFunction({ maxConcurrency: 2, environment: { LRK_WORKERS: '3' } })] });
    try {
      const refused = await h.waitFor((e) => isLog(e) && e.line.includes('/next answered 500'), 5000);
      assert.match((refused as { line: string }).line, /Runtime\.TooManyIdleRuntimes/);
      assert.match((refused as { line: string }).line, /AWS_LAMBDA_MAX_CONCURRENCY=2/);
      const result = await h.emulator.invoke({ payload: event({}) });
      assert.equal(result.functionError, undefined);
    } finally {
      await h.stop();
    }
  });
});
