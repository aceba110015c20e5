// The AWS event-stream binary framing that InvokeWithResponseStream answers with (application/vnd.amazon.eventstream):
// prelude (total length, headers length, prelude CRC32), headers, payload, message CRC32.
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), from zlib when this Node has it (20.15+). */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Encodes string headers (type 7). */
function encodeHeaders(headers: ReadonlyArray<readonly [string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of headers) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + nameBytes.length + 1 + 2);
    head.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(head, 1);
    head.writeUInt8(7, 1 + nameBytes.length);
    head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    parts.push(head, valueBytes);
  }
  return Buffer.concat(parts);
}

/** One event-stream message. */
export function encodeMessage(headers: ReadonlyArray<readonly [string, string]>, payload: Uint8Array): Buffer {
  const headerBytes = encodeHeaders(headers);
  const total = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** Keeps each message well under the decoders' limits (the SDK's decoder accepts up to 16 MB). */
const MAX_CHUNK = 1024 * 1024;

/** `PayloadChunk` events for a piece of the response (split when large). */
export function payloadChunkMessages(data: Uint8Array): Buffer[] {
  const messages: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += MAX_CHUNK) {
    messages.push(
      encodeMessage(
        [
          [':event-type', 'PayloadChunk'],
          [':content-type', 'application/octet-stream'],
          [':message-type', 'event'],
        ],
        data.subarray(offset, offset + MAX_CHUNK),
      ),
    );
  }
  return messages;
}

export interface InvokeComplete {
  readonly ErrorCode?: string;
  readonly ErrorDetails?: string;
  readonly LogResult?: string;
}

/** The closing `InvokeComplete` event. */
export function invokeCompleteMessage(complete: InvokeComplete): Buffer {
  return encodeMessage(
    [
      [':event-type', 'InvokeComplete'],
      [':content-type', 'application/json'],
      [':message-type', 'event'],
    ],
    Buffer.from(JSON.stringify(complete)),
  );
}
