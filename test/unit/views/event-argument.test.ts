import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkedJson, eventSourceOf, readInvokeArgument } from '../../../src/views/event-argument';

describe('lambdaRuntime.invoke argument', () => {
  it('reads { event, functionName } and nothing at all', () => {
    assert.deepEqual(readInvokeArgument(undefined), {});
    assert.deepEqual(readInvokeArgument({ event: { a: 1 }, functionName: ' Fn ' }), {
      event: { a: 1 },
      functionName: 'Fn',
    });
  });

  it('refuses a bare event or a bad function name with a sentence', () => {
    assert.throws(() => readInvokeArgument('{"a":1}'), /takes an object \{ event\?, functionName\? \}/);
    assert.throws(() => readInvokeArgument([1]), /takes an object/);
    assert.throws(() => readInvokeArgument({ functionName: 3 }), /functionName.*non-empty string/);
    assert.throws(() => readInvokeArgument({ functionName: '  ' }), /functionName/);
  });

  it('sends values as their JSON', () => {
    assert.deepEqual(eventSourceOf({ a: [1, null] }), { kind: 'json', text: '{"a":[1,null]}' });
    assert.deepEqual(eventSourceOf(null), { kind: 'json', text: 'null' });
    assert.deepEqual(eventSourceOf(false), { kind: 'json', text: 'false' });
    assert.throws(() => eventSourceOf(() => 1), /no JSON form/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => eventSourceOf(loop), /cannot be written as JSON/);
  });

  it('reads a string as JSON text when it looks like JSON, else as a file path', () => {
    assert.deepEqual(eventSourceOf(' {"a":1}'), { kind: 'json', text: ' {"a":1}' });
    assert.deepEqual(eventSourceOf('[]'), { kind: 'json', text: '[]' });
    assert.deepEqual(eventSourceOf('"text"'), { kind: 'json', text: '"text"' });
    assert.deepEqual(eventSourceOf('-12.5e3'), { kind: 'json', text: '-12.5e3' });
    assert.deepEqual(eventSourceOf('true'), { kind: 'json', text: 'true' });
    assert.deepEqual(eventSourceOf('events/s3.json'), { kind: 'file', path: 'events/s3.json' });
    assert.deepEqual(eventSourceOf('/abs/event.json '), { kind: 'file', path: '/abs/event.json' });
    assert.deepEqual(eventSourceOf(undefined), { kind: 'pick' });
  });

  it('refuses JSON-looking text that does not parse, and an empty string', () => {
    assert.throws(() => eventSourceOf('{ "a": '), /The event is not JSON \(.+\); Lambda accepts only JSON events\./);
    assert.throws(() => eventSourceOf('   '), /empty string/);
    assert.equal(checkedJson('{"ok":true}', 'x'), '{"ok":true}');
    assert.throws(() => checkedJson('nope', 'The file a.json'), /^Error: The file a\.json is not JSON/);
  });
});
