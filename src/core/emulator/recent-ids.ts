// A bounded set of ids remembered for a while: request ids that finished, attempts that timed out.

/**
 * The newest `limit` ids, oldest forgotten first. The official emulator keeps its timed-out invocations the same
 * way (aws-lambda-runtime-interface-emulator, internal/lambda-managed-instances/invoke/timeout/timeout_cache.go,
 * 1000 entries), so a late answer is told apart from an unknown id without memory growing with every invoke.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = 1000) {}

  add(id: string | undefined): void {
    if (id === undefined) return;
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.ids.has(id);
  }

  delete(id: string | undefined): boolean {
    return id !== undefined && this.ids.delete(id);
  }
}
