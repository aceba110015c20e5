// Python debugging without the user's help: the runtime's interpreter gets `debugpy` through a sitecustomize
// module on PYTHONPATH, which listens for the editor and waits for it before the runtime's first line runs.
// Any python the bootstrap execs (by any path) is covered, and its own children are not (the variable is consumed).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { which } from './adapters/find-tool';
import { handOffProgram, interpreterKind, shebangProgram } from './detect';
import { readFileSync } from 'node:fs';

/** The variable sitecustomize reads: `HOST:PORT` to listen on. Removed from the environment once read. */
export const DEBUGPY_LISTEN_ENV = 'LAMBDA_RUNTIME_KIT_DEBUGPY_LISTEN';

/**
 * The module: the folder that holds debugpy goes at the END of sys.path, so debugpy and what it needs (Debian
 * unbundles pydevd and bytecode next to it) are found while the user's own packages keep precedence.
 */
function sitecustomize(packageParent: string): string {
  return `# Written by Lambda Runtime Kit for one debug session: starts debugpy before the runtime runs.
import os as _os
_listen = _os.environ.pop(${JSON.stringify(DEBUGPY_LISTEN_ENV)}, None)
if _listen:
    import sys as _sys
    if ${JSON.stringify(packageParent)} not in _sys.path:
        _sys.path.append(${JSON.stringify(packageParent)})
    # Older pydevd declares its plugin namespace through pkg_resources when it can, a third of its import time;
    # without it, it uses pkgutil (as newer pydevd always does). Hidden only while debugpy starts.
    _hidden = "pkg_resources" not in _sys.modules
    if _hidden:
        _sys.modules["pkg_resources"] = None
    try:
        import debugpy as _debugpy
        _host, _, _port = _listen.rpartition(":")
        try:
            # pydevd speaks DAP itself: no adapter process to start (debugpy 1.6.4+ and Debian's 1.6.3).
            _debugpy.listen((_host, int(_port)), in_process_debug_adapter=True)
        except TypeError:
            _debugpy.listen((_host, int(_port)))
    finally:
        if _hidden and _sys.modules.get("pkg_resources", 0) is None:
            del _sys.modules["pkg_resources"]
    _debugpy.wait_for_client()
`;
}

export { findDebugpy, type DebugpyInstall } from './debugpy-find';

/** The interpreters worth asking for debugpy: the one the bootstrap runs first, then python3 on PATH, then the system's. */
export function pythonCandidates(bootstrap: string, pathValue: string | undefined): string[] {
  const dirs = (pathValue ?? '').split(path.delimiter).filter(Boolean);
  const found: string[] = [];
  const add = (program: string | undefined) => {
    if (!program) return;
    const resolved = which(program, dirs);
    if (resolved && !found.includes(resolved)) found.push(resolved);
  };
  let head = '';
  try {
    head = readFileSync(bootstrap, 'utf8').slice(0, 64 * 1024);
  } catch {
    // unreadable: the fallbacks remain
  }
  const shebang = shebangProgram(head);
  if (shebang && interpreterKind(shebang) === 'python') add(shebang);
  const words = /(?:^|\s)((?:\/[\w.+-]+)*\/?python[\d.]*)(?=\s|$)/m.exec(head.split('\n').slice(1).join('\n'));
  if (handOffProgram(head) === 'python' && words) add(words[1]);
  add('python3');
  add('python');
  add('/usr/bin/python3');
  return found;
}

/** A folder for PYTHONPATH holding sitecustomize.py that loads the debugpy of `packageDir`; remove it with the returned function. */
export async function writeDebugpyBootstrap(packageDir: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lrk-debugpy-'));
  await writeFile(path.join(dir, 'sitecustomize.py'), sitecustomize(path.dirname(packageDir)));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The runtime's variables: listen address for sitecustomize, and the folder first on PYTHONPATH. */
export function debugpyEnvironment(
  dir: string,
  host: string,
  port: number,
  userPythonPath: string | undefined,
): Record<string, string> {
  return {
    [DEBUGPY_LISTEN_ENV]: `${host}:${port}`,
    // Python 3.11's frozen modules make pydevd print a warning on every start; breakpoints in user code are unaffected.
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    PYTHONPATH: userPythonPath ? `${dir}${path.delimiter}${userPythonPath}` : dir,
  };
}
