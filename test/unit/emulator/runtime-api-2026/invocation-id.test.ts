// Lambda-Runtime-Invocation-Id: a fresh id for every attempt on /next, checked when the runtime echoes it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness, noPython } from '../core/helpers';
import { answer, event, jsonLines, workersFunction } from './support';

describe('Lambda-Runtime-Invocation-Id', { skip: noPython }, () => {
  it('is a fresh id on every /next, and the echoed id is accepted', async () => {
    const h = await harness({ functions: [workersFunction()] });
    try {
      const first = await h.emulator.invoke({ payload: event({}) });
      const second = await h.emulator.invoke({ payload: event({}) });
      const [a, b] = [answer(first), answer(second)];
      assert.match(a.invocationId ?? '', /^[0-9a-f-]{36}$/);
      assert.notEqual(a.invocationId, b.invocationId);
      assert.notEqual(a.invocationId, a.requestId);
      const posted = jsonLines(first.logs).find((line) => line.message === 'posted');
      assert.equal(posted?.status, 202, first.logs);
      assert.equal(first.invocationIdEchoed, true);
    } finally {
      await h.stop();
    }
  });

  it('refuses an echoed id that is not the attempt’s with 400 and a sentence, and the invocation goes on', async () => {
    const h = await harness({ functions: [workersFunction({ environment: { LRK_ECHO: 'wrong' } })] });
    try {
      const result = await h.emulator.invoke({ payload: event({ n: 1 }) });
      assert.equal(result.functionError, undefined, result.logs);
      const lines = jsonLines(result.logs);
      const refused = lines.find((line) => line.message === 'posted');
      assert.equal(refused?.status, 400);
      const body = JSON.parse(String(refused?.answer));
      assert.equal(body.errorType, 'InvalidInvocationID');
      assert.match(body.errorMessage, /not-the-attempt-id.*is not the id of this attempt/);
      assert.ok(body.errorMessage.includes(answer(result).invocationId ?? 'missing'), 'the message names the right id');
      assert.equal(lines.find((line) => line.message === 'posted again')?.status, 202);
      assert.equal(answer(result).requestId, result.requestId);
    } finally {
      await h.stop();
    }
  });

  it('is optional: a runtime that does not echo it is answered as before', async () => {
    const h = await harness({ functions: [workersFunction({ environment: { LRK_ECHO: 'no' } })] });
    try {
      const result = await h.emulator.invoke({ payload: event({}) });
      assert.equal(result.functionError, undefined);
      assert.equal(jsonLines(result.logs).find((line) => line.message === 'posted')?.status, 202);
      assert.equal(result.invocationIdEchoed, false);
    } finally {
      await h.stop();
    }
  });
});
