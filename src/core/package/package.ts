// Building one deployment package: the build step when there is one, the walk with the exclusions, the zip.
import { open, mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findMakefile, runBuild, type BuildOutput } from './build';
import { PackageError } from './errors';
import { loadExclusions } from './exclusions';
import type { PackageTarget } from './targets';
import { BOOTSTRAP, walkFolder } from './walk';
import { writeZip, type ZipSummary } from './zip-writer';

/** A zip that was written, what it was built from, and what the user should know about it. */
export interface PackageResult extends ZipSummary {
  readonly target: PackageTarget;
  /** Entries left out with a reason, a build that ran. */
  readonly notes: readonly string[];
}

/** How {@link packageTarget} runs. */
export interface PackageOptions {
  /** The folder the zip goes into (created when missing); it is never packaged itself. */
  readonly outDir: string;
  /** Receives the build's output as it comes. */
  readonly output: BuildOutput;
}

/**
 * Builds `<outDir>/<target.name>.zip` from `target.folder`. With `buildMethod: makefile` it runs
 * `make build-<name>` with ARTIFACTS_DIR set to a fresh temporary folder and zips exactly what the target put
 * there; otherwise it runs `make` when the folder has a Makefile, then zips the folder without the default
 * exclusions and those of its `.lambdaignore`. Rejects with a {@link PackageError} (a sentence for the user)
 * when the folder is missing, the build fails or the folder cannot be zipped as it is.
 */
export async function packageTarget(target: PackageTarget, options: PackageOptions): Promise<PackageResult> {
  const info = await stat(target.folder).catch(() => undefined);
  if (info === undefined) throw new PackageError(`${target.name}: its code folder ${target.folder} does not exist.`);
  if (!info.isDirectory()) {
    throw new PackageError(
      `${target.name}: its code ${target.folder} is a file, not a folder; a zip is checked with 'lambda-runtime-kit lint ${target.folder}'.`,
    );
  }
  await mkdir(options.outDir, { recursive: true });
  const outDir = await realpath(options.outDir);
  const zipFile = path.join(outDir, `${target.name}.zip`);
  const method = target.buildMethod?.toLowerCase();
  if (method === 'makefile') return packageMakefileBuild(target, zipFile, options.output);
  if (method !== undefined) {
    throw new PackageError(
      `${target.name}: Metadata.BuildMethod is ${target.buildMethod}, a build only sam build runs; package builds ` +
        `BuildMethod makefile. Run 'sam build', then check its zip with 'lambda-runtime-kit lint', or switch to a Makefile.`,
    );
  }
  const notes: string[] = [];
  if ((await findMakefile(target.folder)) !== undefined) {
    await runBuild({ folder: target.folder }, options.output);
    notes.push(`built with make in ${target.folder}`);
  }
  const compiled = await isElf(path.join(target.folder, BOOTSTRAP));
  // The real path, as outDir's: the output folder is recognized inside the function's folder through any link.
  const root = await realpath(target.folder);
  const excluded = await loadExclusions(root, { compiled, excludeFolders: [outDir] }).catch((error) => {
    throw new PackageError((error as Error).message);
  });
  const listing = await walkFolder(root, excluded);
  const summary = await writeZip(zipFile, listing.entries);
  return { ...summary, target, notes: [...notes, ...listing.notes] };
}

async function packageMakefileBuild(
  target: PackageTarget,
  zipFile: string,
  output: BuildOutput,
): Promise<PackageResult> {
  if ((await findMakefile(target.folder)) === undefined) {
    throw new PackageError(
      `${target.name}: Metadata.BuildMethod is makefile but ${target.folder} has no Makefile with a build-${target.name} target.`,
    );
  }
  // A fresh folder each time, as sam build gives: a file left by an earlier build must not slip into this zip.
  const artifacts = await mkdtemp(path.join(tmpdir(), 'lrk-artifacts-'));
  try {
    await runBuild({ folder: target.folder, target: `build-${target.name}`, artifactsDir: artifacts }, output);
    const listing = await walkFolder(artifacts, () => false);
    if (listing.entries.length === 0) {
      throw new PackageError(
        `${target.name}: 'make build-${target.name}' put nothing into ARTIFACTS_DIR; it must copy the function's files (its bootstrap) there.`,
      );
    }
    const summary = await writeZip(zipFile, listing.entries);
    return { ...summary, target, notes: [`built with make build-${target.name}`, ...listing.notes] };
  } finally {
    await rm(artifacts, { recursive: true, force: true });
  }
}

/** Whether `file` starts with the ELF magic: a compiled bootstrap, whose sources Lambda does not need. */
async function isElf(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    await handle.close();
  }
}
