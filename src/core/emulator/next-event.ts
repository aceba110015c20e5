// The headers of an event handed to a runtime by GET /runtime/invocation/next.
import { headerSafe } from './header-safe';
import { functionArn } from './ids';
import type { Invocation } from './invocation';
import type { ResolvedFunction } from './launch';

/**
 * Request id, this attempt's invocation id, deadline, function ARN, trace id and, when the caller sent them, client
 * context, identity and tenant id.
 */
export function nextEventHeaders(
  fn: ResolvedFunction,
  invocation: Invocation,
  deadlineMs: number,
): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': invocation.request.payload.byteLength,
    'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
    // The 2026 header (aws-lambda-rust-runtime #1155, aws-lambda-java-libs #624): a per-attempt id that the
    // runtime echoes on /response and /error, so that a late answer is refused instead of cross-wired.
    ...(invocation.invocationId ? { 'Lambda-Runtime-Invocation-Id': invocation.invocationId } : {}),
    'Lambda-Runtime-Deadline-Ms': String(deadlineMs),
    'Lambda-Runtime-Invoked-Function-Arn': functionArn(fn.region, fn.name),
    // A trace id the emulator generated is plain ASCII already; only the caller's needs checking.
    'Lambda-Runtime-Trace-Id': invocation.request.traceId ? headerSafe(invocation.traceId) : invocation.traceId,
  };
  if (invocation.clientContext) headers['Lambda-Runtime-Client-Context'] = headerSafe(invocation.clientContext);
  const cognito = invocation.request.cognitoIdentity;
  if (cognito) headers['Lambda-Runtime-Cognito-Identity'] = headerSafe(cognito);
  // As the official emulator (internal/lambda/rapi/rendering/rendering.go): only when the invoke named a tenant.
  const tenant = invocation.request.tenantId;
  if (tenant) headers['Lambda-Runtime-Aws-Tenant-Id'] = headerSafe(tenant);
  return headers;
}
