// The emulator's embedding API: what the command line (serve, invoke) and the editor (F5 debugging, the
// invocations view) use. Everything here is plain data and events; nothing depends on VS Code.
import type { Architecture } from '../types';
import type { RuntimeApiCall } from './api-calls';

/** One function the emulator runs: a bootstrap and Lambda's configuration for it. */
export interface FunctionConfig {
  /** Function name as callers address it (`AWS_LAMBDA_FUNCTION_NAME`). */
  readonly name: string;
  /** Path of the executable bootstrap. */
  readonly bootstrap: string;
  /** `_HANDLER`. */
  readonly handler?: string;
  /** `LAMBDA_TASK_ROOT` and the working directory; default: the bootstrap's folder. */
  readonly taskRoot?: string;
  /** `LAMBDA_RUNTIME_DIR`; default: the task root. */
  readonly runtimeDir?: string;
  /** Default 3 seconds, as Lambda. */
  readonly timeoutSeconds?: number;
  /** Default 128 MB, as Lambda. */
  readonly memoryMb?: number;
  readonly architecture?: Architecture;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** The user's variables (template Environment, --env-vars); they override Lambda's defaults except the reserved ones. */
  readonly environment?: Readonly<Record<string, string>>;
  /** LoggingConfig.LogFormat (`AWS_LAMBDA_LOG_FORMAT`): Lambda's own lines as text or JSON records. Default Text. */
  readonly logFormat?: LogFormat;
  /** LoggingConfig.ApplicationLogLevel (`AWS_LAMBDA_LOG_LEVEL`): JSON lines below it are dropped. JSON format only. */
  readonly applicationLogLevel?: ApplicationLogLevel;
  /** LoggingConfig.SystemLogLevel: which of Lambda's own JSON records are written. JSON format only. */
  readonly systemLogLevel?: SystemLogLevel;
  /**
   * Lambda Managed Instances: the runtime gets `AWS_LAMBDA_MAX_CONCURRENCY` and may hold this many `/next` at once;
   * unset (or 0) is Lambda's default mode, one invocation at a time per environment.
   */
  readonly maxConcurrency?: number;
  /**
   * Tenant isolation (TenancyConfig PER_TENANT): true, every invoke must name a tenant; false, none may (Lambda
   * answers both mistakes with InvalidParameterValueException); unset, as the invoke says (a bare bootstrap).
   */
  readonly tenantIsolation?: boolean;
  /**
   * Local folders of the function's layers in the template's order, as Lambda extracts them to /opt (a later layer's
   * files replace an earlier one's). In a sandbox they are merged at /opt; in place, their bin/ and lib/ go on
   * PATH and LD_LIBRARY_PATH.
   */
  readonly layers?: readonly string[];
  /** Run the runtime with Lambda's file system (bubblewrap); absent: in place, in the task root. */
  readonly sandbox?: SandboxConfig;
}

/** Lambda's file system through bubblewrap: /var/task and /opt read-only, a private /tmp, its own PID namespace. */
export interface SandboxConfig {
  /** The bwrap executable. */
  readonly bwrap: string;
  /** Size of the private /tmp in MB (the function's EphemeralStorage; Lambda's default is 512). */
  readonly tmpSizeMb?: number;
}

export type LogFormat = 'Text' | 'JSON';
export type ApplicationLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export type SystemLogLevel = 'DEBUG' | 'INFO' | 'WARN';

/** How to start the runtime under a debugger (the editor's F5). */
export interface DebugLaunch {
  /** Command and arguments that replace running the bootstrap directly, e.g. `node --inspect-brk=0 runtime.js`. */
  readonly command?: readonly string[];
  /** Extra environment, e.g. `NODE_OPTIONS=--inspect...`. */
  readonly environment?: Readonly<Record<string, string>>;
  /** While true, neither the init limit nor the invocation timeout kills the runtime (it may sit on a breakpoint). */
  readonly noTimeouts: boolean;
  /**
   * Host files and folders the debugger's command or variables name (a helper in a temporary folder): a sandbox
   * shows them at the same path, though its /tmp is its own. `writable` ones can be written (named pipes).
   */
  readonly hostPaths?: readonly { readonly path: string; readonly writable?: boolean }[];
  /**
   * A sandbox keeps this machine's process ids (no PID namespace of its own), and the command's host paths stay
   * host paths: LLDB finds the program it debugs by its process id and its path here.
   */
  readonly sharePids?: boolean;
}

