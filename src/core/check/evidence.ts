// Evidence in sentences: how an invocation ended, what the runtime printed, payloads cut to a readable length.
import type { Outcome } from './session';

const PREVIEW_CHARS = 160;

/** `text` on one line, cut to `max` characters with an ellipsis. */
export function preview(text: string, max = PREVIEW_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** `errorType: errorMessage` of an error JSON, or the text itself when it is not one. */
export function errorSummary(payload: Uint8Array | string): string {
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  try {
    const error = JSON.parse(text) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof error.errorType === 'string' || typeof error.errorMessage === 'string') {
      return `${String(error.errorType ?? '(no errorType)')}: ${preview(String(error.errorMessage ?? '(no errorMessage)'))}`;
    }
  } catch {
    // not JSON
  }
  return preview(text);
}

// Lambda's own lines of an invocation log, which say nothing about the runtime.
// (START, END, REPORT, INIT_REPORT; `RequestId: ID Error: reason` and the bare error type after it).
const PLATFORM_LINE =
  /^(START|END|REPORT|INIT_REPORT|INIT_START)\b|^RequestId: \S+ Error: |^[A-Z][A-Za-z]*\.[A-Za-z]+$/;

/** The last few lines the runtime printed during an invocation, for the evidence of a crash. */
export function lastOutput(logs: string, count = 3): string[] {
  return logs
    .split('\n')
    .filter((line) => line.trim() !== '' && !PLATFORM_LINE.test(line))
    .slice(-count)
    .map((line) => preview(line, 200));
}

/** One sentence on how the invocation ended. */
export function describe(outcome: Outcome): string {
  const { result } = outcome;
  const ms = `${Math.round(result.durationMs)} ms`;
  const payload = Buffer.from(result.payload).toString('utf8');
  switch (outcome.kind) {
    case 'response':
      return `answered through /response in ${ms}: ${preview(payload) || '(empty body)'}`;
    case 'error':
      return `reported an error through /error in ${ms}: ${errorSummary(payload)}`;
    case 'init-error':
      return `failed its init and posted /init/error: ${errorSummary(payload)}`;
    case 'timeout':
      return `gave no answer before the ${(result.durationMs / 1000).toFixed(0)} s timeout${tail(result.logs)}`;
    case 'crash':
      return `the runtime exited instead of answering (${errorSummary(payload)})${tail(result.logs)}`;
    default:
      return `ended with ${errorSummary(payload) || (result.errorType ?? 'an error')}${tail(result.logs)}`;
  }
}

function tail(logs: string): string {
  const lines = lastOutput(logs);
  return lines.length === 0 ? '' : `; its last output: ${lines.map((line) => `"${line}"`).join(', ')}`;
}

/** An answer the runtime gave through the Runtime API (its response or a reported error), not a crash or a hang. */
export function answered(outcome: Outcome): boolean {
  return outcome.kind === 'response' || outcome.kind === 'error';
}
