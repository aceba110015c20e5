// The emulator as the AWS SDK for JavaScript sees it: @aws-sdk/client-lambda with `endpoint: emulator.url`.
import { InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Emulator } from '../../../../src/core/emulator';
import { awsLambdaRicForTests, bashTutorial, nodeRicFunction, SDK_CLIENT_CONFIG, withEmulator } from './support';

const ric = awsLambdaRicForTests();
const need = (t: TestContext) => ric.need(t);

const client = (emulator: Emulator) => new LambdaClient({ ...SDK_CLIENT_CONFIG, endpoint: emulator.url });
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('conformance: @aws-sdk/client-lambda InvokeCommand', () => {
  it('RequestResponse returns the payload, status 200 and the executed version', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.handler')], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(new InvokeCommand({ FunctionName: 'my-function', Payload: payload({ a: 1 }) }));
      assert.equal(answer.StatusCode, 200);
      assert.equal(answer.FunctionError, undefined);
      assert.equal(answer.ExecutedVersion, '$LATEST');
      assert.deepEqual(JSON.parse(text(answer.Payload)), { a: 1 });
      lambda.destroy();
    });
  });

  it('LogType Tail returns the invocation’s log, base64, with START, END and REPORT', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.log')], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: 'function', Payload: payload({ word: 'tail' }), LogType: 'Tail' }),
      );
      const log = Buffer.from(answer.LogResult ?? '', 'base64').toString('utf8');
      assert.match(log, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
      assert.match(log, /handler says tail/);
      assert.match(log, /^END RequestId: [0-9a-f-]{36}$/m);
      assert.match(log, /^REPORT RequestId: [0-9a-f-]{36}\tDuration: /m);
      lambda.destroy();
    });
  });

  it('a handler error comes back as FunctionError Unhandled with the error JSON', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'error.handler')], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(new InvokeCommand({ FunctionName: 'function', Payload: payload({ order: 3 }) }));
      assert.equal(answer.StatusCode, 200);
      assert.equal(answer.FunctionError, 'Unhandled');
      const error = JSON.parse(text(answer.Payload));
      assert.equal(error.errorType, 'OrderError');
      assert.equal(error.errorMessage, 'order 3 not found');
      lambda.destroy();
    });
  });

  it('Event answers 202 at once and runs the handler in the background', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'slow.handler')], anyName: true }, async (emulator) => {
      const finished = new Promise<void>((resolve) => {
        emulator.on((event) => {
          if (event.type === 'invocation-finished' && event.result.functionError === undefined) resolve();
        });
      });
      const lambda = client(emulator);
      const started = Date.now();
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: 'function', InvocationType: 'Event', Payload: payload({ ms: 2000 }) }),
      );
      const elapsed = Date.now() - started;
      assert.equal(answer.StatusCode, 202);
      assert.equal(text(answer.Payload), '');
      assert.ok(elapsed < 1500, `Event waited ${elapsed} ms for a 2000 ms handler`);
      await finished;
      lambda.destroy();
    });
  });

  it('DryRun answers 204 and runs nothing', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.handler')], anyName: true }, async (emulator) => {
      let invocations = 0;
      emulator.on((event) => {
        if (event.type === 'invocation-started') invocations++;
      });
      const lambda = client(emulator);
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: 'function', InvocationType: 'DryRun', Payload: payload({}) }),
      );
      assert.equal(answer.StatusCode, 204);
      assert.equal(invocations, 0);
      lambda.destroy();
    });
  });

  it('a 7 MB request is refused with 413, a 7 MB response is Function.ResponseSizeTooLarge', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'big.handler')], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      await assert.rejects(
        lambda.send(new InvokeCommand({ FunctionName: 'function', Payload: payload({ pad: 'z'.repeat(7 << 20) }) })),
        (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(error.$metadata?.httpStatusCode, 413);
          assert.match(error.name ?? '', /RequestTooLarge|RequestEntityTooLarge/);
          return true;
        },
      );
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: 'function', Payload: payload({ bytes: 7 << 20 }) }),
      );
      assert.equal(answer.FunctionError, 'Unhandled');
      assert.equal(JSON.parse(text(answer.Payload)).errorType, 'Function.ResponseSizeTooLarge');
      lambda.destroy();
    });
  });

  it('works with the AWS tutorial’s bash runtime too', async (t) => {
    const { fn, skip } = await bashTutorial();
    if (!fn) return t.skip(skip);
    await withEmulator({ functions: [fn], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: 'function', Payload: payload({ from: 'sdk' }), LogType: 'Tail' }),
      );
      assert.equal(answer.StatusCode, 200);
      assert.equal(answer.FunctionError, undefined, text(answer.Payload));
      assert.match(text(answer.Payload), /\{"from":"sdk"\}/);
      assert.match(Buffer.from(answer.LogResult ?? '', 'base64').toString(), /^REPORT RequestId: /m);
      lambda.destroy();
    });
  });
});

