// InvokeWithResponseStream: our event-stream framing read by the AWS SDK's own decoder, and the framing itself.
import assert from 'node:assert/strict';
import { InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { after, before, describe, it } from 'node:test';
import {
  crc32,
  encodeMessage,
  invokeCompleteMessage,
  payloadChunkMessages,
} from '../../../../src/core/emulator/event-stream';
import { harness, noPython, pythonFunction, type Harness } from './helpers';

describe('event-stream framing', () => {
  it('computes CRC-32 (IEEE) as the format requires', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  it('lays out prelude, prelude CRC, headers, payload and message CRC', () => {
    const message = encodeMessage([[':message-type', 'event']], Buffer.from('hi'));
    const headersLength = 1 + ':message-type'.length + 1 + 2 + 'event'.length;
    assert.equal(message.readUInt32BE(0), message.length);
    assert.equal(message.length, 12 + headersLength + 2 + 4);
    assert.equal(message.readUInt32BE(4), headersLength);
    assert.equal(message.readUInt32BE(8), crc32(message.subarray(0, 8)));
    assert.equal(message.readUInt8(12), ':message-type'.length);
    assert.equal(message.readUInt8(13 + ':message-type'.length), 7, 'string header type');
    assert.equal(message.subarray(message.length - 6, message.length - 4).toString(), 'hi');
    assert.equal(message.readUInt32BE(message.length - 4), crc32(message.subarray(0, message.length - 4)));
  });

  it('splits a large payload into several PayloadChunk events and ends with a JSON InvokeComplete', () => {
    const chunks = payloadChunkMessages(Buffer.alloc(2.5 * 1024 * 1024));
    assert.equal(chunks.length, 3);
    const complete = invokeCompleteMessage({ ErrorCode: 'E', ErrorDetails: 'D' });
    assert.match(
      complete.toString('latin1'),
      /InvokeComplete.*application\/json.*\{"ErrorCode":"E","ErrorDetails":"D"\}/s,
    );
  });
});

describe('InvokeWithResponseStream with the AWS SDK', { skip: noPython }, () => {
  let h: Harness;
  let client: LambdaClient;
  before(async () => {
    h = await harness({ functions: [pythonFunction({ name: 'streamer' })] });
    client = new LambdaClient({
      endpoint: h.emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  after(async () => {
    client.destroy();
    await h.stop();
  });

  async function read(event: unknown, tail = false) {
    const t0 = Date.now();
    const response = await client.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'streamer',
        Payload: Buffer.from(JSON.stringify(event)),
        LogType: tail ? 'Tail' : undefined,
      }),
    );
    const chunks: Array<{ at: number; text: string }> = [];
    let complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } | undefined;
    for await (const item of response.EventStream ?? []) {
      if (item.PayloadChunk?.Payload)
        chunks.push({ at: Date.now() - t0, text: Buffer.from(item.PayloadChunk.Payload).toString() });
      if (item.InvokeComplete) complete = item.InvokeComplete;
    }
    return { response, chunks, complete };
  }

  it('delivers streamed chunks as they come, then InvokeComplete', async () => {
    const { response, chunks, complete } = await read({ action: 'stream', chunks: ['a', 'b', 'c'], delay: 0.25 });
    assert.equal(response.StatusCode, 200);
    assert.equal(response.ExecutedVersion, '$LATEST');
    assert.deepEqual(
      chunks.map((chunk) => chunk.text),
      ['a', 'b', 'c'],
    );
    assert.ok(chunks[2].at - chunks[0].at >= 400, 'the SDK saw the chunks spread over time, not in one burst');
    assert.deepEqual(complete, {});
  });

  it('reports a mid-stream error and the log tail in InvokeComplete', async () => {
    const { chunks, complete } = await read({ action: 'stream-error' }, true);
    assert.equal(chunks.map((chunk) => chunk.text).join(''), 'one two three');
    assert.equal(complete?.ErrorCode, 'StreamError');
    assert.equal(complete?.ErrorDetails, 'failed mid-stream');
    assert.match(Buffer.from(complete?.LogResult ?? '', 'base64').toString(), /REPORT RequestId: /);
  });

  it('sends a buffered response as one chunk, and a function error with no chunk', async () => {
    const buffered = await read({ plain: true });
    assert.deepEqual(
      buffered.chunks.map((chunk) => chunk.text),
      ['{"plain": true}'],
    );
    const failed = await read({ action: 'error' });
    assert.deepEqual(failed.chunks, []);
    assert.equal(failed.complete?.ErrorCode, 'FixtureError');
    assert.equal(failed.complete?.ErrorDetails, 'it failed');
  });
});
