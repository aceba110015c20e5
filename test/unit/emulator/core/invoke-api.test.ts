// The Invoke API over real HTTP: invocation types, log tails, Lambda's errors, and its loopback-only guard.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { harness, noPython, pythonFunction, rawExchange, type Harness } from './helpers';

/** A request with full control of the Host and Origin headers (fetch does not allow setting them). */
function post(
  port: number,
  path: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const invokePath = (name: string) => `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;

describe('Invoke API', { skip: noPython }, () => {
  let h: Harness;
  before(async () => {
    h = await harness({ functions: [pythonFunction({ name: 'one' }), pythonFunction({ name: 'two' })] });
  });
  after(() => h.stop());

  it('listens on 127.0.0.1 and answers RequestResponse with the payload and Lambda headers', async () => {
    assert.match(h.emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${h.emulator.url}${invokePath('one')}`, { method: 'POST', body: '{"hello":"world"}' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-amz-executed-version'), '$LATEST');
    assert.equal(res.headers.get('x-amz-function-error'), null);
    assert.equal(res.headers.get('x-amz-log-result'), null);
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(await res.json(), { hello: 'world' });
  });

  it('reaches a function by ARN too', async () => {
    const res = await post(
      h.emulator.port,
      invokePath('arn:aws:lambda:us-east-1:012345678912:function:two'),
      '{"via":"arn"}',
    );
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { via: 'arn' });
  });

  it('returns function errors as Lambda does: 200, X-Amz-Function-Error: Unhandled, the error JSON', async () => {
    const res = await fetch(`${h.emulator.url}${invokePath('one')}`, { method: 'POST', body: '{"action":"error"}' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-amz-function-error'), 'Unhandled');
    assert.deepEqual(await res.json(), { errorMessage: 'it failed', errorType: 'FixtureError', stackTrace: [] });
  });

  it('X-Amz-Log-Type: Tail returns the last 4 KB of the log, base64, ending with REPORT', async () => {
    const res = await fetch(`${h.emulator.url}${invokePath('one')}`, {
      method: 'POST',
      body: JSON.stringify({ action: 'log', lines: 200 }),
      headers: { 'X-Amz-Log-Type': 'Tail' },
    });
    assert.equal(res.status, 200);
    const tail = Buffer.from(res.headers.get('x-amz-log-result') ?? '', 'base64');
    assert.equal(tail.length, 4096);
    const requestId = res.headers.get('x-amzn-requestid');
    assert.match(tail.toString(), new RegExp(`END RequestId: ${requestId}\\nREPORT RequestId: ${requestId}\\t.*\\n$`));
  });

  it('Event answers 202 at once and runs the invocation in the background; DryRun answers 204', async () => {
    const res = await fetch(`${h.emulator.url}${invokePath('two')}`, {
      method: 'POST',
      body: '{"action":"sleep","seconds":0.3}',
      headers: { 'X-Amz-Invocation-Type': 'Event' },
    });
    assert.equal(res.status, 202);
    assert.equal(await res.text(), '');
    const requestId = res.headers.get('x-amzn-requestid');
    const finished = await h.waitFor(
      (event) => event.type === 'invocation-finished' && event.result.requestId === requestId,
    );
    assert.ok(finished.type === 'invocation-finished');
    assert.equal(Buffer.from(finished.result.payload).toString(), '{"slept": 0.3}');
    const dry = await fetch(`${h.emulator.url}${invokePath('two')}`, {
      method: 'POST',
      body: '{}',
      headers: { 'X-Amz-Invocation-Type': 'DryRun' },
    });
    assert.equal(dry.status, 204);
  });

  it('an unknown function is 404 ResourceNotFoundException', async () => {
    const res = await post(h.emulator.port, invokePath('three'), '{}');
    assert.equal(res.status, 404);
    assert.equal(res.headers['x-amzn-errortype'], 'ResourceNotFoundException');
    assert.deepEqual(JSON.parse(res.body), {
      Type: 'User',
      message: 'Function not found: arn:aws:lambda:us-east-1:012345678912:function:three',
    });
  });

  it('a request over 6 MB is 413 RequestEntityTooLargeException, never truncated', async () => {
    const res = await post(h.emulator.port, invokePath('one'), Buffer.alloc(7 * 1024 * 1024, 0x61));
    assert.equal(res.status, 413);
    assert.equal(res.headers['x-amzn-errortype'], 'RequestEntityTooLargeException');
    assert.match(res.body, /Request must be smaller than 6291456 bytes for the InvokeFunction operation/);
    await assert.rejects(
      h.emulator.invoke({ functionName: 'one', payload: Buffer.alloc(6 * 1024 * 1024 + 1) }),
      (error: Error) => error.name === 'RequestEntityTooLargeException',
    );
  });

  it('rejects bad invocation types, log types and client contexts with 400', async () => {
    const type = await post(h.emulator.port, invokePath('one'), '{}', { 'X-Amz-Invocation-Type': 'Later' });
    assert.equal(type.status, 400);
    assert.equal(type.headers['x-amzn-errortype'], 'ValidationException');
    const log = await post(h.emulator.port, invokePath('one'), '{}', { 'X-Amz-Log-Type': 'All' });
    assert.equal(log.status, 400);
    const context = await post(h.emulator.port, invokePath('one'), '{}', {
      'X-Amz-Client-Context': 'not base64 json!',
    });
    assert.equal(context.status, 400);
    assert.equal(context.headers['x-amzn-errortype'], 'InvalidRequestContentException');
    const path = await post(h.emulator.port, '/2015-03-31/functions', '{}');
    assert.equal(path.status, 404);
    assert.equal(path.headers['x-amzn-errortype'], 'UnknownOperationException');
  });

  it('passes X-Amzn-Trace-Id and a decoded X-Amz-Client-Context to the runtime', async () => {
    const context = Buffer.from('{"custom":{"k":"v"}}').toString('base64');
    const res = await post(h.emulator.port, invokePath('one'), '{"action":"headers"}', {
      'X-Amzn-Trace-Id': 'Root=1-00000000-000000000000000000000001;Sampled=1',
      'X-Amz-Client-Context': context,
    });
    const headers = JSON.parse(res.body) as Record<string, string>;
    assert.equal(headers['lambda-runtime-trace-id'], 'Root=1-00000000-000000000000000000000001;Sampled=1');
    assert.equal(headers['lambda-runtime-client-context'], '{"custom":{"k":"v"}}');
  });
});

