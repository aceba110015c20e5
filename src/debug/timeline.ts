// Where an F5 spends its time: the parent session marks each step it takes (plan, emulator, runtime started,
// debugger listening, child session started) on the extension host's clock. A few numbers per session, read by
// `npm run bench:debug` through the run registry and written to the log at trace level; nothing is shown to users.
import { performance } from 'node:perf_hooks';

/** One step of a session, in performance.now() milliseconds of the extension host. */
export interface TimelineMark {
  readonly phase: string;
  readonly at: number;
}

/** Where the configuration provider leaves the marks it makes before the session exists. */
export const TIMELINE_KEY = '__lambdaRuntimeTimeline';

/** `configuration` with `phase` (at `at`, default now) added to the marks it carries to the session. */
export function withMark<T extends object>(configuration: T, phase: string, at = performance.now()): T {
  const earlier = ((configuration as Record<string, unknown>)[TIMELINE_KEY] ?? []) as TimelineMark[];
  return { ...configuration, [TIMELINE_KEY]: [...earlier, { phase, at }] };
}

/** The marks of one `lambda-runtime` session, in the order they happened. */
export class SessionTimeline {
  private readonly list: TimelineMark[];

  /** Starts with the marks the configuration carries (see withMark). */
  constructor(configuration?: object) {
    const carried = (configuration as Record<string, unknown> | undefined)?.[TIMELINE_KEY];
    this.list = Array.isArray(carried) ? carried.filter((mark) => typeof mark?.at === 'number') : [];
  }

  /**
   * Records `phase` now, or at `at` (a step made before the session took over its runtime's start), in time order;
   * a phase marked twice keeps its first time (a recycled runtime repeats the later ones).
   */
  mark(phase: string, at = performance.now()): void {
    if (this.list.some((mark) => mark.phase === phase)) return;
    const after = this.list.findIndex((mark) => mark.at > at);
    this.list.splice(after < 0 ? this.list.length : after, 0, { phase, at });
  }

  get marks(): readonly TimelineMark[] {
    return this.list;
  }

  /** `phase +ms, phase +ms, ...`, each relative to the previous mark (the first to the first). */
  toString(): string {
    return this.list
      .map((mark, index) => `${mark.phase} +${(mark.at - (this.list[index - 1] ?? mark).at).toFixed(0)} ms`)
      .join(', ');
  }
}
