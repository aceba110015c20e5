// The 2026 Runtime API with the official clients: @aws-sdk/client-lambda's TenantId reaching aws-lambda-ric's
// context, its JSON logs, and Lambda Managed Instances' backpressure as the SDK sees it.
import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Emulator } from '../../../../src/core/emulator';
import { awsLambdaRicForTests, nodeRicFunction, SDK_CLIENT_CONFIG, withEmulator } from './support';

const ric = awsLambdaRicForTests();
const need = (t: TestContext) => ric.need(t);
const client = (emulator: Emulator) => new LambdaClient({ ...SDK_CLIENT_CONFIG, endpoint: emulator.url });
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('conformance: tenant ids, JSON logs and Managed Instances with aws-lambda-ric and the AWS SDK', () => {
  it('InvokeCommand’s TenantId reaches the handler’s context.tenantId, and is absent without one', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.context')], anyName: true }, async (emulator) => {
      let started = 0;
      emulator.on((event) => {
        if (event.type === 'environment-started') started++;
      });
      const lambda = client(emulator);
      const blue = await lambda.send(new InvokeCommand({ FunctionName: 'fn', TenantId: 'blue', Payload: payload({}) }));
      assert.equal(blue.FunctionError, undefined, text(blue.Payload));
      assert.equal(JSON.parse(text(blue.Payload)).tenantId, 'blue');
      // Tenant isolation: another tenant gets an environment of its own, never blue's.
      const green = await lambda.send(
        new InvokeCommand({ FunctionName: 'fn', TenantId: 'green', Payload: payload({}) }),
      );
      assert.equal(JSON.parse(text(green.Payload)).tenantId, 'green');
      const none = await lambda.send(new InvokeCommand({ FunctionName: 'fn', Payload: payload({}) }));
      assert.equal(JSON.parse(text(none.Payload)).tenantId, null);
      const again = await lambda.send(new InvokeCommand({ FunctionName: 'fn', Payload: payload({}) }));
      assert.equal(JSON.parse(text(again.Payload)).tenantId, null);
      assert.equal(started, 3, 'blue, green and no tenant: an environment each, the last one reused');
      lambda.destroy();
    });
  });

  it('InvokeWithResponseStreamCommand’s TenantId reaches the handler too', async (t) => {
    const folder = need(t);
    if (!folder) return;
    await withEmulator({ functions: [nodeRicFunction(folder, 'echo.context')], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(
        new InvokeWithResponseStreamCommand({ FunctionName: 'fn', TenantId: 'red', Payload: payload({}) }),
      );
      let body = '';
      for await (const item of answer.EventStream ?? []) body += text(item.PayloadChunk?.Payload);
      assert.equal(JSON.parse(body).tenantId, 'red');
      lambda.destroy();
    });
  });

  it('in the JSON format, the client’s lines carry the tenant, DEBUG is filtered, and Lambda’s lines are records', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const fn = nodeRicFunction(folder, 'echo.log', { logFormat: 'JSON' });
    await withEmulator({ functions: [fn], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: 'fn', TenantId: 'blue', LogType: 'Tail', Payload: payload({ word: 'x' }) }),
      );
      const log = Buffer.from(answer.LogResult ?? '', 'base64').toString('utf8');
      const records = log
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const says = records.find((r) => r.message === 'handler says x');
      assert.equal(says?.level, 'INFO', log);
      assert.equal(says?.tenantId, 'blue');
      assert.ok(!records.some((r) => r.message === 'handler debugs x'), 'DEBUG is below the default INFO');
      const start = records.find((r) => r.type === 'platform.start')?.record as Record<string, unknown>;
      assert.equal(start.tenantId, 'blue');
      assert.equal(start.version, '$LATEST');
      assert.ok(records.some((r) => r.type === 'platform.report'));
      assert.doesNotMatch(log, /^(START|END|REPORT) RequestId/m);
      lambda.destroy();
    });
  });

  it('Managed Instances: an invoke beyond the free workers is TooManyRequestsException for the SDK', async (t) => {
    const folder = need(t);
    if (!folder) return;
    const fn = nodeRicFunction(folder, 'slow.handler', { maxConcurrency: 2 });
    await withEmulator({ functions: [fn], anyName: true }, async (emulator) => {
      const lambda = client(emulator);
      await lambda.send(new InvokeCommand({ FunctionName: 'fn', Payload: payload({ ms: 1 }) })); // initialized
      const send = () => lambda.send(new InvokeCommand({ FunctionName: 'fn', Payload: payload({ ms: 800 }) }));
      const first = send();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // aws-lambda-ric 3.3.0 runs one loop: the second invocation waits for it, as one more worker is promised...
      const second = send();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // ...and a third finds both of AWS_LAMBDA_MAX_CONCURRENCY's workers taken.
      await assert.rejects(send(), (error: unknown) => {
        assert.ok(error instanceof TooManyRequestsException, String(error));
        assert.equal(error.Reason, 'ConcurrentInvocationLimitExceeded');
        assert.equal(error.$metadata.httpStatusCode, 429);
        return true;
      });
      for (const answer of await Promise.all([first, second])) assert.equal(answer.FunctionError, undefined);
      lambda.destroy();
    });
  });
});
