// pyenv, rbenv and nodenv put shims first on PATH: scripts that run `<manager> exec`, which starts a dozen
// processes to choose a version before the interpreter starts (0.2 s per `python3` here, twice that under an
// editor's load). Lambda has no shim: its interpreter is on PATH itself. So the runtime's PATH gets, just before
// the shims, the bin folders of the versions the shim would choose in the runtime's folder, and the interpreter
// starts at once. Where that choice is not plain file reading (`system`, a version prefix, a version that is not
// installed, a <MANAGER>_DIR), PATH stays as it is and the shim decides, as before.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface Manager {
  /** As the shim names it: `exec ".../libexec/pyenv" exec`. */
  readonly name: string;
  readonly versionFile: string;
}

const MANAGERS: readonly Manager[] = [
  { name: 'pyenv', versionFile: '.python-version' },
  { name: 'rbenv', versionFile: '.ruby-version' },
  { name: 'nodenv', versionFile: '.node-version' },
];

/** The manager and root a shims folder belongs to, read from one of its shims; undefined when it is not one. */
function shimsOf(dir: string): { manager: Manager; root: string } | undefined {
  if (path.basename(dir) !== 'shims') return undefined;
  let shim: string | undefined;
  try {
    shim = readdirSync(dir).find((name) => !name.startsWith('.'));
    if (!shim) return undefined;
    const text = readFileSync(path.join(dir, shim), 'utf8').slice(0, 4096);
    const manager = MANAGERS.find((candidate) => new RegExp(`[/"]${candidate.name}"?\\s+exec\\s`).test(text));
    if (!manager) return undefined;
    const root = new RegExp(`${manager.name.toUpperCase()}_ROOT="([^"]+)"`).exec(text)?.[1] ?? path.dirname(dir);
    return { manager, root };
  } catch {
    return undefined;
  }
}

/** The versions a version file names: the first word of each line, comments and path-like words skipped (as pyenv). */
function readVersionFile(file: string): string[] | undefined {
  let text: string;
  try {
    if (!statSync(file).isFile()) return undefined;
    text = readFileSync(file, 'utf8').slice(0, 64 * 1024);
  } catch {
    return undefined;
  }
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((word) => word !== '' && !word.startsWith('#') && word !== '..' && !word.includes('/'));
}

/** The versions the shim would choose: <MANAGER>_VERSION, else the first version file found, else the root's. */
function chosenVersions(
  manager: Manager,
  root: string,
  env: Readonly<Record<string, string>>,
  versionFileDirs: readonly string[],
): string[] | undefined {
  const prefix = manager.name.toUpperCase();
  // Another folder to search from is the manager's business: let the shim do it.
  if (env[`${prefix}_DIR`]) return undefined;
  const fromEnv = env[`${prefix}_VERSION`];
  if (fromEnv) return fromEnv.split(':').filter(Boolean);
  for (const dir of versionFileDirs) {
    const file = path.join(dir, manager.versionFile);
    if (existsSync(file)) return readVersionFile(file);
  }
  return readVersionFile(path.join(root, 'version'));
}

/**
 * PATH with, before each version manager's shims folder, the bin folders of the versions its shim would choose;
 * `versionFileDirs` are the folders searched for a version file, in order (the runtime's folder and those above
 * it, as the runtime sees them). Unchanged where no shim is on PATH or the choice is not plain.
 */
export function bypassVersionShims(
  pathValue: string,
  env: Readonly<Record<string, string>>,
  versionFileDirs: readonly string[],
): string {
  const entries = pathValue.split(':');
  const result: string[] = [];
  for (const entry of entries) {
    const shims = entry && path.isAbsolute(entry) ? shimsOf(entry) : undefined;
    const versions = shims && chosenVersions(shims.manager, shims.root, env, versionFileDirs);
    const bins = versions?.map((version) => path.join(shims!.root, 'versions', version, 'bin'));
    // `system` means "the PATH without shims", and a missing folder a prefix or an uninstalled version.
    if (bins && bins.length > 0 && versions!.every((v) => v !== 'system') && bins.every((bin) => isDir(bin))) {
      result.push(...bins.filter((bin) => !result.includes(bin)));
    }
    result.push(entry);
  }
  return result.join(':');
}

function isDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** A folder and every folder above it, itself first: where a shim looks for a version file. */
export function folderAndAncestors(dir: string): string[] {
  const dirs = [path.resolve(dir)];
  while (dirs[dirs.length - 1] !== path.dirname(dirs[dirs.length - 1])) {
    dirs.push(path.dirname(dirs[dirs.length - 1]));
  }
  return dirs;
}
