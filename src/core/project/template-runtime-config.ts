// A function's LoggingConfig and its Lambda Managed Instances configuration (CapacityProviderConfig), as SAM and
// CloudFormation write them, for the emulator.
import type { ApplicationLogLevel, LogFormat, SystemLogLevel } from '../emulator/types';
import { applicationLevel, systemLevel } from '../emulator/platform-log';
import { resolveString, resolveValue, type TemplateContext } from './intrinsics';

export interface TemplateLogging {
  readonly logFormat?: LogFormat;
  readonly applicationLogLevel?: ApplicationLogLevel;
  readonly systemLogLevel?: SystemLogLevel;
}

/**
 * Managed Instances concurrency when the function names none: for OS-only runtimes (Rust on provided.al2023) Lambda
 * sends 8 concurrent requests per vCPU (Rust support for Lambda Managed Instances), and an environment has one vCPU
 * per ExecutionEnvironmentMemoryGiBPerVCpu of memory, 2 GiB unless set (SAM CapacityProviderConfig).
 */
const DEFAULT_PER_VCPU = 8;
const DEFAULT_GIB_PER_VCPU = 2;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `LoggingConfig: {LogFormat, ApplicationLogLevel, SystemLogLevel}`; a value Lambda would refuse is reported and left out. */
export function readLoggingConfig(
  value: unknown,
  context: TemplateContext,
  report: (message: string) => void,
): TemplateLogging {
  if (!isRecord(value)) return {};
  const format = resolveString(value.LogFormat, context);
  const application = resolveString(value.ApplicationLogLevel, context);
  const system = resolveString(value.SystemLogLevel, context);
  let logFormat: LogFormat | undefined;
  if (format === 'Text' || format === 'JSON') logFormat = format;
  else if (format !== undefined) report(`LoggingConfig.LogFormat must be Text or JSON, not '${format}'.`);
  const applicationLogLevel = applicationLevel(application);
  if (application !== undefined && !applicationLogLevel)
    report(`LoggingConfig.ApplicationLogLevel must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, not '${application}'.`);
  const systemLogLevel = systemLevel(system);
  if (system !== undefined && !systemLogLevel)
    report(`LoggingConfig.SystemLogLevel must be DEBUG, INFO or WARN, not '${system}'.`);
  if ((applicationLogLevel || systemLogLevel) && logFormat !== 'JSON')
    report('LoggingConfig log levels apply to the JSON log format only: set LogFormat: JSON.');
  return {
    ...(logFormat ? { logFormat } : {}),
    ...(logFormat === 'JSON' && applicationLogLevel ? { applicationLogLevel } : {}),
    ...(logFormat === 'JSON' && systemLogLevel ? { systemLogLevel } : {}),
  };
}

/** `TenancyConfig: {TenantIsolationMode: PER_TENANT}` (the only mode Lambda has): whether the function isolates tenants. */
export function readTenancy(value: unknown, context: TemplateContext, report: (message: string) => void): boolean {
  if (!isRecord(value)) return false;
  const mode = resolveString(value.TenantIsolationMode, context);
  if (mode === 'PER_TENANT') return true;
  report(`TenancyConfig.TenantIsolationMode must be PER_TENANT, not '${mode ?? ''}'.`);
  return false;
}

/**
 * The per-environment concurrency of a function on Lambda Managed Instances: SAM's
 * `CapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency`, or CloudFormation's
 * `CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency`;
 * undefined when the function has no capacity provider (Lambda's default mode).
 */
export function readCapacityProvider(
  value: unknown,
  memoryMb: number,
  context: TemplateContext,
  report: (message: string) => void,
): number | undefined {
  if (!isRecord(value)) return undefined;
  const config = isRecord(value.LambdaManagedInstancesCapacityProviderConfig)
    ? value.LambdaManagedInstancesCapacityProviderConfig
    : value;
  const given = resolveValue(config.PerExecutionEnvironmentMaxConcurrency, context);
  if (given !== undefined) {
    const number = Number(given);
    if (Number.isInteger(number) && number >= 1) return number;
    report(`PerExecutionEnvironmentMaxConcurrency must be a whole number of at least 1, not '${String(given)}'.`);
  }
  const ratio = Number(resolveValue(config.ExecutionEnvironmentMemoryGiBPerVCpu, context)) || DEFAULT_GIB_PER_VCPU;
  const vcpus = Math.max(1, Math.floor(memoryMb / (ratio * 1024)));
  return DEFAULT_PER_VCPU * vcpus;
}
