// Stepping, the call stack across sourced files and functions, threads for subshells and pipelines, and exec,
// on small runtimes written for each case and run by the real emulator under the bash debugger.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  bashFunction,
  debugBash,
  EVENT_LOOP,
  lineOf,
  nextStop,
  noBashOrCurl,
  waitForOutput,
  writeRuntime,
} from './support';

const BOOTSTRAP = `#!/bin/bash
set -euo pipefail
${EVENT_LOOP}
source "$(dirname "$0")/lib.sh"
. ./helpers.sh
source config.sh
while true; do
  next
  RESULT=$(handle "$EVENT") # CALL
  respond "$RESULT"
done
`;
const LIB = `handle() {
  local event=\${1//\\\"/}
  local loud
  loud=$(shout "$event") # SHOUT
  local size
  size=$(printf '%s' "$event" | wc -c | tr -d ' ') # PIPE
  echo "{\\"loud\\":\\"$loud\\",\\"size\\":$size}" # ANSWER
}
`;
const HELPERS = `shout() {
  local text=$1 # FIRST
  printf '%s' "\${text^^}"
}
`;

const CONFIG = `PREFIX=hello # CONFIG
SUFFIX=world
`;

function runtime() {
  const dir = writeRuntime({ bootstrap: BOOTSTRAP, 'lib.sh': LIB, 'helpers.sh': HELPERS, 'config.sh': CONFIG });
  return {
    dir,
    bootstrap: path.join(dir, 'bootstrap'),
    lib: path.join(dir, 'lib.sh'),
    helpers: path.join(dir, 'helpers.sh'),
  };
}

