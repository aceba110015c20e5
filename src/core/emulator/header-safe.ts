// Values copied into HTTP headers (client context, cognito identity, trace id) must be single-line Latin-1.

/**
 * Makes a value safe for an HTTP header without changing its meaning: JSON is re-serialized with non-ASCII
 * escaped (`\uXXXX`, still the same JSON), anything else loses the characters a header cannot carry.
 */
export function headerSafe(value: string): string {
  if (/^[\t\x20-\x7e]*$/.test(value)) return value;
  try {
    const json = JSON.stringify(JSON.parse(value));
    return json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  } catch {
    return value.replace(/[^\t\x20-\x7e]/g, '');
  }
}
