// F5 on an open handler file with no launch.json: the `_HANDLER` that names it (`module.function`), as Lambda's
// own runtimes spell it, so the bootstrap finds the file the user is looking at.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FUNCTION_PATTERNS: readonly RegExp[] = [
  /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(\s*\w+\s*,\s*\w+/m,
  /^\s*export\s+(?:async\s+)?function\s+([A-Za-z_$][\w$]*)/m,
  /^\s*export\s+const\s+([A-Za-z_$][\w$]*)\s*=/m,
  /^\s*(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/m,
  /^\s*(?:function\s+)?([A-Za-z_]\w*)\s*\(\)\s*\{/m,
];

/** `relative/module.function` for `file` under `taskRoot`; `function` is the first handler-like definition, else `handler`. */
export function guessHandler(file: string, taskRoot: string): string {
  const relative = path.relative(taskRoot, file).split(path.sep).join('/');
  const module = relative.replace(/\.[^./]+$/, '');
  let text = '';
  try {
    text = readFileSync(file, 'utf8').slice(0, 256 * 1024);
  } catch {
    // unreadable: the conventional name
  }
  for (const pattern of FUNCTION_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return `${module}.${match[1]}`;
  }
  return `${module}.handler`;
}
