// Finding a debugpy to inject, without making F5 wait on python. Asking an interpreter (`python -c 'import
// debugpy'`) costs a process start, and much more through a wrapper script: a pyenv shim takes about half a
// second before python even starts. So: a debugpy package beside an interpreter binary (its prefix's or venv's
// site-packages, Debian's dist-packages) is found on the file system; interpreters that only running them can
// answer for (scripts, unusual layouts) are asked all at once, and each answer is kept for as long as the
// interpreter file is unchanged (path, size, mtime), so a second F5 spawns nothing.
// The package found only needs to be *a* usable debugpy: sitecustomize appends its folder to the END of sys.path,
// so a runtime whose own interpreter has debugpy imports that one.
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export interface DebugpyInstall {
  /** The interpreter that has it. */
  readonly python: string;
  /** The `debugpy` package folder. */
  readonly packageDir: string;
  readonly version: string;
}

const PROBE =
  'import debugpy, os, sys; sys.stdout.write(os.path.dirname(debugpy.__file__) + "\\n" + debugpy.__version__)';

interface Probe {
  /** size:mtime of the interpreter file when it was asked; another stamp means ask again. */
  readonly stamp: string;
  readonly answer: Promise<DebugpyInstall | undefined>;
  /** The answer once it has come (null: no debugpy). */
  settled?: DebugpyInstall | null;
}

const probes = new Map<string, Probe>();

function stampOf(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isElf(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === '\x7fELF';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The version in the package's `_version.py` (versioneer JSON, or a plain `__version__`). */
function packageVersion(packageDir: string): string {
  try {
    const text = readFileSync(path.join(packageDir, '_version.py'), 'utf8');
    return /"version":\s*"([^"]+)"/.exec(text)?.[1] ?? /__version__\s*=\s*["']([^"']+)/.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The debugpy package next to interpreter `python` on the file system, or undefined when there is none or the
 * interpreter is not a binary (a wrapper script decides at run time which python it runs: only running it tells).
 */
export function debugpyBesideInterpreter(python: string, home = os.homedir()): DebugpyInstall | undefined {
  let real: string;
  try {
    real = realpathSync(python);
  } catch {
    return undefined;
  }
  if (!isElf(real)) return undefined;
  const version = /^python(\d+\.\d+)$/.exec(path.basename(real))?.[1];
  const prefix = path.dirname(path.dirname(real));
  // A venv's bin/python is a link to its base interpreter: the venv is found from the path as given.
  const venv = path.dirname(path.dirname(python));
  const sites = version
    ? [
        ...(isFile(path.join(venv, 'pyvenv.cfg')) ? [path.join(venv, 'lib', `python${version}`, 'site-packages')] : []),
        path.join(prefix, 'lib', `python${version}`, 'site-packages'),
        path.join(prefix, 'local', 'lib', `python${version}`, 'dist-packages'),
        path.join(home, '.local', 'lib', `python${version}`, 'site-packages'),
      ]
    : [];
  sites.push(path.join(prefix, 'lib', 'python3', 'dist-packages'));
  for (const site of sites) {
    const packageDir = path.join(site, 'debugpy');
    if (isFile(path.join(packageDir, '__init__.py')))
      return { python, packageDir, version: packageVersion(packageDir) };
  }
  return undefined;
}

/** Asks `python` itself, once per version of the interpreter file; concurrent callers share the answer. */
function probe(python: string): Probe | undefined {
  const stamp = stampOf(python);
  if (stamp === undefined) return undefined;
  const known = probes.get(python);
  if (known && known.stamp === stamp) {
    const gone = known.settled && !isFile(path.join(known.settled.packageDir, '__init__.py'));
    if (!gone) return known;
  }
  const entry: Probe = {
    stamp,
    answer: execa(python, ['-c', PROBE], { reject: false, timeout: 10_000, env: { PYTHONPATH: '' } }).then(
      (result) => {
        if (result.exitCode !== 0) return undefined;
        const [packageDir, version] = String(result.stdout).split('\n');
        return { python, packageDir, version };
      },
      () => undefined,
    ),
  };
  void entry.answer.then((install) => (entry.settled = install ?? null));
  probes.set(python, entry);
  return entry;
}

/**
 * A debugpy for a runtime that runs the first of `pythons`: an answer already known or a package beside an
 * interpreter binary at once, in the order of `pythons`; otherwise the interpreters are asked in parallel and
 * the first in order that has debugpy wins. Undefined when none has it.
 */
export async function findDebugpy(pythons: readonly string[]): Promise<DebugpyInstall | undefined> {
  const unknown: string[] = [];
  for (const python of pythons) {
    const known = probes.get(python);
    if (known?.settled && known.stamp === stampOf(python) && isFile(path.join(known.settled.packageDir, '__init__.py')))
      return known.settled;
    const beside = debugpyBesideInterpreter(python);
    if (beside) return beside;
    if (!(known?.settled === null && known.stamp === stampOf(python))) unknown.push(python);
  }
  const asked = unknown.map((python) => probe(python)?.answer);
  for (const answer of asked) {
    const install = await answer;
    if (install) return install;
  }
  return undefined;
}

/** Forgets every answer (for tests). */
export function forgetDebugpyProbes(): void {
  probes.clear();
}
