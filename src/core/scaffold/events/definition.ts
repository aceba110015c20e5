/** One catalogue entry before it is rendered to JSON text: the event as a value, so modules stay readable. */
export interface EventDefinition {
  readonly source: string;
  readonly title: string;
  readonly description: string;
  readonly event: unknown;
}

/**
 * The example ids the catalogue shares, so one event's ARNs and ids agree with another's. The account, the
 * addresses (RFC 5737's documentation range) and the date are the ones AWS's own examples use or could.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const CLIENT_IP = '203.0.113.10';
/** 2024-03-12T10:00:00Z: one moment for every timestamp, so the samples tell one story. */
export const EPOCH_MS = 1710237600000;
export const TRACE_ID = 'Root=1-65f027a0-3c2d1b0a9f8e7d6c5b4a3928';