describe('conformance: @aws-sdk/client-lambda InvokeWithResponseStreamCommand', () => {
  it('delivers PayloadChunk events in order, the first before the handler has finished', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator(
      { functions: [nodeRicFunction(folder, 'streaming.handler')], anyName: true },
      async (emulator) => {
        const lambda = client(emulator);
        const started = Date.now();
        const answer = await lambda.send(
          new InvokeWithResponseStreamCommand({ FunctionName: 'function', Payload: payload({ gapMs: 300 }) }),
        );
        assert.equal(answer.StatusCode, 200);
        const chunks: { text: string; at: number }[] = [];
        let complete: { ErrorCode?: string } | undefined;
        for await (const event of answer.EventStream!) {
          if (event.PayloadChunk?.Payload)
            chunks.push({ text: text(event.PayloadChunk.Payload), at: Date.now() - started });
          if (event.InvokeComplete) complete = event.InvokeComplete;
        }
        const all = chunks.map((chunk) => chunk.text).join('');
        assert.equal(all, 'first chunk\nsecond chunk\n');
        assert.ok(complete, 'the stream ends with InvokeComplete');
        assert.equal(complete.ErrorCode, undefined);
        const first = chunks.find((chunk) => chunk.text.includes('first chunk'))!;
        const second = chunks.find((chunk) => chunk.text.includes('second chunk'))!;
        assert.notEqual(first, second, 'the two writes arrive as separate chunks');
        // The handler waits 300 ms between its writes: a buffering emulator would deliver both together.
        assert.ok(second.at - first.at >= 200, `first at ${first.at} ms, second at ${second.at} ms`);
        lambda.destroy();
      },
    );
  });

  it('reports an error after the first bytes in InvokeComplete, keeping the bytes already sent', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'streaming.fail')], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(
        new InvokeWithResponseStreamCommand({ FunctionName: 'function', Payload: payload({}) }),
      );
      let body = '';
      let complete: { ErrorCode?: string; ErrorDetails?: string } | undefined;
      for await (const event of answer.EventStream!) {
        if (event.PayloadChunk?.Payload) body += text(event.PayloadChunk.Payload);
        if (event.InvokeComplete) complete = event.InvokeComplete;
      }
      assert.equal(body, 'partial\n');
      assert.ok(complete?.ErrorCode, 'InvokeComplete names the error');
      assert.match(`${complete.ErrorCode} ${complete.ErrorDetails ?? ''}`, /stream broke|Error/);
      lambda.destroy();
    });
  });

  it('streams a buffered (non-streaming) handler as one chunk', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.handler')], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(
        new InvokeWithResponseStreamCommand({ FunctionName: 'function', Payload: payload({ whole: true }) }),
      );
      let body = '';
      for await (const event of answer.EventStream!)
        if (event.PayloadChunk?.Payload) body += text(event.PayloadChunk.Payload);
      assert.deepEqual(JSON.parse(body), { whole: true });
      lambda.destroy();
    });
  });
});
