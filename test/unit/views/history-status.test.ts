import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvocationHistory } from '../../../src/views/invocation-history';
import { statusText, statusTooltip } from '../../../src/views/status-format';

describe('invocation history', () => {
  it('lists newest first and drops the oldest beyond the limit', () => {
    const history = new InvocationHistory<{ n: number }>(3);
    const records = [1, 2, 3, 4].map((n) => ({ n }));
    assert.deepEqual(history.add(records[0]), []);
    history.add(records[1]);
    history.add(records[2]);
    assert.deepEqual(history.add(records[3]), [records[0]]);
    assert.deepEqual(
      history.list().map((record) => record.n),
      [4, 3, 2],
    );
    assert.equal(history.has(records[0]), false);
    // A dropped record keeps its key, but the key no longer finds it.
    const key = history.keyOf(records[0]);
    assert.equal(typeof key, 'number');
    assert.equal(history.get(key!), undefined);
    assert.equal(history.get(history.keyOf(records[3])!), records[3]);
  });

  it('keys records by identity, even when they look alike, and adds each once', () => {
    const history = new InvocationHistory<{ id: number }>();
    const a = { id: 1 };
    const b = { id: 1 };
    history.add(a);
    history.add(b);
    history.add(a);
    assert.equal(history.list().length, 2);
    assert.notEqual(history.keyOf(a), history.keyOf(b));
  });

  it('clears, and gives keys to records it does not list', () => {
    const history = new InvocationHistory<object>();
    const listed = {};
    history.add(listed);
    history.clear();
    assert.deepEqual(history.list(), []);
    const unlisted = {};
    const key = history.keyFor(unlisted);
    assert.equal(history.keyFor(unlisted), key);
    assert.equal(history.has(unlisted), false);
    assert.throws(() => new InvocationHistory(0), /at least one/);
  });
});

describe('emulator status bar text', () => {
  const run = (port: number, functionName = 'Fn', debugging = false) => ({
    functionName,
    debugging,
    emulator: { port, url: `http://127.0.0.1:${port}` },
  });

  it('is hidden with no run and shows the latest port, counting the others', () => {
    assert.equal(statusText([]), undefined);
    assert.equal(statusText([run(9001)]), '$(zap) Lambda :9001');
    assert.equal(statusText([run(9001, 'A'), run(9001, 'B')]), '$(zap) Lambda :9001');
    assert.equal(statusText([run(9001), run(9002)]), '$(zap) Lambda :9002 +1');
  });

  it('names each function, its URL and whether it is debugged', () => {
    const tooltip = statusTooltip([run(9001, 'Hello', true), run(9002, 'World')]);
    assert.match(tooltip, /- \*\*Hello\*\* on http:\/\/127\.0\.0\.1:9001 \(debugging\)/);
    assert.match(tooltip, /- \*\*World\*\* on http:\/\/127\.0\.0\.1:9002\n/);
  });
});
