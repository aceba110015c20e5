// Variables, Evaluate and Set Value in a stopped bash runtime, and that evaluating changes nothing of the script.
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
  scopeVariables,
  writeRuntime,
} from './support';

const BOOTSTRAP = `#!/bin/bash
set -euo pipefail
${EVENT_LOOP}
declare -a COLORS=(red "light green" blue)
declare -A LIMITS=([memory]=128 ["time out"]=3)
export STAGE=test
handle() {
  local name=$1
  local -i count=41
  [[ abc =~ (b) ]]
  false || true
  echo "$name" >/dev/null # STOP
  RESULT="{\\"count\\":$count,\\"color\\":\\"\${COLORS[1]}\\",\\"opts\\":\\"$-$(shopt -qo pipefail && echo P)\\",\\"rematch\\":\\"\${BASH_REMATCH[1]}\\",\\"err\\":\\"$(trap -p ERR | grep -c 'echo hi' || true)\\",\\"pwd\\":\\"$PWD\\",\\"x\\":\\"\${X-unset}\\"}"
}
while true; do
  next
  handle "$EVENT"
  respond "$RESULT"
done
`;

describe('bash debugger: variables, evaluate, set value', { skip: noBashOrCurl }, () => {
  test('Locals, Globals with arrays expanded, Environment; evaluate values and commands; set a value', async () => {
    const dir = writeRuntime({ bootstrap: BOOTSTRAP });
    const bootstrap = path.join(dir, 'bootstrap');
    const run = await debugBash(bashFunction(dir, randomUUID()), {
      breakpoints: { [bootstrap]: [{ line: lineOf(bootstrap, '# STOP') }] },
    });
    try {
      const answer = run.runtime.invokeJson('alice');
      const stop = await nextStop(run.client);
      const frameId = stop.frames[0].id;
      const locals = await scopeVariables(run.client, frameId, 'Locals');
      assert.equal(locals?.name?.value, '"alice"');
      assert.equal(locals?.count?.value, '41');
      assert.equal(locals?.count?.type, 'integer');
      assert.equal(locals?.COLORS, undefined, 'a global is not a local');

      const globals = await scopeVariables(run.client, frameId, 'Globals');
      assert.equal(globals?.COLORS?.type, 'array');
      const colors = await run.client.variablesRequest({ variablesReference: globals!.COLORS.variablesReference });
      assert.deepEqual(
        colors.body.variables.map((variable) => [variable.name, variable.value]),
        [
          ['[0]', 'red'],
          ['[1]', 'light green'],
          ['[2]', 'blue'],
        ],
      );
      const limits = await run.client.variablesRequest({ variablesReference: globals!.LIMITS.variablesReference });
      assert.deepEqual(Object.fromEntries(limits.body.variables.map((variable) => [variable.name, variable.value])), {
        '[memory]': '128',
        '[time out]': '3',
      });
      assert.equal(globals?.name, undefined, "the function's local is not shown as a global");
      assert.equal(globals?.STAGE, undefined, 'an exported variable is in Environment');
      const environment = await scopeVariables(run.client, frameId, 'Environment');
      assert.equal(environment?.STAGE?.value, 'test');
      assert.equal(environment?.AWS_LAMBDA_FUNCTION_NAME?.value, 'bash-debug');
      assert.ok(Object.keys(environment ?? {}).every((name) => !name.startsWith('_lrk_')));
      const shell = await scopeVariables(run.client, frameId, 'Shell');
      assert.equal(shell?.BASH_REMATCH?.type, 'array');

      const evaluate = async (expression: string, context = 'repl') =>
        (await run.client.evaluateRequest({ expression, frameId, context })).body.result;
      assert.equal(await evaluate('$count', 'hover'), '41');
      assert.equal(await evaluate('count', 'watch'), '41');
      assert.equal(await evaluate('${#COLORS[@]}'), '3');
      assert.equal(await evaluate('$((count + 1))'), '42');
      assert.equal(await evaluate('"${COLORS[1]} and $name"'), 'light green and "alice"');
      assert.equal(await evaluate('echo one; echo two'), 'one\ntwo');
      assert.equal(await evaluate('false'), '(exit status 1)');
      assert.equal(await evaluate('echo $?'), '0', "an evaluation sees the script's $?");
      // None of these reaches the script: each evaluation runs in a subshell of the stopped command.
      for (const change of ['set +euo pipefail', 'X=changed', 'cd /', 'trap "echo hi" ERR', '[[ zzz =~ (z) ]]']) {
        assert.equal(await evaluate(change), '');
      }

      const set = await run.client.setVariableRequest({
        variablesReference: (await run.client.scopesRequest({ frameId })).body.scopes[0].variablesReference,
        name: 'count',
        value: '7',
      });
      assert.equal(set.body.value, '7');
      await run.client.setVariableRequest({
        variablesReference: globals!.COLORS.variablesReference,
        name: '[1]',
        value: '"teal"',
      });
      assert.equal(await evaluate('$count'), '7');

      await run.client.continueRequest({ threadId: stop.threadId });
      const result = (await answer).json as Record<string, string | number>;
      assert.equal(result.count, 7);
      assert.equal(result.color, 'teal');
      assert.match(String(result.opts), /e/);
      assert.match(String(result.opts), /u/);
      assert.match(String(result.opts), /P$/);
      assert.equal(result.rematch, 'b');
      assert.equal(result.err, '0', 'the ERR trap set by an evaluation did not reach the script');
      assert.equal(result.pwd, dir);
      assert.equal(result.x, 'unset');
    } finally {
      await run.stop();
    }
  });
});
