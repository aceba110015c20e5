// The bash debugger on the AWS tutorial's runtime exactly as AWS publishes it (#!/bin/sh, set -euo pipefail,
// the handler sourced through a path built from _HANDLER and run inside $(...)), with the real emulator.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, test } from 'node:test';
import { harness, BASH_TUTORIAL } from '../../emulator/core/helpers';
import {
  bashFunction,
  debugBash,
  lineOf,
  logLines,
  nextStop,
  noBashOrCurl,
  processesMarked,
  scopeVariables,
} from './support';

const BOOTSTRAP = path.join(BASH_TUTORIAL, 'bootstrap');
const FUNCTION_SH = path.join(BASH_TUTORIAL, 'function.sh');
const RESPONSE_LINE = lineOf(FUNCTION_SH, 'RESPONSE="Echoing');
const ECHO_LINE = lineOf(FUNCTION_SH, 'echo $RESPONSE');
const HANDLER_CALL_LINE = lineOf(BOOTSTRAP, 'RESPONSE=$($(echo');

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

/** A log without what differs from run to run: request ids, durations, memory, curl's transfer figures. */
function comparable(lines: readonly string[]): string[] {
  return lines.map((line) =>
    line
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
      .replace(/\d+(\.\d+)?/g, 'N')
      .replace(/[ -]+/g, ' '),
  );
}

describe('bash debugger: the AWS tutorial runtime', { skip: noBashOrCurl }, () => {
  test('stops in function.sh inside $(...), shows the stack and variables, steps, answers, stops again, leaves no process', async () => {
    const marker = randomUUID();
    const run = await debugBash(bashFunction(BASH_TUTORIAL, marker), {
      breakpoints: { [FUNCTION_SH]: [{ line: RESPONSE_LINE }] },
    });
    try {
      const answer = run.runtime.invokeJson({ hello: 'world' });
      const stop = await nextStop(run.client);
      assert.equal(stop.event.body.reason, 'breakpoint');
      assert.deepEqual(
        stop.frames.map((frame) => [frame.name, frame.source?.path, frame.line]),
        [
          ['handler', FUNCTION_SH, RESPONSE_LINE],
          ['bootstrap', BOOTSTRAP, HANDLER_CALL_LINE],
        ],
      );
      const threads = await run.client.threadsRequest();
      const thread = threads.body.threads.find((candidate) => candidate.id === stop.threadId);
      assert.match(thread?.name ?? '', /^subshell 1 of \d+/, 'the handler runs in the $(...) subshell');
      assert.ok(threads.body.threads.some((candidate) => /^bootstrap/.test(candidate.name)));

      const globals = await scopeVariables(run.client, stop.frames[0].id, 'Globals');
      assert.equal(globals?.EVENT_DATA?.value, '{"hello":"world"}');
      const environment = await scopeVariables(run.client, stop.frames[0].id, 'Environment');
      assert.equal(environment?._HANDLER?.value, 'function.handler');

      await run.client.nextRequest({ threadId: stop.threadId });
      const stepped = await nextStop(run.client);
      assert.equal(stepped.event.body.reason, 'step');
      assert.equal(stepped.frames[0].line, ECHO_LINE);
      const response = await run.client.evaluateRequest({
        expression: '$RESPONSE',
        frameId: stepped.frames[0].id,
        context: 'watch',
      });
      assert.equal(response.body.result, `Echoing request: '{"hello":"world"}'`);

      await run.client.continueRequest({ threadId: stop.threadId });
      assert.equal((await answer).text, `Echoing request: '{"hello":"world"}'`);

      const again = run.runtime.invokeJson({ n: 2 });
      const second = await nextStop(run.client);
      assert.equal(second.frames[0].line, RESPONSE_LINE);
      await run.client.continueRequest({ threadId: second.threadId });
      assert.equal((await again).text, `Echoing request: '{"n":2}'`);
    } finally {
      await run.stop();
    }
    assert.ok(await waitUntil(() => processesMarked(marker).length === 0), 'a runtime process outlived Stop');
  });

  test('a breakpoint set while the runtime waits in curl for the next event takes effect for that event', async () => {
    const run = await debugBash(bashFunction(BASH_TUTORIAL, randomUUID()));
    try {
      assert.equal((await run.runtime.invokeJson({ first: 1 })).text, `Echoing request: '{"first":1}'`);
      // The runtime is now blocked in curl on /next.
      await run.client.setBreakpointsRequest({ source: { path: FUNCTION_SH }, breakpoints: [{ line: RESPONSE_LINE }] });
      const answer = run.runtime.invokeJson({ second: 2 });
      const stop = await nextStop(run.client);
      assert.equal(stop.frames[0].source?.path, FUNCTION_SH);
      assert.equal(stop.frames[0].line, RESPONSE_LINE);
      await run.client.continueRequest({ threadId: stop.threadId });
      assert.equal((await answer).text, `Echoing request: '{"second":2}'`);
    } finally {
      await run.stop();
    }
  });

  test('pause while the runtime is blocked in curl stops at its next command', async () => {
    const run = await debugBash(bashFunction(BASH_TUTORIAL, randomUUID()));
    try {
      await run.runtime.waitFor((event) => event.type === 'environment-started');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await run.client.pauseRequest({ threadId: 0 });
      const answer = run.runtime.invokeJson({ paused: true });
      const stop = await nextStop(run.client);
      assert.equal(stop.event.body.reason, 'pause');
      assert.equal(stop.frames[0].source?.path, BOOTSTRAP);
      await run.client.continueRequest({ threadId: stop.threadId });
      assert.equal((await answer).text, `Echoing request: '{"paused":true}'`);
    } finally {
      await run.stop();
    }
  });

  test("the runtime's log is the same with the debugger attached as without it", async () => {
    const plain = await harness({ functions: [bashFunction(BASH_TUTORIAL, randomUUID())], port: 0, anyName: true });
    let withoutDebugger: string[];
    try {
      await plain.invokeJson({ a: 1 });
      await plain.invokeJson({ b: 2 });
      withoutDebugger = plain.events.flatMap((event) => (event.type === 'log' ? [event.line] : []));
    } finally {
      await plain.stop();
    }
    const run = await debugBash(bashFunction(BASH_TUTORIAL, randomUUID()));
    try {
      await run.runtime.invokeJson({ a: 1 });
      await run.runtime.invokeJson({ b: 2 });
      assert.deepEqual(comparable(logLines(run)), comparable(withoutDebugger));
    } finally {
      await run.stop();
    }
  });
});
