// Lambda's own log lines in the function's log format, and the log-level filter applied to a runtime's JSON lines.
import type { ApplicationLogLevel, LogFormat, SystemLogLevel } from './types';
import { endLine, initReportLine, reportLine, startLine, type ReportFigures } from './log-format';

const APPLICATION_LEVELS: readonly ApplicationLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const SYSTEM_LEVELS: readonly SystemLogLevel[] = ['DEBUG', 'INFO', 'WARN'];

/** `info` → `INFO`, or undefined when the text names no level Lambda knows. */
export function applicationLevel(text: unknown): ApplicationLogLevel | undefined {
  if (typeof text !== 'string') return undefined;
  const upper = text.toUpperCase() as ApplicationLogLevel;
  return APPLICATION_LEVELS.includes(upper) ? upper : undefined;
}

/** `debug` → `DEBUG`, or undefined. */
export function systemLevel(text: unknown): SystemLogLevel | undefined {
  if (typeof text !== 'string') return undefined;
  const upper = text.toUpperCase() as SystemLogLevel;
  return SYSTEM_LEVELS.includes(upper) ? upper : undefined;
}

/** A runtime's output line parsed as a JSON object, or undefined (only lines that start with `{` are tried). */
export function jsonRecord(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface PlatformLogConfig {
  readonly logFormat: LogFormat;
  readonly applicationLogLevel?: ApplicationLogLevel;
  readonly systemLogLevel?: SystemLogLevel;
}

/**
 * Renders START/END/REPORT and INIT_REPORT as the function's LoggingConfig asks: text lines, or in the JSON format
 * the records Lambda writes to CloudWatch (`{"time","type":"platform.start","record":{...}}`, the Telemetry API's
 * schema, as the official emulator's interop/events_api.go models them). A record below SystemLogLevel is not
 * written (undefined): platform.start/report are INFO, platform.runtimeDone (which stands for END) is DEBUG.
 */
export class PlatformLog {
  constructor(private readonly config: PlatformLogConfig) {}

  get json(): boolean {
    return this.config.logFormat === 'JSON';
  }

  start(requestId: string, tenantId?: string): string | undefined {
    if (!this.json) return startLine(requestId);
    return this.record('INFO', 'platform.start', { requestId, ...(tenantId ? { tenantId } : {}), version: '$LATEST' });
  }

  end(requestId: string, status: 'success' | 'error' | 'timeout', tenantId?: string): string | undefined {
    if (!this.json) return endLine(requestId);
    return this.record('DEBUG', 'platform.runtimeDone', { requestId, ...(tenantId ? { tenantId } : {}), status });
  }

  report(figures: ReportFigures, tenantId?: string): string | undefined {
    if (!this.json) return reportLine(figures);
    const metrics = {
      durationMs: round(figures.durationMs),
      billedDurationMs: figures.billedDurationMs,
      memorySizeMB: figures.memorySizeMb,
      maxMemoryUsedMB: figures.maxMemoryUsedMb,
      ...(figures.initDurationMs !== undefined ? { initDurationMs: round(figures.initDurationMs) } : {}),
    };
    return this.record('INFO', 'platform.report', {
      requestId: figures.requestId,
      ...(tenantId ? { tenantId } : {}),
      status: figures.status ?? 'success',
      ...(figures.status === 'error' && figures.errorType ? { errorType: figures.errorType } : {}),
      metrics,
    });
  }

  initReport(initDurationMs: number, status: 'error' | 'timeout', errorType?: string): string | undefined {
    if (!this.json) return initReportLine(initDurationMs, status, errorType);
    return this.record('INFO', 'platform.initReport', {
      initializationType: 'on-demand',
      phase: 'init',
      status,
      ...(status === 'error' && errorType ? { errorType } : {}),
      metrics: { durationMs: round(initDurationMs) },
    });
  }

  /**
   * Whether a runtime's output line passes ApplicationLogLevel. Only the JSON format filters, and only JSON lines:
   * Lambda reads their `level` key, and gives INFO to a line whose level is missing or unknown (Log-level
   * filtering, AWS Lambda Developer Guide); a line that is not JSON is counted as INFO the same way.
   */
  keeps(line: string, record = this.json ? jsonRecord(line) : undefined): boolean {
    const threshold = this.config.applicationLogLevel;
    if (!this.json || !threshold) return true;
    const level = applicationLevel(record?.level) ?? 'INFO';
    return APPLICATION_LEVELS.indexOf(level) >= APPLICATION_LEVELS.indexOf(threshold);
  }

  private record(level: SystemLogLevel, type: string, record: Record<string, unknown>): string | undefined {
    const threshold = this.config.systemLogLevel ?? 'INFO';
    if (SYSTEM_LEVELS.indexOf(level) < SYSTEM_LEVELS.indexOf(threshold)) return undefined;
    return JSON.stringify({ time: new Date().toISOString(), type, record });
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
