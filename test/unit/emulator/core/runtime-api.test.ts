// The Runtime API as a real runtime (the Python fixture) sees it: /next headers, answers to mistakes, extensions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, noPython, pythonFunction, type Harness } from './helpers';

describe('Runtime API', { skip: noPython }, () => {
  let h: Harness;
  before(async () => {
    h = await harness({ functions: [pythonFunction({ name: 'api-fn', region: 'eu-west-3' })] });
  });
  after(() => h.stop());

  it('/next carries the request id, deadline, function ARN and a generated X-Ray trace id', async () => {
    const before = Date.now();
    const result = await h.invokeJson({ action: 'headers' });
    const headers = result.json as Record<string, string>;
    assert.equal(headers['lambda-runtime-aws-request-id'], result.requestId);
    assert.equal(
      headers['lambda-runtime-invoked-function-arn'],
      'arn:aws:lambda:eu-west-3:012345678912:function:api-fn',
    );
    const deadline = Number(headers['lambda-runtime-deadline-ms']);
    assert.ok(deadline >= before + 900 && deadline <= Date.now() + 1000, `deadline ${deadline} is not about 1 s ahead`);
    assert.match(headers['lambda-runtime-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['lambda-runtime-client-context'], undefined);
    assert.equal(headers['lambda-runtime-cognito-identity'], undefined);
  });

  it("passes the caller's trace id, decoded client context and cognito identity", async () => {
    const clientContext = { custom: { app: 'tests', text: 'héllo' } };
    const result = await h.emulator.invoke({
      payload: Buffer.from('{"action":"headers"}'),
      traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
      clientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
      cognitoIdentity: '{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}',
    });
    const headers = JSON.parse(Buffer.from(result.payload).toString()) as Record<string, string>;
    assert.equal(headers['lambda-runtime-trace-id'], 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1');
    assert.deepEqual(JSON.parse(headers['lambda-runtime-client-context']), clientContext);
    assert.deepEqual(JSON.parse(headers['lambda-runtime-cognito-identity']), {
      cognitoIdentityId: 'id-1',
      cognitoIdentityPoolId: 'pool-1',
    });
  });

  it('answers 202, then 400 for an unknown id, 403 for a second response, an error after it and a late init error', async () => {
    const result = await h.invokeJson({ action: 'protocol' });
    assert.deepEqual(result.json, { first: true });
    assert.equal(result.functionError, undefined);
    const line = result.logs.split('\n').find((l) => l.startsWith('protocol: '));
    assert.ok(line, result.logs);
    assert.deepEqual(JSON.parse(line.slice('protocol: '.length)), {
      'unknown-id': 400,
      first: 202,
      second: 403,
      'error-after': 403,
      'init-error-late': 403,
      'bad-path': 404,
    });
    // The environment survived its runtime's mistakes.
    assert.deepEqual((await h.invokeJson({ ok: 1 })).json, { ok: 1 });
  });

  it('an error posted with Lambda-Runtime-Function-Error-Type reaches the caller as a function error', async () => {
    const result = await h.invokeJson({ action: 'error' });
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.errorType, 'FixtureError');
    assert.deepEqual(result.json, { errorMessage: 'it failed', errorType: 'FixtureError', stackTrace: [] });
    assert.match(result.logs, /error posted: 202/);
  });

  it('refuses web pages and foreign Host names, as the Invoke API does', async () => {
    const result = await h.invokeJson({ action: 'host-checks' });
    assert.deepEqual(result.json, { origin: '403', 'foreign-host': '403', 'no-host': '200' });
  });

  it('survives garbage bytes on the Runtime API socket', async () => {
    const result = await h.invokeJson({ action: 'garbage' });
    assert.deepEqual(result.json, { survived: true });
    assert.match(result.logs, /garbage answer: b'HTTP\/1.1 400/);
    assert.deepEqual((await h.invokeJson({ after: 'garbage' })).json, { after: 'garbage' });
  });
});

describe('Extensions, Logs and Telemetry APIs', { skip: noPython }, () => {
  let h: Harness;
  before(async () => {
    h = await harness({ functions: [pythonFunction({ name: 'ext-fn', handler: 'extensions' })] });
  });
  after(() => h.stop());

  it('accepts registration and answers Logs/Telemetry subscriptions as unsupported, like the official emulator', async () => {
    const result = await h.invokeJson({ hello: 'extensions' });
    assert.deepEqual(result.json, { hello: 'extensions' });
    assert.match(
      result.logs,
      /register: 200 \{"functionName":"ext-fn","functionVersion":"\$LATEST","handler":"extensions"\}/,
    );
    assert.match(
      result.logs,
      /logs: 202 \{"errorMessage":"Logs API is not supported","errorType":"Logs.NotSupported"\}/,
    );
    assert.match(
      result.logs,
      /telemetry: 202 \{"errorMessage":"Telemetry API is not supported","errorType":"Telemetry.NotSupported"\}/,
    );
  });

  it('holds extension/event/next until shutdown, then sends SHUTDOWN', async () => {
    await h.emulator.recycle();
    const line = await h.waitFor((event) => event.type === 'log' && event.line.startsWith('extension event:'));
    assert.ok(line.type === 'log');
    assert.match(line.line, /extension event: 200 \{"eventType":"SHUTDOWN","shutdownReason":"spindown"/);
  });
});
