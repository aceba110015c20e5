// What `lambdaRuntime.invoke` accepts from a caller (tests, CodeLens, keybindings) and how an event becomes the
// JSON text sent to the function. Pure: no editor here, so the rules are unit-tested.

/** The argument `lambdaRuntime.invoke` takes, as callers pass it. */
export interface InvokeArgument {
  /**
   * The event. A string whose first non-blank character is `{`, `[` or `"`, or that is `true`, `false`, `null`
   * or a number, is JSON text; any other string is the path of a JSON file (absolute, or relative to the first
   * workspace folder). Any other value is sent as its JSON. Absent: the user picks one.
   */
  readonly event?: unknown;
  /** The function to invoke (a template logical id); absent: the running one, or the user picks. */
  readonly functionName?: string;
}

/** Where the event comes from once the argument is read. */
export type EventSource =
  | { readonly kind: 'pick' }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string };

const JSON_SCALAR = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/;

/** Reads `value` (the command's first argument) into a validated InvokeArgument; throws a sentence on bad input. */
export function readInvokeArgument(value: unknown): InvokeArgument {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(
      'lambdaRuntime.invoke takes an object { event?, functionName? }; pass the event as its `event` property.',
    );
  }
  const { event, functionName } = value as { event?: unknown; functionName?: unknown };
  if (functionName !== undefined && (typeof functionName !== 'string' || functionName.trim() === '')) {
    throw new Error('lambdaRuntime.invoke: `functionName` must be a non-empty string (a template logical id).');
  }
  return { event, functionName: functionName?.trim() };
}

/** Where the argument's event comes from: the picker, JSON text, or a file to read. */
export function eventSourceOf(event: unknown): EventSource {
  if (event === undefined) return { kind: 'pick' };
  if (typeof event === 'string') {
    const trimmed = event.trim();
    if (trimmed === '')
      throw new Error('lambdaRuntime.invoke: the event is an empty string; pass JSON or a file path.');
    if (/^[[{"]/.test(trimmed) || JSON_SCALAR.test(trimmed))
      return { kind: 'json', text: checkedJson(event, 'The event') };
    return { kind: 'file', path: trimmed };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(event);
  } catch (error) {
    throw new Error(`lambdaRuntime.invoke: the event cannot be written as JSON (${(error as Error).message}).`);
  }
  if (text === undefined) throw new Error('lambdaRuntime.invoke: the event has no JSON form (a function or a symbol).');
  return { kind: 'json', text };
}

/**
 * Returns `text` unchanged when it is JSON (Lambda refuses any other payload); otherwise throws a sentence that
 * names `what` and where the parser stopped.
 */
export function checkedJson(text: string, what: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch (error) {
    throw new Error(`${what} is not JSON (${(error as Error).message}); Lambda accepts only JSON events.`);
  }
}
