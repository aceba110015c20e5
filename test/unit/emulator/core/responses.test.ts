// How responses reach the caller: size limits (never truncation), streaming as it arrives, errors in trailers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ResponseSink } from '../../../../src/core/emulator';
import { harness, noPython, pythonFunction, type Harness } from './helpers';

/** A sink that records when each chunk arrived. */
function recordingSink() {
  const chunks: Array<{ at: number; text: string }> = [];
  const starts: Array<{ contentType?: string; streaming: boolean }> = [];
  const sink: ResponseSink = {
    start: (info) => starts.push(info),
    chunk: (data) => chunks.push({ at: Date.now(), text: Buffer.from(data).toString() }),
  };
  return { sink, chunks, starts };
}

describe('responses', { skip: noPython }, () => {
  let h: Harness;
  before(async () => {
    // Generous: a busy machine takes seconds to stream 200 MB, and the size limit, not the deadline, is tested.
    h = await harness({ functions: [pythonFunction({ timeoutSeconds: 30 })] });
  });
  after(() => h.stop());

  it('a buffered response over 6,291,556 bytes is Function.ResponseSizeTooLarge for the caller and 413 for the runtime', async () => {
    const result = await h.invokeJson({ action: 'big', bytes: 7 * 1024 * 1024 });
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.errorType, 'Function.ResponseSizeTooLarge');
    assert.deepEqual(result.json, {
      errorMessage: 'Response payload size (7340032 bytes) exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
    assert.match(
      result.logs,
      /big response status: 413 \{"errorMessage":"Exceeded maximum allowed payload size \(6291556 bytes\)\.","errorType":"RequestEntityTooLarge"\}/,
    );
  });

  it('a response of exactly 6,291,556 bytes passes whole', async () => {
    const result = await h.invokeJson({ action: 'big', bytes: 6_291_556 });
    assert.equal(result.functionError, undefined);
    assert.equal(result.payload.byteLength, 6_291_556);
    assert.match(result.logs, /big response status: 202/);
  });

  it('streams chunks to the sink as they arrive, not at the end', async () => {
    const { sink, chunks, starts } = recordingSink();
    const t0 = Date.now();
    const result = await h.emulator.invoke(
      { payload: Buffer.from(JSON.stringify({ action: 'stream', chunks: ['one ', 'two ', 'three'], delay: 0.3 })) },
      sink,
    );
    assert.equal(result.streamed, true);
    assert.equal(Buffer.from(result.payload).toString(), 'one two three');
    assert.deepEqual(starts, [{ contentType: 'text/plain', streaming: true }]);
    assert.deepEqual(
      chunks.map((chunk) => chunk.text),
      ['one ', 'two ', 'three'],
    );
    assert.ok(chunks[0].at - t0 < 250, `first chunk after ${chunks[0].at - t0} ms: it was held back`);
    assert.ok(chunks[2].at - chunks[0].at >= 500, 'chunks arrived with the pauses the runtime made');
  });

  it('an error in the trailers after streamed bytes is a function error with the decoded body', async () => {
    const { sink, chunks } = recordingSink();
    const result = await h.emulator.invoke({ payload: Buffer.from('{"action":"stream-error"}') }, sink);
    assert.equal(chunks.map((chunk) => chunk.text).join(''), 'one two three');
    assert.equal(result.streamed, true);
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.errorType, 'StreamError');
    assert.deepEqual(JSON.parse(Buffer.from(result.payload).toString()), {
      errorMessage: 'failed mid-stream',
      errorType: 'StreamError',
    });
  });

  it('a chunked body with declared trailers and no streaming header is a buffered response (aws-lambda-go)', async () => {
    const { sink, starts } = recordingSink();
    const ok = await h.emulator.invoke({ payload: Buffer.from('{"action":"chunked"}') }, sink);
    assert.equal(ok.functionError, undefined);
    assert.equal(ok.streamed, false);
    assert.equal(Buffer.from(ok.payload).toString(), 'one two three');
    assert.deepEqual(starts, [{ contentType: 'text/plain', streaming: false }]);
    const failed = await h.invokeJson({ action: 'chunked-error' });
    assert.equal(failed.errorType, 'StreamError');
    assert.deepEqual(failed.json, { errorMessage: 'failed mid-stream', errorType: 'StreamError' });
  });

  it('a streamed response may exceed the buffered limit', async () => {
    let received = 0;
    const result = await h.emulator.invoke(
      { payload: Buffer.from('{"action":"big-stream","mb":8}') },
      { start: () => undefined, chunk: (data) => (received += data.byteLength) },
    );
    assert.equal(result.functionError, undefined);
    assert.equal(received, 8 * 1024 * 1024);
    assert.equal(result.payload.byteLength, 8 * 1024 * 1024);
  });

  it('a streamed response over 200 MB is Function.ResponseSizeTooLarge, the runtime gets 413', async () => {
    const result = await h.invokeJson({ action: 'big-stream', mb: 201 });
    assert.equal(result.errorType, 'Function.ResponseSizeTooLarge');
    assert.match(String((result.json as { errorMessage: string }).errorMessage), /\(209715200 bytes\)/);
    assert.match(result.logs, /stream status: 413/);
  });
});
