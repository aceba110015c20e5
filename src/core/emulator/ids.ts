// Identifiers shaped like Lambda's: request ids, X-Ray trace ids, log stream names, ARNs.
import { randomFillSync, randomUUID } from 'node:crypto';
import { ACCOUNT_ID } from './limits';

// Every invoke needs a trace id's 20 random bytes; one call into the crypto library per invoke costs more than the
// rest of the id, so bytes are drawn from a pool refilled a few KB at a time (as randomUUID does internally).
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `bytes` random bytes (at most POOL_BYTES) as lowercase hex. */
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** A request id (a UUID, as Lambda's). */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * A fresh id for one attempt at an invocation (`Lambda-Runtime-Invocation-Id`). Lambda documents no format for it;
 * the runtime clients that echo it (aws-lambda-dotnet #2508, aws-lambda-python-runtime-interface-client #214)
 * treat it as an opaque string, so a UUID, distinct from the request id, is enough.
 */
export function newInvocationId(): string {
  return randomUUID();
}

/** An X-Ray trace header `Root=1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx;Parent=xxxxxxxxxxxxxxxx;Sampled=0`. */
export function newTraceId(now = Date.now()): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  const random = randomHex(20);
  return `Root=1-${epoch}-${random.slice(0, 24)};Parent=${random.slice(24)};Sampled=0`;
}

/** `YYYY/MM/DD/[$LATEST]` followed by 32 hex digits, as Lambda names an environment's log stream. */
export function newLogStreamName(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomHex(16)}`;
}

/** `arn:aws:lambda:REGION:012345678912:function:NAME`. */
export function functionArn(region: string, name: string): string {
  return `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`;
}

/** A short id for an execution environment (events, debugging). */
export function newEnvironmentId(): string {
  return randomHex(4);
}
