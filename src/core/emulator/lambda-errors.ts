// The error payloads and texts Lambda gives, so callers see what they would see on AWS.

/** An error the emulator returns to the caller as a function error (`X-Amz-Function-Error: Unhandled`). */
export interface FunctionFailure {
  readonly errorType: string;
  /** The error JSON as Lambda returns it; built by `failurePayload` when absent. */
  readonly payload?: Uint8Array;
  /** The text after `RequestId: ID Error: ` (Lambda's platform errors name the request). */
  readonly reason?: string;
}

/** The `{"errorMessage","errorType"}` body for a platform error of one request. */
export function failurePayload(requestId: string, failure: FunctionFailure): Uint8Array {
  if (failure.payload) return failure.payload;
  return Buffer.from(
    JSON.stringify({
      errorMessage: `RequestId: ${requestId} Error: ${failure.reason ?? 'Unknown error'}`,
      errorType: failure.errorType,
    }),
  );
}

// Go's names for signals: Lambda reports a killed runtime as Go's exec package prints it ("signal: killed").
const GO_SIGNAL_NAMES: Record<string, string> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'file size limit exceeded',
  SIGSYS: 'bad system call',
};

/** `Runtime exited with error: exit status 1`, `... signal: killed`, or `Runtime exited without providing a reason`. */
export function runtimeExitReason(exitCode: number | null | undefined, signal: string | null | undefined): string {
  if (signal)
    return `Runtime exited with error: signal: ${GO_SIGNAL_NAMES[signal] ?? signal.replace(/^SIG/, '').toLowerCase()}`;
  if (exitCode === 0 || exitCode === null || exitCode === undefined) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: exit status ${exitCode}`;
}

export function runtimeExitFailure(
  exitCode: number | null | undefined,
  signal: string | null | undefined,
): FunctionFailure {
  return { errorType: 'Runtime.ExitError', reason: runtimeExitReason(exitCode, signal) };
}

export function timeoutFailure(seconds: number): FunctionFailure {
  return { errorType: 'Sandbox.Timedout', reason: `Task timed out after ${seconds.toFixed(2)} seconds` };
}

export function responseTooLargeFailure(size: number | undefined, limit: number): FunctionFailure {
  const message =
    size === undefined
      ? `Response payload size exceeded maximum allowed payload size (${limit} bytes).`
      : `Response payload size (${size} bytes) exceeded maximum allowed payload size (${limit} bytes).`;
  return { errorType: 'Function.ResponseSizeTooLarge', payload: errorJson(message, 'Function.ResponseSizeTooLarge') };
}

/** `{"errorMessage": message, "errorType": type}` as bytes. */
export function errorJson(message: string, errorType: string): Uint8Array {
  return Buffer.from(JSON.stringify({ errorMessage: message, errorType }));
}

/**
 * The caller's payload for an error a runtime posted: its body when it is JSON, otherwise a Lambda-shaped error
 * built around it (an empty or garbled body must still reach the caller as an error, not as nothing).
 */
export function postedErrorPayload(body: Buffer, errorType: string): Uint8Array {
  const text = body.toString('utf8');
  if (text.trim() !== '') {
    try {
      JSON.parse(text);
      return body;
    } catch {
      return errorJson(text, errorType);
    }
  }
  return errorJson('Unknown application error occurred', errorType);
}

/** A problem with the invoke request itself (unknown function, too large...), answered as Lambda's API does. */
export class InvokeRequestError extends Error {
  constructor(
    /** Lambda's exception name, e.g. `ResourceNotFoundException`. */
    readonly code: string,
    readonly statusCode: number,
    message: string,
    /** More members of the error body, as Lambda sends for some exceptions (`Reason` of a throttle). */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * An invoke whose tenant id does not suit the function: Lambda answers both a missing tenant id (tenant isolation on)
 * and an unexpected one (off) with InvalidParameterValueException (Troubleshooting tenant isolation).
 */
export function tenantMismatch(functionName: string, isolated: boolean): InvokeRequestError {
  const message = isolated
    ? `Function ${functionName} has tenant isolation enabled (TenancyConfig PER_TENANT): invoke it with a tenant id (X-Amz-Tenant-Id, the SDK's TenantId, --tenant-id).`
    : `Function ${functionName} does not have tenant isolation enabled: invoke it without a tenant id, or give it TenancyConfig: {TenantIsolationMode: PER_TENANT}.`;
  return new InvokeRequestError('InvalidParameterValueException', 400, message);
}

/**
 * Lambda Managed Instances refuse an invoke when every worker is busy, "to protect invokes that are already in
 * flight", with HTTP 429 (Troubleshooting Lambda Managed Instances). The SDKs read a 429 as TooManyRequestsException;
 * its Reason here is the nearest of the documented ones, as no Managed Instances reason is documented.
 */
export function allWorkersBusy(functionName: string, maxConcurrency: number): InvokeRequestError {
  return new InvokeRequestError(
    'TooManyRequestsException',
    429,
    `Rate Exceeded. Every runtime worker of ${functionName} is busy (AWS_LAMBDA_MAX_CONCURRENCY=${maxConcurrency}).`,
    { Reason: 'ConcurrentInvocationLimitExceeded' },
  );
}
