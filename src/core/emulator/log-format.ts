// Lambda's platform log lines, and splitting a runtime's output into lines.
import { StringDecoder } from 'node:string_decoder';
import { MAX_LOG_LINE_BYTES } from './limits';

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFigures {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  readonly initDurationMs?: number;
  /** Lambda adds `Status: timeout` or `Status: error\tError Type: ...` when the environment had to be reset. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

/** `REPORT RequestId: ID\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 35 MB...` */
export function reportLine(figures: ReportFigures): string {
  const parts = [
    `REPORT RequestId: ${figures.requestId}`,
    `Duration: ${figures.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${figures.billedDurationMs} ms`,
    `Memory Size: ${figures.memorySizeMb} MB`,
    `Max Memory Used: ${figures.maxMemoryUsedMb} MB`,
  ];
  if (figures.initDurationMs !== undefined) parts.push(`Init Duration: ${figures.initDurationMs.toFixed(2)} ms`);
  if (figures.status) parts.push(`Status: ${figures.status}`);
  if (figures.status === 'error' && figures.errorType) parts.push(`Error Type: ${figures.errorType}`);
  return parts.join('\t');
}

/** `2024-01-01T00:00:00.000Z <id> Task timed out after 3.00 seconds`. */
export function timeoutLine(requestId: string, seconds: number, at = new Date()): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${seconds.toFixed(2)} seconds`;
}

/** `INIT_REPORT Init Duration: 12.34 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError`. */
export function initReportLine(initDurationMs: number, status: 'error' | 'timeout', errorType?: string): string {
  const parts = [`INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms`, 'Phase: init', `Status: ${status}`];
  if (status === 'error' && errorType) parts.push(`Error Type: ${errorType}`);
  return parts.join('\t');
}

/** Splits a byte stream into lines (LF or CRLF), decoding UTF-8 across chunk boundaries; very long lines are cut. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      newline = this.pending.indexOf('\n');
    }
    while (this.pending.length > MAX_LOG_LINE_BYTES) {
      this.onLine(this.pending.slice(0, MAX_LOG_LINE_BYTES));
      this.pending = this.pending.slice(MAX_LOG_LINE_BYTES);
    }
  }

  /** Emits a partial line now (an invocation ends; its output without a final newline belongs to it). */
  flush(): void {
    if (this.pending !== '') this.onLine(this.pending);
    this.pending = '';
  }

  /** Emits what is left (a last line without newline). */
  end(): void {
    this.pending += this.decoder.end();
    if (this.pending !== '') this.onLine(this.pending);
    this.pending = '';
  }
}
