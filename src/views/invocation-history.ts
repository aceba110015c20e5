// The invocations the view lists: newest first, bounded, keyed by the record object itself. (Record ids are
// counted per copy of src/debug/runs.ts, and the in-editor tests bundle their own copy, so two records may share
// an id; each gets a key of its own here.)

export const DEFAULT_HISTORY_LIMIT = 100;

/** A bounded, newest-first list of records with a stable key for each (tree item ids, document URIs). */
export class InvocationHistory<T extends object> {
  private readonly items: T[] = [];
  private readonly keys = new WeakMap<T, number>();
  private readonly byKey = new Map<number, T>();
  private nextKey = 1;

  constructor(private readonly limit = DEFAULT_HISTORY_LIMIT) {
    if (!(limit >= 1)) throw new Error('The invocation history must keep at least one invocation.');
  }

  /** Adds `record` at the top (once); returns the records dropped to stay within the limit. */
  add(record: T): T[] {
    if (this.items.includes(record)) return [];
    this.byKey.set(this.keyFor(record), record);
    this.items.unshift(record);
    const dropped = this.items.splice(this.limit);
    for (const old of dropped) this.byKey.delete(this.keys.get(old) ?? 0);
    return dropped;
  }

  /** Newest first. */
  list(): readonly T[] {
    return this.items;
  }

  has(record: T): boolean {
    return this.byKey.get(this.keys.get(record) ?? 0) === record;
  }

  /** The record's key, also after it was dropped (a document opened on it still names it). */
  keyOf(record: T): number | undefined {
    return this.keys.get(record);
  }

  /** The record's key, given now if it has none (a record opened without being listed). */
  keyFor(record: T): number {
    let key = this.keys.get(record);
    if (key === undefined) {
      key = this.nextKey++;
      this.keys.set(record, key);
    }
    return key;
  }

  /** The record with `key` while it is in the history. */
  get(key: number): T | undefined {
    return this.byKey.get(key);
  }

  clear(): void {
    this.items.length = 0;
    this.byKey.clear();
  }
}
