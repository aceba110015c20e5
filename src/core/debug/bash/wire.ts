// The messages between the adapter and the bash harness: a type, the number of fields, the fields, each ended
// by a NUL byte. NUL is the one byte a bash string cannot hold, so no value needs escaping on either side, and
// bash reads a field with the `read -d ''` builtin (no fork).

/** One message: its type and its fields. */
export interface WireMessage {
  readonly type: string;
  readonly fields: readonly string[];
}

/** The bytes of one message. */
export function encodeMessage(type: string, fields: readonly string[] = []): Buffer {
  for (const value of [type, ...fields]) {
    if (value.includes('\0')) throw new Error('A bash value cannot hold a NUL byte.');
  }
  return Buffer.from([type, String(fields.length), ...fields].map((value) => `${value}\0`).join(''), 'utf8');
}

/** Splits a byte stream into messages as its chunks arrive (a message may span chunks). */
export class MessageReader {
  private pending: Buffer[] = [];
  private words: string[] = [];

  /** Adds a chunk; returns the messages it completed, in order. */
  push(chunk: Buffer): WireMessage[] {
    const done: WireMessage[] = [];
    let start = 0;
    for (let end = chunk.indexOf(0, start); end !== -1; end = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, end));
      this.words.push(Buffer.concat(this.pending).toString('utf8'));
      this.pending = [];
      start = end + 1;
      const message = this.take();
      if (message) done.push(message);
    }
    if (start < chunk.length) this.pending.push(Buffer.from(chunk.subarray(start)));
    return done;
  }

  private take(): WireMessage | undefined {
    if (this.words.length < 2) return undefined;
    const count = Number(this.words[1]);
    if (!Number.isInteger(count) || count < 0) throw new Error(`Malformed message from bash: ${this.words[0]}`);
    if (this.words.length < count + 2) return undefined;
    const [type, , ...fields] = this.words;
    this.words = [];
    return { type, fields };
  }
}
