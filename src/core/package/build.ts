// The build step before zipping, as `sam build` runs it: a function or layer whose template says
// `Metadata.BuildMethod: makefile` is built with `make build-<LogicalId>` and ARTIFACTS_DIR, and its zip holds
// exactly what that target put there; any other folder with a Makefile is built with plain `make` (the
// scaffolds' default target builds ./bootstrap) and then zipped like a folder without one.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { execa, ExecaError } from 'execa';
import { PackageError } from './errors';

/** The names make looks for, in its own order. */
const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

/** Receives the build's output as it comes, standard output and error alike. */
export type BuildOutput = (text: string) => void;

/** A build to run in `folder`: `make`, or `make <target>` with ARTIFACTS_DIR set. */
export interface BuildStep {
  readonly folder: string;
  /** `build-<LogicalId>` for BuildMethod makefile; none for the default target. */
  readonly target?: string;
  /** The folder the target writes the package's files into (created empty by the caller). */
  readonly artifactsDir?: string;
}

/** The Makefile of `folder`, or undefined when it has none. */
export async function findMakefile(folder: string): Promise<string | undefined> {
  for (const name of MAKEFILES) {
    const file = path.join(folder, name);
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  return undefined;
}

/**
 * Runs the build `step`, streaming its output to `output`. Rejects with a {@link PackageError} that says which
 * command failed where, and how, when make is missing or the build fails; the build's own messages have already
 * gone to `output` by then.
 */
export async function runBuild(step: BuildStep, output: BuildOutput): Promise<void> {
  const args = step.target === undefined ? [] : [step.target];
  // As a command-line assignment, like sam build does, so it overrides any ARTIFACTS_DIR set in the Makefile.
  if (step.artifactsDir !== undefined) args.push(`ARTIFACTS_DIR=${step.artifactsDir}`);
  const command = ['make', ...args].join(' ');
  output(`$ ${command}   (in ${step.folder})\n`);
  const child = execa('make', args, {
    cwd: step.folder,
    env: step.artifactsDir === undefined ? {} : { ARTIFACTS_DIR: step.artifactsDir },
    stdin: 'ignore',
    buffer: false,
  });
  child.stdout?.on('data', (chunk: Buffer) => output(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output(chunk.toString()));
  try {
    await child;
  } catch (error) {
    if (!(error instanceof ExecaError)) throw error;
    if (error.code === 'ENOENT') {
      throw new PackageError(
        `${step.folder} has a Makefile but make is not installed: install make (Debian: apt-get install make), ` +
          'or build the bootstrap yourself and remove the Makefile from the folder.',
      );
    }
    const how =
      error.signal !== undefined ? `was stopped by ${error.signal}` : `failed with exit status ${error.exitCode}`;
    throw new PackageError(
      `The build '${command}' in ${step.folder} ${how}; its output is above. Fix it and run the command again.`,
    );
  }
}
