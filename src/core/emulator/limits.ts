// Lambda's numbers, in one place so the Runtime API, the Invoke API and the tests agree.

/** Largest invoke request body Lambda accepts (6 MiB); larger gets 413 RequestEntityTooLargeException. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** Largest buffered response (6 MiB + 100 bytes, as Lambda's Runtime API enforces it). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;
/** Largest streamed response. */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;
/** Lambda's init phase limit. */
export const INIT_LIMIT_MS = 10_000;
/**
 * Lambda Managed Instances' init limit: the larger of 130 s and the function's timeout (Understanding the Lambda
 * Managed Instances execution environment, Init phase).
 */
export const MANAGED_INSTANCES_INIT_LIMIT_MS = 130_000;
/** The deadline runtimes see while debugging (no timeout): Lambda's largest timeout, 15 minutes. */
export const DEBUG_DEADLINE_MS = 900_000;
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_MB = 128;
export const DEFAULT_REGION = 'us-east-1';
/** The account id the official emulator puts in function ARNs. */
export const ACCOUNT_ID = '012345678912';
/** `X-Amz-Log-Result` carries the last 4 KB of the log. */
export const LOG_TAIL_BYTES = 4096;
/** What an invocation keeps of its own log; every line is still emitted as an event. */
export const MAX_KEPT_LOG_BYTES = 1024 * 1024;
/** Lambda splits longer log lines. */
export const MAX_LOG_LINE_BYTES = 256 * 1024;
/** How often the process tree's resident memory is sampled during an invoke. */
export const MEMORY_SAMPLE_MS = 100;
/** A memory sample this recent stands for the end of an invocation. */
export const MEMORY_RESAMPLE_MS = 10;
/**
 * Between SHUTDOWN to waiting extensions and SIGTERM to the runtime: Lambda's shutdown phase gives internal
 * extensions 500 ms (external ones 2 s; none run here).
 */
export const EXTENSION_SHUTDOWN_MS = 500;
/** Between SIGTERM and SIGKILL when an environment is stopped. */
export const STOP_GRACE_MS = 500;