describe('bash debugger: stepping, stack and threads', { skip: noBashOrCurl }, () => {
  test('stopOnEntry stops at the first command; step into a sourced file; step over; continue', async () => {
    const files = runtime();
    const run = await debugBash(bashFunction(files.dir, randomUUID()), { stopOnEntry: true });
    try {
      const entry = await nextStop(run.client);
      assert.equal(entry.event.body.reason, 'entry');
      assert.deepEqual([entry.frames[0].source?.path, entry.frames[0].line], [files.bootstrap, 2]);
      // Over the function definitions to the `source` line, then into the sourced file.
      let stop = entry;
      for (let step = 0; step < 5 && stop.frames[0].line !== lineOf(files.bootstrap, 'source "$(dirname'); step++) {
        await run.client.nextRequest({ threadId: stop.threadId });
        stop = await nextStop(run.client);
      }
      assert.equal(stop.frames[0].line, lineOf(files.bootstrap, 'source "$(dirname'));
      await run.client.nextRequest({ threadId: stop.threadId });
      stop = await nextStop(run.client);
      assert.equal(
        stop.frames[0].line,
        lineOf(files.bootstrap, '. ./helpers.sh'),
        'step over a source line stays in the bootstrap',
      );
      await run.client.nextRequest({ threadId: stop.threadId });
      stop = await nextStop(run.client);
      assert.equal(stop.frames[0].line, lineOf(files.bootstrap, 'source config.sh'));
      await run.client.stepInRequest({ threadId: stop.threadId });
      const inConfig = await nextStop(run.client);
      assert.deepEqual(
        inConfig.frames.map((frame) => [frame.name, frame.source?.path, frame.line]),
        [
          ['source config.sh', path.join(files.dir, 'config.sh'), 1],
          ['bootstrap', files.bootstrap, lineOf(files.bootstrap, 'source config.sh')],
        ],
      );
      await run.client.stepOutRequest({ threadId: inConfig.threadId });
      const back = await nextStop(run.client);
      assert.deepEqual([back.frames[0].source?.path, back.frames.length], [files.bootstrap, 1]);
      await run.client.continueRequest({ threadId: back.threadId });
      const answer = await run.runtime.invokeJson('abc');
      assert.equal(answer.text, '{"loud":"ABC","size":3}');
    } finally {
      await run.stop();
    }
  });

  test('step into a function call in $(...), into the function it calls, step out, and over a pipeline', async () => {
    const files = runtime();
    const run = await debugBash(bashFunction(files.dir, randomUUID()), {
      breakpoints: { [files.bootstrap]: [{ line: lineOf(files.bootstrap, '# CALL') }] },
    });
    try {
      const answer = run.runtime.invokeJson('go');
      const atCall = await nextStop(run.client);
      assert.equal(atCall.frames[0].line, lineOf(files.bootstrap, '# CALL'));

      await run.client.stepInRequest({ threadId: atCall.threadId });
      const inHandle = await nextStop(run.client);
      assert.deepEqual(
        inHandle.frames.map((frame) => [frame.name, path.basename(frame.source?.path ?? ''), frame.line]),
        [
          ['handle', 'lib.sh', 2],
          ['bootstrap', 'bootstrap', lineOf(files.bootstrap, '# CALL')],
        ],
      );
      assert.notEqual(inHandle.threadId, atCall.threadId, 'the $(...) is a thread of its own');

      await run.client.nextRequest({ threadId: inHandle.threadId });
      const atLocal = await nextStop(run.client);
      assert.equal(atLocal.frames[0].line, 3);
      await run.client.nextRequest({ threadId: atLocal.threadId });
      const atShout = await nextStop(run.client);
      assert.equal(atShout.frames[0].line, lineOf(files.lib, '# SHOUT'));

      await run.client.stepInRequest({ threadId: atShout.threadId });
      const inShout = await nextStop(run.client);
      assert.deepEqual(
        inShout.frames.map((frame) => [frame.name, path.basename(frame.source?.path ?? '')]),
        [
          ['shout', 'helpers.sh'],
          ['handle', 'lib.sh'],
          ['bootstrap', 'bootstrap'],
        ],
      );
      assert.equal(inShout.frames[0].line, lineOf(files.helpers, '# FIRST'));

      await run.client.stepOutRequest({ threadId: inShout.threadId });
      const outOfShout = await nextStop(run.client);
      assert.equal(outOfShout.frames[0].name, 'handle');
      assert.ok(outOfShout.frames[0].line >= lineOf(files.lib, '# SHOUT'));

      // Over the line with the pipeline: its elements run, nothing stops inside them.
      let stop = outOfShout;
      while (stop.frames[0].line < lineOf(files.lib, '# ANSWER')) {
        await run.client.nextRequest({ threadId: stop.threadId });
        stop = await nextStop(run.client);
        assert.equal(stop.frames[0].name, 'handle');
      }
      assert.equal(stop.frames[0].line, lineOf(files.lib, '# ANSWER'));
      await run.client.continueRequest({ threadId: stop.threadId });
      assert.equal((await answer).text, '{"loud":"GO","size":2}');
    } finally {
      await run.stop();
    }
  });

  test('a breakpoint in a pipeline element stops in that process, listed as a thread with the main shell', async () => {
    const files = runtime();
    const pipeLine = lineOf(files.lib, '# PIPE');
    const run = await debugBash(bashFunction(files.dir, randomUUID()), {
      breakpoints: { [files.lib]: [{ line: pipeLine }] },
    });
    try {
      const answer = run.runtime.invokeJson('pipes');
      const stop = await nextStop(run.client);
      assert.equal(stop.frames[0].line, pipeLine);
      const threads = (await run.client.threadsRequest()).body.threads;
      assert.ok(threads.length >= 2, `threads: ${JSON.stringify(threads)}`);
      assert.ok(threads.some((thread) => thread.name.startsWith('bootstrap')));
      await run.client.continueRequest({ threadId: stop.threadId });
      // The same line runs in several processes of the pipeline: each may stop; go on until the answer.
      let settled = false;
      void answer.then(() => (settled = true));
      while (!settled) {
        const next = await Promise.race([
          nextStop(run.client, 3_000).catch(() => undefined),
          answer.then(() => undefined),
        ]);
        if (next) await run.client.continueRequest({ threadId: next.threadId });
      }
      assert.equal((await answer).text, '{"loud":"PIPES","size":5}');
    } finally {
      await run.stop();
    }
  });

  test('exec ends debugging with a message and the runtime goes on', async () => {
    const dir = writeRuntime({
      bootstrap: `#!/bin/bash\nset -eu\nexport GREETING=hi\nexec bash "$(dirname "$0")/real.sh"\n`,
      'real.sh': `${EVENT_LOOP}\nwhile true; do\n  next\n  respond "{\\"greeting\\":\\"$GREETING\\"}"\ndone\n`,
    });
    const run = await debugBash(bashFunction(dir, randomUUID()), { stopOnEntry: true });
    try {
      const entry = await nextStop(run.client);
      const output = waitForOutput(run.client, /is no longer bash/);
      const terminated = run.client.waitForEvent('terminated', 5_000);
      await run.client.continueRequest({ threadId: entry.threadId });
      await output;
      await terminated;
      assert.equal((await run.runtime.invokeJson({})).text, '{"greeting":"hi"}');
    } finally {
      await run.stop();
    }
  });
});
