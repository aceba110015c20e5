import type { RunRegistry } from './debug/runs';
import type { TimelineMark } from './debug/timeline';

/** What `activate()` returns to other extensions (and to the in-editor tests): the functions running now. */
export interface LambdaRuntimeKitApi {
  readonly runs: RunRegistry;
  /** When the workspace's debuggers were ready after activation (for `npm run bench:debug`). */
  readonly preparation?: { readonly marks: readonly TimelineMark[] };
}
