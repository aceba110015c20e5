// What a chmod mode (octal or symbolic) leaves for "others", the class the Lambda user falls in: Lambda runs
// an image's processes as its own least-privileged user, not as root, who owns the files COPY creates.

/** What others lose: `execute` (any file), `read` (a script must be read by its interpreter), or nothing known. */
export type Denied = 'execute' | 'read' | undefined;

/** Judges `mode` as chmod and COPY --chmod read it; undefined when others keep both (or the result is unknown). */
export function deniedToOthers(mode: string): Denied {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const others = Number(mode[mode.length - 1]);
    if ((others & 1) === 0) return 'execute';
    if ((others & 4) === 0) return 'read';
    return undefined;
  }
  return symbolicDenied(mode);
}

// Symbolic modes change bits relative to what the file had, which the Dockerfile does not show; only what a
// clause sets or clears explicitly for others counts ("unknown" otherwise, so nothing is reported).
function symbolicDenied(mode: string): Denied {
  let read: boolean | undefined;
  let execute: boolean | undefined;
  for (const clause of mode.split(',')) {
    const match = /^([ugoa]*)([-+=])([rwxXst]*|[ugo])$/.exec(clause);
    if (match === null) return undefined;
    const [, who, op, perms] = match;
    const touchesOthers = who === '' || who.includes('o') || who.includes('a');
    if (!touchesOthers) continue;
    const hasR = perms.includes('r');
    const hasX = perms.includes('x');
    if (op === '=') {
      read = hasR;
      execute = hasX || (perms.includes('X') ? execute : false);
    } else if (op === '+') {
      if (hasR) read = true;
      if (hasX) execute = true;
    } else {
      // `chmod -x` without who honours the umask, but removing x is what it asks for.
      if (hasR) read = false;
      if (hasX) execute = false;
    }
  }
  if (execute === false) return 'execute';
  if (read === false) return 'read';
  return undefined;
}
