// The AWS tutorial's bash runtime (bootstrap + function.sh, unchanged) through the Invoke API.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BASH_TUTORIAL, harness, noCurlOrBash, survivors, type Harness } from './helpers';

describe('the AWS tutorial bash runtime', { skip: noCurlOrBash }, () => {
  let h: Harness;
  before(async () => {
    h = await harness({
      functions: [
        { name: 'bash-runtime', bootstrap: path.join(BASH_TUTORIAL, 'bootstrap'), handler: 'function.handler' },
      ],
    });
  });
  after(async () => {
    await h.stop();
    assert.deepEqual(await survivors(h.pids), []);
  });

  it('answers as in the tutorial, with the event logged on stderr', async () => {
    const res = await fetch(`${h.emulator.url}/2015-03-31/functions/bash-runtime/invocations`, {
      method: 'POST',
      body: '{"text":"Hello"}',
      headers: { 'X-Amz-Log-Type': 'Tail' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-amz-function-error'), null);
    assert.equal(await res.text(), `Echoing request: '{"text":"Hello"}'`);
    const log = Buffer.from(res.headers.get('x-amz-log-result') ?? '', 'base64').toString();
    assert.match(log, /START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
    assert.match(log, /\n\{"text":"Hello"\}\n/);
    assert.match(log, /\{"status":"OK"\}/, "curl prints the Runtime API's 202 answer");
    assert.match(log, /REPORT RequestId: .*\tInit Duration: /);
  });

  it('serves invocation after invocation from the same process', async () => {
    for (const n of [1, 2, 3]) {
      const result = await h.invokeJson({ n });
      assert.equal(result.text, `Echoing request: '{"n":${n}}'`);
    }
    assert.equal(h.pids.length, 1);
  });

  it('counts the curl and bash processes of its tree in Max Memory Used', async () => {
    const result = await h.invokeJson({ n: 0 });
    assert.ok(result.maxMemoryUsedMb >= 2, `${result.maxMemoryUsedMb} MB`);
  });
});
