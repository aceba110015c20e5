// What a bash runtime does is the same with the debugger attached: options, $?, its own traps, stdin, set -x;
// and the exception filter stops where set -e would end the runtime.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { harness } from '../../emulator/core/helpers';
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import { bashFunction, debugBash, EVENT_LOOP, lineOf, logLines, nextStop, noBashOrCurl, writeRuntime } from './support';

const PICKY = `#!/bin/bash
set -euo pipefail
${EVENT_LOOP}
trap 'echo "ERR trap: $BASH_COMMAND ($?)" >&2' ERR
trap 'echo "EXIT trap" >&2' EXIT
read -r -t 1 FROM_STDIN || FROM_STDIN="(nothing on stdin)"
helper() {
  local status
  false || status=$?
  set +e
  ( exit 3 )
  local three=$?
  set -e
  set +e
  false
  set -e
  [[ "v1.2" =~ ^v([0-9]+) ]]
  echo "$status $three \${BASH_REMATCH[1]} $- \${PIPESTATUS[*]}"
}
set -x
while true; do
  next
  OUT=$(helper)
  set +e
  false
  set -e
  helper >/dev/null
  { set +x; } 2>/dev/null
  respond "{\\"out\\":\\"$OUT\\",\\"stdin\\":\\"$FROM_STDIN\\"}"
  set -x
done
`;

const DIES = `#!/bin/bash
set -euo pipefail
${EVENT_LOOP}
handle() {
  local file=/nonexistent/$1
  grep -q needle "$file" 2>/dev/null # DIES
  echo found
}
while true; do
  next
  handle "$(echo "$EVENT" | tr -dc a-z)"
  respond ok
done
`;

/**
 * Log lines without the request ids, temporary names, durations and figures that differ between runs, sorted:
 * the elements of a traced pipeline write their lines in whatever order they run.
 */
function comparable(lines: readonly string[]): string[] {
  return lines
    .map((line) =>
      line
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID')
        .replace(/\/tmp\/tmp\.\w+/g, 'TMP')
        .replace(/huxBT /g, 'huxB ') // $- with functrace: asserted on its own below
        .replace(/\d+(\.\d+)?/g, 'N'),
    )
    .sort();
}

