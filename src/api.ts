import type { RunRegistry } from './debug/runs';

/** What `activate()` returns to other extensions (and to the in-editor tests): the functions running now. */
export interface LambdaRuntimeKitApi {
  readonly runs: RunRegistry;
}
