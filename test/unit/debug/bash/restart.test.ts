// A runtime the emulator starts again (after a change with `watch`, or after a crash) is debugged by the next
// child session, as the editor starts one per runtime process; the old session ends with its runtime.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import path from 'node:path';
import { BASH_TUTORIAL, harness } from '../../emulator/core/helpers';
import { bashDebugLaunch } from '../../../../src/core/debug/bash/launch';
import { BashDebugServer } from '../../../../src/core/debug/bash/server';
import { bashFunction, debugBash, lineOf, nextStop, noBashOrCurl } from './support';

const FUNCTION_SH = path.join(BASH_TUTORIAL, 'function.sh');

describe('bash debugger: a restarted runtime', { skip: noBashOrCurl }, () => {
  test('the next session takes the new runtime and stops in it; the old one terminates', async () => {
    const line = lineOf(FUNCTION_SH, 'RESPONSE="Echoing');
    const run = await debugBash(bashFunction(BASH_TUTORIAL, randomUUID()), {
      breakpoints: { [FUNCTION_SH]: [{ line }] },
    });
    try {
      const first = run.runtime.invokeJson({ round: 1 });
      const stop = await nextStop(run.client);
      await run.client.continueRequest({ threadId: stop.threadId });
      await first;
      const terminated = run.client.waitForEvent('terminated', 10_000);
      await run.runtime.emulator.recycle();
      const started = run.runtime.waitFor(
        (event) => event.type === 'environment-started' && run.runtime.pids.length >= 2,
        10_000,
      );
      const second = await run.attachAnother({ breakpoints: { [FUNCTION_SH]: [{ line }] } });
      const answer = run.runtime.invokeJson({ round: 2 });
      await terminated;
      await started;
      const again = await nextStop(second);
      assert.equal(again.frames[0].line, line);
      await second.continueRequest({ threadId: again.threadId });
      assert.equal((await answer).text, `Echoing request: '{"round":2}'`);
    } finally {
      await run.stop();
    }
  });

  test('a runtime no session takes runs without the debugger after a while, and says so', async () => {
    const server = await BashDebugServer.start({ unclaimedMs: 300 });
    const notices: string[] = [];
    server.onNotice = (text) => notices.push(text);
    const fn = bashFunction(BASH_TUTORIAL, randomUUID());
    const launch = bashDebugLaunch(fn.bootstrap, server);
    const runtime = await harness({
      functions: [fn],
      port: 0,
      anyName: true,
      debug: { command: launch.command, environment: launch.environment, noTimeouts: true },
    });
    try {
      assert.equal((await runtime.invokeJson({ alone: true })).text, `Echoing request: '{"alone":true}'`);
      assert.match(notices.join('\n'), /No bash debug session took the runtime/);
    } finally {
      await runtime.stop();
      server.dispose();
    }
  });
});