describe('Invoke API security', { skip: noPython }, () => {
  let h: Harness;
  before(async () => {
    h = await harness({ functions: [pythonFunction({ name: 'guarded' })] });
  });
  after(() => h.stop());

  it('refuses any request with an Origin header (a web page must not run the code)', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${h.emulator.port}`]) {
      const res = await post(h.emulator.port, invokePath('guarded'), '{}', { Origin: origin });
      assert.equal(res.status, 403, origin);
      assert.equal(res.headers['x-amzn-errortype'], 'AccessDeniedException');
    }
  });

  it('refuses a Host that is not a loopback name, accepts localhost, 127.0.0.1 and [::1] with any port', async () => {
    for (const host of ['evil.example', 'evil.example:80', '127.0.0.1.nip.io', 'localhost.evil.example', '10.0.0.1']) {
      const res = await post(h.emulator.port, invokePath('guarded'), '{}', { Host: host });
      assert.equal(res.status, 403, host);
    }
    for (const host of [
      'localhost',
      `localhost:${h.emulator.port}`,
      '127.0.0.1:1',
      '[::1]',
      '[::1]:8080',
      'LOCALHOST',
    ]) {
      const res = await post(h.emulator.port, invokePath('guarded'), '{"ok":1}', { Host: host });
      assert.equal(res.status, 200, host);
    }
    const noHost = await rawExchange(
      h.emulator.port,
      'POST /2015-03-31/functions/guarded/invocations HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}',
    );
    assert.match(noHost, /^HTTP\/1\.1 403/);
  });

  it('keeps serving after malformed HTTP and garbage bytes', async () => {
    const answers = await Promise.all([
      rawExchange(h.emulator.port, Buffer.from([0, 1, 2, 255, 13, 10, 13, 10])),
      rawExchange(h.emulator.port, 'POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: nope\r\n\r\n'),
      rawExchange(
        h.emulator.port,
        'POST /2015-03-31/functions/guarded/invocations HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      ),
      rawExchange(h.emulator.port, `GET / HTTP/1.1\r\nHost: localhost\r\n${'X-Long: '.padEnd(70_000, 'a')}\r\n\r\n`),
      rawExchange(
        h.emulator.port,
        'POST /2015-03-31/functions/guarded/invocations HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"half',
      ),
    ]);
    for (const answer of answers.slice(0, 4)) assert.match(answer, /^HTTP\/1\.1 4\d\d/);
    const res = await fetch(`${h.emulator.url}${invokePath('guarded')}`, { method: 'POST', body: '{"still":"up"}' });
    assert.deepEqual(await res.json(), { still: 'up' });
  });
});

describe('anyName', { skip: noPython }, () => {
  it('sends any function name to the one function, as the official emulator does', async () => {
    const h = await harness({ functions: [pythonFunction({ name: 'only' })], anyName: true });
    try {
      const res = await post(h.emulator.port, invokePath('function'), '{"any":"name"}');
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.body), { any: 'name' });
    } finally {
      await h.stop();
    }
  });
});
