/**
 * The floor for a Node implementation of the Runtime API: the least a server must do to hand events to a
 * runtime and answers back to callers, on node:http, with nothing else (no logs, no limits, no timeouts, no
 * process management). The emulator bench measures the emulator against it, so the ratio shows what the
 * emulator's extra work costs.
 *
 * One port serves both sides: the Runtime API (/2018-06-01/runtime/...) for the runtimes and a bare Invoke API
 * (POST /2015-03-31/functions/{name}/invocations) for the bench's caller.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RuntimeApiStub {
  /** `http://127.0.0.1:PORT`, the Invoke API's base. */
  readonly url: string;
  /** `127.0.0.1:PORT`, for AWS_LAMBDA_RUNTIME_API. */
  readonly runtimeApi: string;
  stop(): Promise<void>;
}

interface Pending {
  readonly id: string;
  readonly body: Buffer;
  readonly caller: http.ServerResponse;
}

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:function';

/** Starts the stub on a free loopback port. */
export async function startRuntimeApiStub(): Promise<RuntimeApiStub> {
  const queue: Pending[] = [];
  const pollers: http.ServerResponse[] = [];
  const inflight = new Map<string, http.ServerResponse>();

  const deliver = (pending: Pending, poller: http.ServerResponse) => {
    inflight.set(pending.id, pending.caller);
    poller.writeHead(200, {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': pending.id,
      'Lambda-Runtime-Deadline-Ms': String(Date.now() + 900_000),
      'Lambda-Runtime-Invoked-Function-Arn': FUNCTION_ARN,
      'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
    });
    poller.end(pending.body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const body = Buffer.concat(chunks);
      if (req.method === 'GET' && url === '/2018-06-01/runtime/invocation/next') {
        const pending = queue.shift();
        if (pending) deliver(pending, res);
        else pollers.push(res);
        return;
      }
      const answer = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
      if (req.method === 'POST' && answer) {
        const caller = inflight.get(decodeURIComponent(answer[1]));
        inflight.delete(decodeURIComponent(answer[1]));
        res.writeHead(caller ? 202 : 400).end();
        caller?.writeHead(200, answer[2] === 'error' ? { 'X-Amz-Function-Error': 'Unhandled' } : {}).end(body);
        return;
      }
      if (req.method === 'POST' && /^\/2015-03-31\/functions\/[^/]+\/invocations$/.test(url)) {
        const pending = { id: randomUUID(), body, caller: res };
        // A runtime that died while polling left its request behind; skip it rather than lose the event.
        let poller = pollers.shift();
        while (poller?.socket?.destroyed) poller = pollers.shift();
        if (poller) deliver(pending, poller);
        else queue.push(pending);
        return;
      }
      if (req.method === 'POST' && url === '/2018-06-01/runtime/init/error') {
        res.writeHead(202).end();
        return;
      }
      res.writeHead(404).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runtimeApi: `127.0.0.1:${port}`,
    stop: async () => {
      for (const poller of pollers.splice(0)) poller.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