export interface EmulatorOptions {
  readonly functions: readonly FunctionConfig[];
  /** Port of the Invoke API; 0 picks a free one. */
  readonly port?: number;
  /** Environments per function; parallel invokes beyond this queue. Default 1. */
  readonly concurrency?: number;
  readonly debug?: DebugLaunch;
  /** When one function only: any function name in an Invoke API URL reaches it (as the official emulator). */
  readonly anyName?: boolean;
}

export interface InvokeRequest {
  readonly functionName?: string;
  readonly payload: Uint8Array;
  /** Base64 JSON, as the caller's `X-Amz-Client-Context` header. */
  readonly clientContext?: string;
  /** JSON, as `Lambda-Runtime-Cognito-Identity`. */
  readonly cognitoIdentity?: string;
  readonly traceId?: string;
  /** Tenant isolation: the caller's `X-Amz-Tenant-Id`, given to the runtime as `Lambda-Runtime-Aws-Tenant-Id`. */
  readonly tenantId?: string;
}

/** Called as a streamed (or buffered) response arrives, so callers can forward it without waiting. */
export interface ResponseSink {
  /** Once, before the first chunk; `streaming` says the runtime used the streaming response mode. */
  start(info: { readonly contentType?: string; readonly streaming: boolean }): void;
  chunk(data: Uint8Array): void;
}

export interface InvokeResult {
  readonly requestId: string;
  readonly functionName: string;
  /** The response body or, on a function error, the error JSON Lambda returns (`errorMessage`, `errorType`...). */
  readonly payload: Uint8Array;
  /** `Unhandled` when the function failed (error posted, crash, timeout, response too large). */
  readonly functionError?: 'Unhandled';
  /** The error type, e.g. `Runtime.ExitError`, `Function.ResponseSizeTooLarge`, `Sandbox.Timedout`. */
  readonly errorType?: string;
  readonly streamed: boolean;
  /** The invocation's log: START, the runtime's output, END, REPORT. */
  readonly logs: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present on the first invoke of a fresh environment. */
  readonly initDurationMs?: number;
  /**
   * Whether the runtime's /response or /error carried this attempt's `Lambda-Runtime-Invocation-Id`; absent when
   * the runtime did not answer (a crash, a timeout). For conformance checks: echoing it is how a runtime is
   * protected from answering a later invocation with a timed-out one's result.
   */
  readonly invocationIdEchoed?: boolean;
}

/** Events for the editor's views and the command line's output. */
export type EmulatorEvent =
  | {
      readonly type: 'environment-started';
      readonly functionName: string;
      readonly environmentId: string;
      readonly pid?: number;
    }
  | {
      readonly type: 'environment-stopped';
      readonly functionName: string;
      readonly environmentId: string;
      readonly exitCode?: number;
      readonly signal?: string;
      readonly reason: 'stopped' | 'crashed' | 'timeout' | 'init-error';
    }
  | { readonly type: 'invocation-started'; readonly functionName: string; readonly requestId: string }
  | { readonly type: 'invocation-finished'; readonly result: InvokeResult }
  /** A Runtime API call of a runtime, as it arrives and once answered (for `check`). */
  | {
      readonly type: 'runtime-api-call';
      readonly functionName: string;
      readonly environmentId: string;
      readonly call: RuntimeApiCall;
    }
  /** One line of runtime output or one of Lambda's START/END/REPORT lines. */
  | {
      readonly type: 'log';
      readonly functionName: string;
      readonly requestId?: string;
      readonly line: string;
      readonly stream: 'stdout' | 'stderr' | 'platform';
    };

/** A running emulator: the Invoke API on 127.0.0.1:port, each function's Runtime API, its environments. */
export interface Emulator {
  /** `http://127.0.0.1:PORT` of the Invoke API. */
  readonly url: string;
  readonly port: number;
  invoke(request: InvokeRequest, sink?: ResponseSink): Promise<InvokeResult>;
  on(listener: (event: EmulatorEvent) => void): () => void;
  /** Ends the environments (all, or one function's) once their current invoke is done; the next invoke starts afresh (--watch). */
  recycle(functionName?: string): Promise<void>;
  /**
   * Runs the function `config` names with `config` from now on (--watch, after its layers were rebuilt): its
   * environments end once their current invoke is done and fresh ones start with the new layers and bootstrap.
   */
  reload(config: FunctionConfig): Promise<void>;
  /** Stops every environment (and every process they started) and closes the servers. */
  stop(): Promise<void>;
}
