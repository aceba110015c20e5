import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InvokeResult } from '../../../src/core/emulator/types';
import {
  answerOf,
  descriptionOf,
  errorSummary,
  formatMs,
  labelOf,
  prettyJson,
  statusOf,
  tooltipOf,
  type InvocationFacts,
} from '../../../src/views/invocation-format';

const encode = (text: string) => new TextEncoder().encode(text);

function result(overrides: Partial<InvokeResult> = {}): InvokeResult {
  return {
    requestId: 'req-1',
    functionName: 'Fn',
    payload: encode('{"ok":true}'),
    streamed: false,
    logs: 'START RequestId: req-1 Version: $LATEST\nEND RequestId: req-1\n',
    durationMs: 12.4,
    billedDurationMs: 13,
    memorySizeMb: 128,
    maxMemoryUsedMb: 35,
    ...overrides,
  };
}

const startedAt = new Date(2026, 10, 22, 9, 5, 7);
const record = (overrides: Partial<InvocationFacts> = {}): InvocationFacts => ({
  functionName: 'Fn',
  event: '{"a":1}',
  startedAt,
  ...overrides,
});

describe('invocation rows', () => {
  it('tells the four states apart', () => {
    assert.equal(statusOf(record()), 'running');
    assert.equal(statusOf(record({ result: result() })), 'succeeded');
    assert.equal(statusOf(record({ result: result({ functionError: 'Unhandled' }) })), 'function-error');
    assert.equal(statusOf(record({ error: 'The emulator is stopped.' })), 'failed');
  });

  it('labels with the function and the local time, describes with the figures', () => {
    assert.equal(labelOf(record()), 'Fn  09:05:07');
    assert.equal(descriptionOf(record()), 'running…');
    assert.equal(descriptionOf(record({ result: result() })), '12 ms · billed 13 ms · 35/128 MB');
    assert.equal(
      descriptionOf(
        record({
          result: result({ initDurationMs: 250.5, functionError: 'Unhandled', errorType: 'Runtime.ExitError' }),
        }),
      ),
      '12 ms · billed 13 ms · 35/128 MB · init 251 ms · Runtime.ExitError',
    );
    assert.equal(descriptionOf(record({ error: 'refused\nmore' })), 'failed: refused');
  });

  it('formats durations as people read them', () => {
    assert.equal(formatMs(0.4213), '0.42 ms');
    assert.equal(formatMs(9.999), '10 ms');
    assert.equal(formatMs(999.4), '999 ms');
    assert.equal(formatMs(1530), '1.53 s');
  });

  it('puts every figure, the event and the response in the tooltip, fenced safely', () => {
    const tooltip = tooltipOf(
      record({ event: '{"text":"```"}', result: result({ initDurationMs: 40, streamed: true }) }),
      'http://127.0.0.1:9001',
    );
    assert.match(tooltip, /^\*\*Fn\*\* — succeeded/);
    assert.match(tooltip, /http:\/\/127\.0\.0\.1:9001/);
    for (const part of [
      '`req-1`',
      '| Duration | 12 ms |',
      '| Billed duration | 13 ms |',
      '35 MB of 128 MB',
      '| Init duration | 40 ms |',
      'streamed',
    ])
      assert.ok(tooltip.includes(part), `missing ${part} in:\n${tooltip}`);
    // The event holds three backticks, so its fence has four.
    assert.match(tooltip, /````json\n\{\n {2}"text": "```"\n\}\n````/);
    assert.match(tooltip, /Response:\n```json\n\{\n {2}"ok": true\n\}\n```/);
  });

  it('shows a function error and a failure in the tooltip', () => {
    const failed = tooltipOf(
      record({ result: result({ functionError: 'Unhandled', errorType: 'TestError', payload: encode('oops') }) }),
    );
    assert.match(failed, /function error \(TestError\)/);
    assert.match(failed, /Error:\n```\noops\n```/);
    assert.match(
      tooltipOf(record({ error: 'The emulator is stopped.' })),
      /could not be invoked[\s\S]*Not invoked: The emulator is stopped\./,
    );
  });

  it('cuts a long payload in the tooltip', () => {
    const tooltip = tooltipOf(record({ result: result({ payload: encode('x'.repeat(5000)) }) }));
    assert.ok(tooltip.length < 2000, `tooltip is ${tooltip.length} characters`);
    assert.match(tooltip, /x\n…\n```$/);
  });
});

describe('invoke answers and documents', () => {
  it('answers the contract fields, functionError only on an error', () => {
    const ok = answerOf(result());
    assert.deepEqual(
      { payload: ok.payload, logs: ok.logs, durationMs: ok.durationMs, has: 'functionError' in ok },
      { payload: '{"ok":true}', logs: result().logs, durationMs: 12.4, has: false },
    );
    const failed = answerOf(result({ functionError: 'Unhandled', errorType: 'Sandbox.Timedout', initDurationMs: 3 }));
    assert.equal(failed.functionError, 'Unhandled');
    assert.equal(failed.errorType, 'Sandbox.Timedout');
    assert.equal(failed.initDurationMs, 3);
  });

  it('pretty-prints JSON and leaves other text alone', () => {
    assert.equal(prettyJson('{"a":[1]}'), '{\n  "a": [\n    1\n  ]\n}\n');
    assert.equal(prettyJson('plain'), undefined);
  });

  it('summarizes an error from Lambda error JSON or the raw text', () => {
    const json = result({
      functionError: 'Unhandled',
      payload: encode('{"errorType":"TypeError","errorMessage":"x is undefined"}'),
    });
    assert.equal(errorSummary(json), 'TypeError: x is undefined');
    const onlyType = result({ functionError: 'Unhandled', errorType: 'Runtime.ExitError', payload: encode('{}') });
    assert.equal(errorSummary(onlyType), 'Runtime.ExitError');
    const raw = result({ functionError: 'Unhandled', payload: encode('segfault\nat 0x0') });
    assert.equal(errorSummary(raw), 'segfault');
    assert.equal(
      errorSummary(result({ functionError: 'Unhandled', errorType: 'Sandbox.Timedout', payload: encode('') })),
      'Sandbox.Timedout',
    );
  });
});
