// What can be wrong with a `lambda-runtime` launch configuration, and the checks of its attributes' types: each
// failure is a sentence for the user, carried by a LaunchError.

/** What is wrong with a configuration. `not-executable` carries the bootstrap, for the quick fix. */
export type LaunchProblem =
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'missing-bootstrap'; readonly message: string; readonly bootstrap: string }
  | { readonly kind: 'not-executable'; readonly message: string; readonly bootstrap: string }
  | { readonly kind: 'missing-handler'; readonly message: string };

/** A configuration that cannot run, with the problem said to the user. */
export class LaunchError extends Error {
  constructor(readonly problem: LaunchProblem) {
    super(problem.message);
    this.name = 'LaunchError';
  }
}

/** Throws an `invalid` {@link LaunchError} with `message`. */
export function invalid(message: string): never {
  throw new LaunchError({ kind: 'invalid', message });
}

/** A string attribute, undefined when absent or empty; anything else is invalid. */
export function optionalString(value: unknown, attribute: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') invalid(`"${attribute}" must be a string, not ${JSON.stringify(value)}.`);
  return value;
}

/** A number attribute (a numeric string too) from `min` to `max`, undefined when absent. */
export function optionalNumber(value: unknown, attribute: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max)
    invalid(`"${attribute}" must be a number from ${min} to ${max}, not ${JSON.stringify(value)}.`);
  return number;
}

/** An object of NAME: value pairs, each value made a string; an empty object when absent. */
export function stringRecord(value: unknown, attribute: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    invalid(`"${attribute}" must be an object of NAME: "value" pairs.`);
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || typeof item === 'object')
      invalid(`"${attribute}.${key}" must be a string, not ${JSON.stringify(item)}.`);
    result[key] = String(item);
  }
  return result;
}
