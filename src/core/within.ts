// Whether a path lies in a folder, for the many places that ask it about absolute paths.
import path from 'node:path';

/** `inner` is `outer` or inside it. */
export function within(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
