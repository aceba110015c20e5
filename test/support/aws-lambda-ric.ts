/**
 * Installs the official Node runtime interface client, aws-lambda-ric, once into a cache folder outside the
 * repository, keyed by version. Its native part (curl + aws-lambda-cpp + a Node addon) is compiled here, which
 * needs cmake, autoconf, automake, libtool, make and g++; only npm packages are downloaded.
 *
 * npm's own install would run the package's preinstall/postinstall scripts, which npm 11 may refuse or
 * prompt for; so the package is fetched with --ignore-scripts and its two build steps are run by hand.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { installStep, which } from './install-step';

export const AWS_LAMBDA_RIC_VERSION = '3.3.0';

/** The tools the native build needs, as commands on PATH. */
export const AWS_LAMBDA_RIC_BUILD_TOOLS = ['cmake', 'autoconf', 'automake', 'libtoolize', 'make', 'g++'];

/** Where the installed client lives: $LRK_RIC_CACHE, else $XDG_CACHE_HOME or ~/.cache, then lambda-runtime-kit. */
export function awsLambdaRicCacheDir(): string {
  const root =
    process.env.LRK_RIC_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'lambda-runtime-kit');
  return path.join(root, `aws-lambda-ric-${AWS_LAMBDA_RIC_VERSION}`);
}

/** The installed package folder (it holds bin/index.mjs), or undefined when the cache does not have it. */
export function installedAwsLambdaRic(): string | undefined {
  const dir = awsLambdaRicCacheDir();
  return existsSync(path.join(dir, '.complete')) ? path.join(dir, 'package') : undefined;
}

/** Build tools missing from PATH (empty when the client can be built here). */
export async function missingAwsLambdaRicTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of AWS_LAMBDA_RIC_BUILD_TOOLS) if (!(await which(tool))) missing.push(tool);
  return missing;
}

/** Returns the installed package folder, building the client first when the cache does not have it. */
export async function ensureAwsLambdaRic(log: (line: string) => void = console.log): Promise<string> {
  const installed = installedAwsLambdaRic();
  if (installed) return installed;

  const missing = await missingAwsLambdaRicTools();
  if (missing.length > 0) {
    throw new Error(
      `Cannot build aws-lambda-ric ${AWS_LAMBDA_RIC_VERSION}: ${missing.join(', ')} missing ` +
        '(apt-get install cmake autoconf automake libtool make g++).',
    );
  }
  const dir = awsLambdaRicCacheDir();
  // Test files run in parallel: one builds, the others wait for it rather than build the same thing again.
  await mkdir(path.dirname(dir), { recursive: true });
  const release = await lock(`${dir}.lock`, log);
  try {
    const builtMeanwhile = installedAwsLambdaRic();
    if (builtMeanwhile) return builtMeanwhile;
    return await build(dir, log);
  } finally {
    await release();
  }
}

async function build(dir: string, log: (line: string) => void): Promise<string> {
  // Build beside the final folder and rename at the end, so an interrupted build is never taken for a good one.
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const started = Date.now();
  log(`Installing aws-lambda-ric ${AWS_LAMBDA_RIC_VERSION} into ${dir} (once; about two minutes)...`);
  try {
    await installInto(staging, log);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`aws-lambda-ric ${AWS_LAMBDA_RIC_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  return path.join(dir, 'package');
}

/** Waits for and takes the lock folder `lockDir`; a lock whose owner process is gone is taken over. */
async function lock(lockDir: string, log: (line: string) => void): Promise<() => Promise<void>> {
  let announced = false;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'pid'), String(process.pid));
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(owner) && !isAlive(owner)) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${lockDir} (another install of aws-lambda-ric).`);
    if (!announced) log(`Waiting for another process that is installing aws-lambda-ric (${lockDir})...`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function installInto(staging: string, log: (line: string) => void): Promise<void> {
  await installStep(
    'aws-lambda-ric',
    log,
    'npm pack',
    'npm',
    ['pack', `aws-lambda-ric@${AWS_LAMBDA_RIC_VERSION}`],
    staging,
  );
  await installStep(
    'aws-lambda-ric',
    log,
    'unpack',
    'tar',
    ['xzf', `aws-lambda-ric-${AWS_LAMBDA_RIC_VERSION}.tgz`],
    staging,
  );
  await rm(path.join(staging, `aws-lambda-ric-${AWS_LAMBDA_RIC_VERSION}.tgz`));
  const pkg = path.join(staging, 'package');
  // node-addon-api (headers) and node-gyp: only needed to build, removed afterwards.
  await installStep(
    'aws-lambda-ric',
    log,
    'build dependencies',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-save'],
    pkg,
  );
  await installStep(
    'aws-lambda-ric',
    log,
    'curl and aws-lambda-cpp (the package preinstall)',
    'sh',
    ['./scripts/preinstall.sh'],
    pkg,
  );
  const nodeGyp = path.join(pkg, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const nodedir = localNodeHeaders();
  await installStep(
    'aws-lambda-ric',
    log,
    'native addon (node-gyp)',
    process.execPath,
    [nodeGyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])],
    pkg,
  );
  await copyFile(path.join(pkg, 'build', 'Release', 'rapid-client.node'), path.join(pkg, 'dist', 'rapid-client.node'));
  // What the package's postinstall cleans up too: sources and objects, 170 MB the client never reads.
  for (const leftover of ['build', 'node_modules', 'deps'])
    await rm(path.join(pkg, leftover), { recursive: true, force: true });

  // The addon reads AWS_LAMBDA_RUNTIME_API as it loads (and aborts without it); any address does for this check.
  const check = await execa(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import(${JSON.stringify(path.join(pkg, 'dist', 'index.mjs'))}).then((m) => console.log(typeof m.run))`,
    ],
    { env: { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' }, reject: false, all: true },
  );
  if (check.exitCode !== 0 || check.stdout.trim() !== 'function') {
    throw new Error(`The built aws-lambda-ric does not load (exit ${check.exitCode}):\n${check.all ?? ''}`);
  }
  await writeFile(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
}

/**
 * Node's headers beside this Node (Debian's nodejs-dev puts them in /usr/include/node), so node-gyp needs no
 * download; undefined lets node-gyp fetch them as usual.
 */
function localNodeHeaders(): string | undefined {
  const configured = process.env.npm_config_nodedir;
  if (configured && existsSync(path.join(configured, 'include', 'node', 'common.gypi'))) return configured;
  const prefix = path.dirname(path.dirname(process.execPath));
  return existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? prefix : undefined;
}