describe('bash debugger: the same behaviour as without it', { skip: noBashOrCurl }, () => {
  test("set -euo pipefail, $?, the script's ERR and EXIT traps, stdin and set -x give the same answers and log", async () => {
    const dir = writeRuntime({ bootstrap: PICKY });
    const plain = await harness({ functions: [bashFunction(dir, randomUUID())], port: 0, anyName: true });
    let expected: { answers: string[]; log: string[] };
    try {
      const answers = [(await plain.invokeJson(1)).text, (await plain.invokeJson(2)).text];
      expected = { answers, log: plain.events.flatMap((event) => (event.type === 'log' ? [event.line] : [])) };
    } finally {
      await plain.stop();
    }
    const run = await debugBash(bashFunction(dir, randomUUID()));
    try {
      const answers = [(await run.runtime.invokeJson(1)).text, (await run.runtime.invokeJson(2)).text];
      // The one difference a script can see: $- shows T (functrace), which carries the debugger into functions.
      assert.match(answers[0], /"out":"[^"]* e?huxBT /);
      assert.deepEqual(
        answers.map((answer) => answer.replace(/BT /, 'B ')),
        expected.answers,
      );
      assert.match(answers[0], /"out":"1 3 1 /);
      assert.deepEqual(comparable(logLines(run)), comparable(expected.log));
      assert.ok(
        logLines(run).some((line) => line.startsWith('+ ')),
        'set -x traced the script',
      );
      assert.equal(
        logLines(run).filter((line) => line === 'ERR trap: false (1)').length,
        2,
        "the script's ERR trap ran where it runs without the debugger: once per invoke, at the top level",
      );
    } finally {
      await run.stop();
    }
  });

  test("in POSIX mode (Amazon Linux's sh): the script's ERR trap keeps its place, the handler still stops", async () => {
    const dir = writeRuntime({ bootstrap: PICKY });
    const run = await debugBash(bashFunction(dir, randomUUID()), {
      posix: true,
      breakpoints: { [path.join(dir, 'bootstrap')]: [{ line: lineOf(path.join(dir, 'bootstrap'), '[[ "v1.2"') }] },
    });
    try {
      const answer = run.runtime.invokeJson(1);
      const stop = await nextStop(run.client);
      assert.equal(stop.frames[0].name, 'helper');
      const options = await run.client.evaluateRequest({
        expression: 'set -o | grep posix',
        frameId: stop.frames[0].id,
        context: 'repl',
      });
      assert.match(options.body.result, /posix\s+on/);
      await run.client.continueRequest({ threadId: stop.threadId });
      const second = await nextStop(run.client);
      await run.client.continueRequest({ threadId: second.threadId });
      assert.match((await answer).text, /"out":"1 3 1 /);
      assert.equal(logLines(run).filter((line) => line === 'ERR trap: false (1)').length, 1);
    } finally {
      await run.stop();
    }
  });

  test('stops on the command that set -e is about to end the runtime with; continuing ends it as Lambda would', async () => {
    const dir = writeRuntime({ bootstrap: DIES });
    const run = await debugBash(bashFunction(dir, randomUUID()));
    try {
      const answer = run.runtime.invokeJson('hay');
      const stop = await nextStop(run.client);
      assert.equal(stop.event.body.reason, 'exception');
      assert.equal(stop.frames[0].name, 'handle');
      assert.match(
        String(stop.event.body.text ?? stop.event.body.description),
        /grep -q needle "\$file".*exit status 2 under set -e/,
      );
      const info = (await run.client.exceptionInfoRequest({
        threadId: stop.threadId,
      })) as DebugProtocol.ExceptionInfoResponse;
      assert.equal(info.body.exceptionId, 'errexit');
      assert.match(info.body.description ?? '', /Runtime\.ExitError/);
      const file = await run.client.evaluateRequest({
        expression: '$file',
        frameId: stop.frames[0].id,
        context: 'hover',
      });
      assert.equal(file.body.result, '/nonexistent/hay');
      await run.client.continueRequest({ threadId: stop.threadId });
      const result = await answer;
      assert.equal(result.errorType, 'Runtime.ExitError');
    } finally {
      await run.stop();
    }
  });

  test('with the filter off, a failing command is not a stop', async () => {
    const dir = writeRuntime({ bootstrap: DIES });
    const run = await debugBash(bashFunction(dir, randomUUID()), { exceptionFilters: [] });
    try {
      let stopped = false;
      run.client.once('stopped', () => (stopped = true));
      const result = await run.runtime.invokeJson('hay');
      assert.equal(result.errorType, 'Runtime.ExitError');
      assert.equal(stopped, false);
    } finally {
      await run.stop();
    }
  });
});

describe('bash debugger: the hot path', { skip: noBashOrCurl }, () => {
  test('a command with no breakpoint in its file forks nothing (pids allocated while 30,000 commands run)', async () => {
    const dir = writeRuntime({
      bootstrap: `#!/bin/bash\nset -euo pipefail\n${EVENT_LOOP}\nf() { local x=$1; x=$((x + 1)); }\nwhile true; do\n  next\n  for ((i = 0; i < 10000; i++)); do f $i; done\n  respond ok\ndone\n`,
    });
    const run = await debugBash(bashFunction(dir, randomUUID()));
    try {
      await run.runtime.invokeJson({});
      const lastPid = () => Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
      const before = lastPid();
      assert.equal((await run.runtime.invokeJson({})).text, 'ok');
      // One fork per traced command would be tens of thousands; the invoke itself forks a handful (curl).
      assert.ok(lastPid() - before < 3_000, `${lastPid() - before} processes were started`);
    } finally {
      await run.stop();
    }
  });
});
