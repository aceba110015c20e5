// The emulator against the official Node runtime interface client (aws-lambda-ric 3.3.0, native curl client).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { EmulatorEvent, InvokeResult } from '../../../../src/core/emulator';
import { awsLambdaRicForTests, eventually, NODE_RIC, nodeRicFunction, postInvoke, withEmulator } from './support';

const ric = awsLambdaRicForTests();
const need = (t: TestContext) => ric.need(t);

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const parse = (result: InvokeResult) => JSON.parse(Buffer.from(result.payload).toString('utf8'));

describe('conformance: aws-lambda-ric', () => {
  it('returns the handler’s answer byte for byte, with START, END and REPORT in the log', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.handler')] }, async (emulator) => {
      const event = { greeting: 'hello', unicode: 'żółw 🐢', nested: { list: [1, 2, 3] } };
      const first = await emulator.invoke({ payload: json(event) });
      assert.equal(first.functionError, undefined, Buffer.from(first.payload).toString());
      assert.deepEqual(parse(first), event);
      assert.match(first.logs, new RegExp(`^START RequestId: ${first.requestId} Version: \\$LATEST$`, 'm'));
      assert.match(first.logs, new RegExp(`^END RequestId: ${first.requestId}$`, 'm'));
      assert.match(
        first.logs,
        /^REPORT RequestId: \S+\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d{2} ms/m,
      );
      assert.ok(first.initDurationMs !== undefined && first.initDurationMs > 0, 'the first invoke reports its init');
      // The client's resident memory is tens of MB: a measured figure, not the memory size echoed back.
      assert.ok(first.maxMemoryUsedMb > 5 && first.maxMemoryUsedMb < 128, `Max Memory Used ${first.maxMemoryUsedMb}`);

      const second = await emulator.invoke({ payload: json({ n: 2 }) });
      assert.deepEqual(parse(second), { n: 2 });
      assert.equal(second.initDurationMs, undefined, 'a warm environment has no init');
      assert.notEqual(second.requestId, first.requestId);
    });
  });

  it('hands the client the request id, ARN, deadline, client context, identity and trace id', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const fn = nodeRicFunction(folder, 'echo.context', { memoryMb: 256, timeoutSeconds: 7 });
    await withEmulator({ functions: [fn] }, async (emulator) => {
      const clientContext = { client: { app_title: 'tests' }, custom: { tenant: 'acme' }, env: { locale: 'pl' } };
      const identity = { cognitoIdentityId: 'us-east-1:1234', cognitoIdentityPoolId: 'us-east-1:pool' };
      const traceId = 'Root=1-5e645f3e-1dfad076a177c5ccc5de12f5;Parent=b4ea2c2c8d42ab0a;Sampled=1';
      const result = await emulator.invoke({
        payload: json({ x: 1 }),
        clientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
        cognitoIdentity: JSON.stringify(identity),
        traceId,
      });
      const seen = parse(result);
      assert.equal(seen.awsRequestId, result.requestId);
      assert.match(seen.invokedFunctionArn, /^arn:aws:lambda:us-east-1:\d{12}:function:function$/);
      assert.equal(seen.functionName, 'function');
      assert.equal(seen.memoryLimitInMB, '256');
      assert.ok(
        seen.remainingTimeInMillis <= 7000 && seen.remainingTimeInMillis > 3500,
        `${seen.remainingTimeInMillis}`,
      );
      assert.deepEqual(seen.clientContext.custom, clientContext.custom);
      assert.deepEqual(seen.clientContext.client, clientContext.client);
      assert.equal(seen.identity.cognitoIdentityId, identity.cognitoIdentityId);
      assert.equal(seen.traceId, traceId);
      assert.equal(seen.cwd, NODE_RIC);
      assert.equal(seen.taskRoot, NODE_RIC);
    });
  });

  it('returns a thrown error as Lambda does: Unhandled, with the error JSON the client posted', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'error.handler')] }, async (emulator) => {
      const result = await emulator.invoke({ payload: json({ order: 7 }) });
      assert.equal(result.functionError, 'Unhandled');
      // The client's native transport posts no Lambda-Runtime-Function-Error-Type header, so the platform's type
      // is Runtime.Unknown, as on Lambda; the handler's own type is in the body.
      assert.equal(result.errorType, 'Runtime.Unknown');
      const error = parse(result);
      assert.equal(error.errorType, 'OrderError');
      assert.equal(error.errorMessage, 'order 7 not found');
      assert.ok(Array.isArray(error.trace));

      const http = await postInvoke(emulator.url, JSON.stringify({ order: 8 }));
      assert.equal(http.status, 200);
      assert.equal(http.headers.get('x-amz-function-error'), 'Unhandled');
      assert.equal(JSON.parse(http.body).errorMessage, 'order 8 not found');
    });
  });

  it('turns an init error into the first invoke’s error, and initialises afresh for the next', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'init-error.handler')] }, async (emulator) => {
      for (let attempt = 1; attempt <= 2; attempt++) {
        const result = await emulator.invoke({ payload: json({}) });
        assert.equal(result.functionError, 'Unhandled', `attempt ${attempt}`);
        assert.match(Buffer.from(result.payload).toString(), /cannot load configuration/, `attempt ${attempt}`);
      }
    });
  });

  it('times out a slow handler, kills it, says so in the log, and answers the next invoke from a fresh process', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const events: EmulatorEvent[] = [];
    await withEmulator(
      { functions: [nodeRicFunction(folder, 'slow.handler', { timeoutSeconds: 1 })] },
      async (emulator) => {
        emulator.on((event) => events.push(event));
        const started = Date.now();
        const timedOut = await emulator.invoke({ payload: json({ ms: 10_000 }) });
        const elapsed = Date.now() - started;
        assert.equal(timedOut.functionError, 'Unhandled');
        assert.equal(timedOut.errorType, 'Sandbox.Timedout');
        assert.match(timedOut.logs, /Task timed out after 1\.00 seconds/);
        assert.ok(elapsed >= 950 && elapsed < 5000, `answered after ${elapsed} ms`);
        const stopped = await eventually(async () =>
          events.some((event) => event.type === 'environment-stopped' && event.reason === 'timeout'),
        );
        assert.ok(stopped, 'the environment is reported stopped for the timeout');

        const next = await emulator.invoke({ payload: json({ ms: 10 }) });
        assert.equal(next.functionError, undefined, Buffer.from(next.payload).toString());
        assert.ok(next.initDurationMs !== undefined, 'the next invoke starts a fresh environment');
      },
    );
  });

  it('returns Function.ResponseSizeTooLarge for a 7 MB response, never a truncated one, and keeps serving', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'big.handler')] }, async (emulator) => {
      const tooLarge = await emulator.invoke({ payload: json({ bytes: 7 * 1024 * 1024 }) });
      assert.equal(tooLarge.functionError, 'Unhandled');
      assert.equal(tooLarge.errorType, 'Function.ResponseSizeTooLarge');
      assert.equal(parse(tooLarge).errorType, 'Function.ResponseSizeTooLarge');
      assert.ok(tooLarge.payload.byteLength < 1024, 'the caller gets the error, not part of the body');

      // Just under the limit passes whole: 6 MB of x plus the JSON quotes.
      const fits = await emulator.invoke({ payload: json({ bytes: 6 * 1024 * 1024 }) });
      assert.equal(fits.functionError, undefined, Buffer.from(fits.payload.subarray(0, 300)).toString());
      assert.equal(fits.payload.byteLength, 6 * 1024 * 1024 + 2);
    });
  });

  it('answers a 7 MB request with 413 before the runtime sees it', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.handler')] }, async (emulator) => {
      const invocations: string[] = [];
      emulator.on((event) => {
        if (event.type === 'invocation-started') invocations.push(event.requestId);
      });
      const big = JSON.stringify({ data: 'y'.repeat(7 * 1024 * 1024) });
      const response = await postInvoke(emulator.url, big);
      assert.equal(response.status, 413);
      assert.match(response.body, /Request must be smaller than 6291456 bytes for the InvokeFunction operation/);
      assert.deepEqual(invocations, [], 'no invocation started');
      const after = await postInvoke(emulator.url, '{"still":"alive"}');
      assert.equal(after.status, 200);
      assert.deepEqual(JSON.parse(after.body), { still: 'alive' });
    });
  });

  it('streams a streamified handler on the streaming Invoke API as it writes', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'streaming.handler')] }, async (emulator) => {
      const response = await fetch(`${emulator.url}/2021-11-15/functions/function/response-streaming-invocations`, {
        method: 'POST',
        body: JSON.stringify({ gapMs: 400 }),
      });
      assert.equal(response.status, 200);
      const reader = response.body!.getReader();
      const started = Date.now();
      let raw = Buffer.alloc(0);
      let firstAt: number | undefined;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        raw = Buffer.concat([raw, value]);
        if (firstAt === undefined && raw.includes('first chunk')) firstAt = Date.now() - started;
      }
      const total = Date.now() - started;
      assert.ok(raw.includes('second chunk'), 'the whole stream arrives');
      assert.ok(firstAt !== undefined && total - firstAt >= 250, `first chunk at ${firstAt} ms, end at ${total} ms`);
    });
  });

  it('prints the handler’s console output as log lines of its request', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.log')] }, async (emulator) => {
      const lines: { line: string; requestId?: string }[] = [];
      emulator.on((event) => {
        if (event.type === 'log') lines.push(event);
      });
      const result = await emulator.invoke({ payload: json({ word: 'ahoy' }) });
      assert.match(result.logs, /handler says ahoy/);
      const line = lines.find((entry) => entry.line.includes('handler says ahoy'));
      assert.ok(line, 'the line is emitted as an event');
      assert.equal(line.requestId, result.requestId);
    });
  });
});
