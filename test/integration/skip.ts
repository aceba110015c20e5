import type { Context } from 'mocha';

const reasons = new WeakMap<object, string>();

/**
 * Skips the running test and records why, so that the runners print the reason instead of counting a test
 * that could not run as passed.
 */
export function skipBecause(context: Context, reason: string): never {
  if (context.test) reasons.set(context.test, reason);
  context.skip();
}

/** The reason given to skipBecause for this test, if any. */
export function skipReason(test: object): string | undefined {
  return reasons.get(test);
}
