// Conditional breakpoints, hit counts, logpoints, and the path forms a sourced file can be reached by.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  bashFunction,
  debugBash,
  EVENT_LOOP,
  lineOf,
  logLines,
  nextStop,
  noBashOrCurl,
  scopeVariables,
  writeRuntime,
} from './support';

const BOOTSTRAP = `#!/bin/bash
set -euo pipefail
${EVENT_LOOP}
HERE=$(dirname "$0")
source "$HERE/../$(basename "$HERE")/./count.sh"
while true; do
  next
  respond "$(count_to 5)"
done
`;
const COUNT = `count_to() {
  local total=0 i
  for ((i = 1; i <= $1; i++)); do
    total=$((total + i)) # EACH
  done
  echo "$total"
}
`;

describe('bash debugger: breakpoint kinds', { skip: noBashOrCurl }, () => {
  test('a condition, a hit count and a logpoint, in a file sourced through a roundabout path', async () => {
    const dir = writeRuntime({ bootstrap: BOOTSTRAP, 'count.sh': COUNT });
    const file = path.join(dir, 'count.sh');
    const line = lineOf(file, '# EACH');
    const run = await debugBash(bashFunction(dir, randomUUID()), {
      breakpoints: { [file]: [{ line, condition: '(( i == 3 ))' }] },
    });
    try {
      const first = run.runtime.invokeJson({});
      const stop = await nextStop(run.client);
      assert.equal(stop.frames[0].source?.path, file);
      assert.equal((await scopeVariables(run.client, stop.frames[0].id, 'Locals'))?.i?.value, '3');
      await run.client.continueRequest({ threadId: stop.threadId });
      assert.equal((await first).text, '15');

      await run.client.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line, hitCondition: '>= 4' }] });
      const second = run.runtime.invokeJson({});
      const fourth = await nextStop(run.client);
      assert.equal((await scopeVariables(run.client, fourth.frames[0].id, 'Locals'))?.i?.value, '4');
      await run.client.continueRequest({ threadId: fourth.threadId });
      const fifth = await nextStop(run.client);
      assert.equal((await scopeVariables(run.client, fifth.frames[0].id, 'Locals'))?.i?.value, '5');
      await run.client.continueRequest({ threadId: fifth.threadId });
      assert.equal((await second).text, '15');

      await run.client.setBreakpointsRequest({
        source: { path: file },
        breakpoints: [{ line, logMessage: 'i={i} total=$total' }],
      });
      const logged: string[] = [];
      const collect = (event: DebugProtocol.Event) => logged.push((event as DebugProtocol.OutputEvent).body.output);
      run.client.on('output', collect);
      let stopped = false;
      run.client.once('stopped', () => (stopped = true));
      assert.equal((await run.runtime.invokeJson({})).text, '15');
      run.client.off('output', collect);
      assert.deepEqual(
        logged.filter((text) => text.startsWith('i=')),
        ['i=1 total=0\n', 'i=2 total=1\n', 'i=3 total=3\n', 'i=4 total=6\n', 'i=5 total=10\n'],
      );
      assert.equal(stopped, false, 'a logpoint does not stop');
      assert.ok(
        !logLines(run).some((text) => text.startsWith('i=')),
        "a logpoint's message is not in the runtime's log",
      );
    } finally {
      await run.stop();
    }
  });

  test('a breakpoint on a blank line or a comment moves to the next command', async () => {
    const dir = writeRuntime({ bootstrap: BOOTSTRAP, 'count.sh': COUNT });
    const file = path.join(dir, 'count.sh');
    const run = await debugBash(bashFunction(dir, randomUUID()));
    try {
      const answer = await run.client.setBreakpointsRequest({
        source: { path: file },
        breakpoints: [{ line: lineOf(file, '# EACH') + 1 }, { line: 100 }],
      });
      assert.deepEqual(
        answer.body.breakpoints.map((breakpoint) => [breakpoint.verified, breakpoint.line]),
        [
          [true, lineOf(file, 'echo "$total"')],
          [false, 100],
        ],
      );
    } finally {
      await run.stop();
    }
  });
});
