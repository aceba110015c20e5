// How an invocation reads in the view, its tooltip, its documents and the invoke command's answer. Pure: the
// tree provider and the command only put these strings into the editor's objects.
import type { InvokeResult } from '../core/emulator/types';

/** The parts of an invocation record (src/debug/runs.ts) that are shown. */
export interface InvocationFacts {
  readonly functionName: string;
  readonly event: string;
  readonly startedAt: Date;
  readonly result?: InvokeResult;
  readonly error?: string;
}

export type InvocationStatus = 'running' | 'succeeded' | 'function-error' | 'failed';

/** What `lambdaRuntime.invoke` returns (tests and other extensions rely on the first four fields). */
export interface InvokeAnswer {
  /** The response body, or the error JSON Lambda returns on a function error (UTF-8 text). */
  readonly payload: string;
  /** Lambda's `X-Amz-Function-Error` (`Unhandled`) when the function failed. */
  readonly functionError?: string;
  /** START, the runtime's output, END, REPORT. */
  readonly logs: string;
  readonly durationMs: number;
  /** Beyond the contract: `Runtime.ExitError`, `Sandbox.Timedout`, or the handler's own error type. */
  readonly errorType?: string;
  readonly requestId: string;
  readonly functionName: string;
  readonly billedDurationMs: number;
  readonly maxMemoryUsedMb: number;
  readonly memorySizeMb: number;
  readonly initDurationMs?: number;
}

const decoder = new TextDecoder();

/** The payload as text (invalid UTF-8 becomes U+FFFD rather than failing). */
export const payloadText = (result: InvokeResult): string => decoder.decode(result.payload);

export function statusOf(record: InvocationFacts): InvocationStatus {
  if (record.error !== undefined) return 'failed';
  if (!record.result) return 'running';
  return record.result.functionError ? 'function-error' : 'succeeded';
}

/** `EchoFunction  14:03:27` — the function and the local time it was invoked. */
export function labelOf(record: InvocationFacts): string {
  return `${record.functionName}  ${clock(record.startedAt)}`;
}

/** `12 ms · billed 13 ms · 35/128 MB · init 40 ms`, `running…`, or the reason it failed. */
export function descriptionOf(record: InvocationFacts): string {
  if (record.error !== undefined) return `failed: ${firstLine(record.error)}`;
  const result = record.result;
  if (!result) return 'running…';
  const parts = [
    `${formatMs(result.durationMs)}`,
    `billed ${formatMs(result.billedDurationMs)}`,
    `${result.maxMemoryUsedMb}/${result.memorySizeMb} MB`,
  ];
  if (result.initDurationMs !== undefined) parts.push(`init ${formatMs(result.initDurationMs)}`);
  if (result.functionError) parts.push(result.errorType ?? 'error');
  return parts.join(' · ');
}

/** The tooltip's Markdown: every figure, the error, and the start of the event and the response. */
export function tooltipOf(record: InvocationFacts, where?: string): string {
  const lines = [`**${escapeMarkdown(record.functionName)}** — ${statusWords(record)}`, ''];
  lines.push(`Invoked ${record.startedAt.toLocaleString()}${where ? ` on ${escapeMarkdown(where)}` : ''}`, '');
  const result = record.result;
  if (result) {
    lines.push(`| | |`, `|---|---|`);
    lines.push(`| Request id | \`${result.requestId}\` |`);
    lines.push(`| Duration | ${formatMs(result.durationMs)} |`);
    lines.push(`| Billed duration | ${formatMs(result.billedDurationMs)} |`);
    lines.push(`| Max memory used | ${result.maxMemoryUsedMb} MB of ${result.memorySizeMb} MB |`);
    if (result.initDurationMs !== undefined) lines.push(`| Init duration | ${formatMs(result.initDurationMs)} |`);
    if (result.streamed) lines.push(`| Response | streamed |`);
    lines.push('');
  }
  if (record.error !== undefined) lines.push(`Not invoked: ${escapeMarkdown(record.error)}`, '');
  lines.push('Event:', preview(record.event));
  if (result) lines.push(result.functionError ? 'Error:' : 'Response:', preview(payloadText(result)));
  return lines.join('\n');
}

/** The answer of `lambdaRuntime.invoke` for a finished invocation. */
export function answerOf(result: InvokeResult): InvokeAnswer {
  return {
    payload: payloadText(result),
    ...(result.functionError ? { functionError: result.functionError, errorType: result.errorType } : {}),
    logs: result.logs,
    durationMs: result.durationMs,
    requestId: result.requestId,
    functionName: result.functionName,
    billedDurationMs: result.billedDurationMs,
    maxMemoryUsedMb: result.maxMemoryUsedMb,
    memorySizeMb: result.memorySizeMb,
    ...(result.initDurationMs !== undefined ? { initDurationMs: result.initDurationMs } : {}),
  };
}

/** JSON text pretty-printed with two spaces, or undefined when `text` is no JSON (it is then shown as it is). */
export function prettyJson(text: string): string | undefined {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return undefined;
  }
}

/** `errorType: errorMessage` of Lambda's error JSON, or the first line of whatever the payload is. */
export function errorSummary(result: InvokeResult): string {
  const text = payloadText(result);
  try {
    const parsed = JSON.parse(text) as { errorType?: unknown; errorMessage?: unknown };
    const type = typeof parsed.errorType === 'string' ? parsed.errorType : result.errorType;
    const message = typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined;
    if (type || message) return [type, message].filter(Boolean).join(': ');
  } catch {
    // not JSON: the raw text says it best
  }
  return firstLine(text) || result.errorType || 'Unhandled';
}

/** Milliseconds as people read them: `0.42 ms`, `12 ms`, `1.53 s`. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${Number(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function statusWords(record: InvocationFacts): string {
  switch (statusOf(record)) {
    case 'running':
      return 'running';
    case 'succeeded':
      return 'succeeded';
    case 'function-error':
      return `function error (${record.result?.errorType ?? 'Unhandled'})`;
    case 'failed':
      return 'could not be invoked';
  }
}

const clock = (date: Date): string =>
  [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');

const firstLine = (text: string): string => text.trim().split('\n', 1)[0].slice(0, 200);

const PREVIEW_CHARS = 600;
/** The start of `text` as a fenced block, pretty-printed and marked as JSON when it is JSON. */
function preview(text: string): string {
  const pretty = prettyJson(text);
  const shown = pretty ?? text;
  return fence(shown.length > PREVIEW_CHARS ? `${shown.slice(0, PREVIEW_CHARS)}\n…` : shown, pretty ? 'json' : '');
}

/** A fenced block whose fence is longer than any backtick run inside, so the text cannot close it. */
function fence(text: string, language: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]<>()#+!|]/g, '\\$&');
