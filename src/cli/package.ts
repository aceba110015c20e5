// `lambda-runtime-kit package [DIR] [--template template.yaml] [--function NAME] [--out DIR]`: build the zips
// Lambda runs (one per provided.* function and local layer of the template, or DIR as one function's code),
// print each with its sizes, then check each one.
import path from 'node:path';
import {
  checkPackage,
  formatBytes,
  PackageError,
  packageTarget,
  readTemplateTargets,
  type PackageResult,
  type PackageTarget,
} from '../core/package';
import type { Finding } from '../core/lint/types';
import { PRODUCT_NAME } from '../core/product';
import { functionNameFromFolder } from '../core/scaffold';
import { reportSetupError, UsageError } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';
import type { CliIO } from './io';
import { formatFindings } from './lint-formats';
import { parsePackageArgs, type PackageRequest } from './package-args';

/**
 * Runs `package` with `args` (after the subcommand). Build output goes to standard error as it comes; each zip
 * is printed on standard output. Resolves to 2 on bad usage, an unreadable template or a package that could not
 * be built (the others are still built), to 1 when a built zip fails a check (its findings are printed in lint's
 * text format), else to 0.
 */
export async function runPackage(args: readonly string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  let request: PackageRequest;
  let targets: PackageTarget[];
  try {
    request = await parsePackageArgs(args, cwd);
    targets = await selectTargets(request, io);
  } catch (error) {
    if (error instanceof PackageError) {
      io.err(`${PRODUCT_NAME} package: ${error.message}\n`);
      return EXIT_USAGE;
    }
    return reportSetupError(error, 'package', io);
  }

  const built: PackageResult[] = [];
  let failed = 0;
  for (const target of targets) {
    try {
      const result = await packageTarget(target, { outDir: request.outDir, output: (text) => io.err(text) });
      built.push(result);
      io.out(`${describe(result, cwd)}\n`);
      for (const note of result.notes) io.err(`  ${target.name}: ${note}\n`);
    } catch (error) {
      if (!(error instanceof PackageError)) throw error;
      failed += 1;
      io.err(`${PRODUCT_NAME} package: ${error.message}\n`);
    }
  }
  const checked = await checkBuiltZips(built, cwd, io);
  io.out(checked.report);
  if (failed > 0 || checked.unreadable > 0) return EXIT_USAGE;
  return checked.failed ? EXIT_FAILURE : EXIT_OK;
}

/**
 * The one place where built zips are checked, with lint's zip checker (zip-no-bootstrap, zip-exec-bit,
 * zip-unreadable, zip-crlf, zip-size, zip-symlink, elf-arch, elf-glibc), each against its function's runtime,
 * architecture and layers from the template; findings come in lint's text format. A zip the checker cannot
 * read counts as unreadable input.
 */
async function checkBuiltZips(
  built: readonly PackageResult[],
  cwd: string,
  io: CliIO,
): Promise<{ readonly report: string; readonly failed: boolean; readonly unreadable: number }> {
  const findings: Finding[] = [];
  let unreadable = 0;
  for (const { file, target } of built) {
    try {
      findings.push(...(await checkPackage(file, target)));
    } catch (error) {
      unreadable += 1;
      io.err(`${PRODUCT_NAME} package: cannot check ${file}: ${(error as Error).message}\n`);
    }
  }
  return {
    report: built.length === 0 ? '' : formatFindings('text', findings, built.length - unreadable, cwd),
    failed: findings.some((finding) => finding.severity === 'error'),
    unreadable,
  };
}

/** The template's targets (only `--function`'s when given), or DIR as one function named after its folder. */
async function selectTargets(request: PackageRequest, io: CliIO): Promise<PackageTarget[]> {
  if (request.template === undefined) {
    return [{ name: functionNameFromFolder(request.dir), kind: 'function', folder: request.dir }];
  }
  const { targets, skipped } = await readTemplateTargets(request.template);
  if (request.functionName !== undefined) {
    const chosen = targets.filter((target) => target.name === request.functionName);
    if (chosen.length === 0) {
      const names = targets.map((target) => target.name);
      throw new UsageError(
        `the template has no function or layer to package named '${request.functionName}'` +
          (names.length > 0 ? `; it has ${names.join(', ')}` : ''),
      );
    }
    return chosen;
  }
  for (const reason of skipped) io.err(`  skipped ${reason}\n`);
  if (targets.length === 0) {
    throw new PackageError(
      `${request.template} has nothing to package: no provided.* function with local code, no layer with a local ContentUri.`,
    );
  }
  return targets;
}

/** `Name  path/Name.zip  N entries, 1.2 MB zipped, 3.4 MB unzipped` */
function describe(result: PackageResult, cwd: string): string {
  const relative = path.relative(cwd, result.file);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? result.file : relative;
  const kind = result.target.kind === 'layer' ? ' (layer)' : '';
  return (
    `${result.target.name}${kind}  ${shown}  ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}, ` +
    `${formatBytes(result.zippedBytes)} zipped, ${formatBytes(result.unzippedBytes)} unzipped`
  );
}
