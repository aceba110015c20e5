// Identifiers shaped like Lambda's: request ids, X-Ray trace ids, log stream names, ARNs.
import { randomBytes, randomUUID } from 'node:crypto';
import { ACCOUNT_ID } from './limits';

/** A request id (a UUID, as Lambda's). */
export function newRequestId(): string {
  return randomUUID();
}

/** An X-Ray trace header `Root=1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx;Parent=xxxxxxxxxxxxxxxx;Sampled=0`. */
export function newTraceId(now = Date.now()): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  const random = randomBytes(20).toString('hex');
  return `Root=1-${epoch}-${random.slice(0, 24)};Parent=${random.slice(24)};Sampled=0`;
}

/** `YYYY/MM/DD/[$LATEST]` followed by 32 hex digits, as Lambda names an environment's log stream. */
export function newLogStreamName(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** `arn:aws:lambda:REGION:012345678912:function:NAME`. */
export function functionArn(region: string, name: string): string {
  return `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`;
}

/** A short id for an execution environment (events, debugging). */
export function newEnvironmentId(): string {
  return randomBytes(4).toString('hex');
}
