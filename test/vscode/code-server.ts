/**
 * Installs code-server (a real VS Code, served to a browser) once into a cache folder outside the repository,
 * keyed by version, following the offline recipe in DESIGN.md. Nothing is downloaded but npm packages.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { installStep, which } from '../support/install-step';

export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code release inside that code-server. */
export const VSCODE_VERSION = '1.100.3';

/** Where the installed package lives: $LRK_VSCODE_CACHE, else $XDG_CACHE_HOME or ~/.cache. */
export function codeServerCacheDir(): string {
  const root =
    process.env.LRK_VSCODE_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'lambda-runtime-kit');
  return path.join(root, `code-server-${CODE_SERVER_VERSION}`);
}

/** The entry script of an installed code-server, or undefined when it is not installed yet. */
export function installedCodeServer(): string | undefined {
  const dir = codeServerCacheDir();
  return existsSync(path.join(dir, '.complete')) ? path.join(dir, 'package', 'out', 'node', 'entry.js') : undefined;
}

/** Returns the entry script, installing code-server first when the cache does not have it. */
export async function ensureCodeServer(log: (line: string) => void = console.log): Promise<string> {
  const installed = installedCodeServer();
  if (installed) return installed;

  const dir = codeServerCacheDir();
  // Build beside the final folder and rename at the end, so an interrupted install is never taken for a good one.
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const started = Date.now();
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${dir} (once; about a minute)...`);

  const ripgrep = await which('rg');
  if (!ripgrep) throw new Error('ripgrep is missing: install it (apt-get install ripgrep) and run again.');
  try {
    await installInto(staging, ripgrep, log);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  return path.join(dir, 'package', 'out', 'node', 'entry.js');
}

async function installInto(staging: string, ripgrep: string, log: (line: string) => void): Promise<void> {
  await installStep('code-server', log, 'npm pack', 'npm', ['pack', `code-server@${CODE_SERVER_VERSION}`], staging);
  await installStep('code-server', log, 'unpack', 'tar', ['xzf', `code-server-${CODE_SERVER_VERSION}.tgz`], staging);
  await rm(path.join(staging, `code-server-${CODE_SERVER_VERSION}.tgz`));
  const pkg = path.join(staging, 'package');
  await installStep(
    'code-server',
    log,
    'code-server dependencies',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts'],
    pkg,
  );
  await installStep('code-server', log, 'argon2 native module', 'npm', ['rebuild', 'argon2'], pkg);
  const vscodeDir = path.join(pkg, 'lib', 'vscode');
  await installStep(
    'code-server',
    log,
    'VS Code dependencies',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts'],
    vscodeDir,
  );
  // @vscode/ripgrep's own install downloads a binary from the internet; the Debian one does the same job.
  const rgTarget = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  await mkdir(path.dirname(rgTarget), { recursive: true });
  await copyFile(ripgrep, rgTarget);
  await installStep('code-server', log, 'VS Code native modules', 'npm', ['rebuild'], vscodeDir, {
    npm_config_yes: 'true',
  });
  await installStep(
    'code-server',
    log,
    'built-in extensions',
    'npm',
    ['install', '--omit=dev'],
    path.join(vscodeDir, 'extensions'),
  );

  // --version may print a config-file notice first; the version is the line that starts with a digit.
  const { stdout } = await execa(process.execPath, [path.join(pkg, 'out', 'node', 'entry.js'), '--version']);
  const reported = stdout.split('\n').find((line) => /^\d/.test(line)) ?? stdout;
  if (!reported.startsWith(CODE_SERVER_VERSION)) {
    throw new Error(`The installed code-server reports '${reported}', not ${CODE_SERVER_VERSION}.`);
  }
  await writeFile(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
}
