// `lambda-runtime-kit lint [PATH...] [--format text|json|sarif]`: the linter for terminals and CI.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { lintDocument, lintZipFile, readLintDocument } from '../core/lint/engine';
import { DEFAULT_LINT_OPTIONS, type Finding } from '../core/lint/types';
import { findLintTargets } from '../core/project';
import { PRODUCT_NAME } from '../core/product';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';
import type { CliIO } from './io';
import { formatFindings, LINT_FORMATS, type LintFormat } from './lint-formats';

/** Runs `lint` with `args` (after the subcommand) and resolves to the exit status of the contract. */
export async function runLint(args: readonly string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, 'no-shellcheck': { type: 'boolean', default: false } },
    });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const format = parsed.values.format as LintFormat;
  if (!LINT_FORMATS.includes(format)) return usage(io, `unknown format '${format}'; use text, json or sarif`);
  const options = {
    ...DEFAULT_LINT_OPTIONS,
    shellcheck: { ...DEFAULT_LINT_OPTIONS.shellcheck, enabled: !parsed.values['no-shellcheck'] },
  };

  const roots = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  let targets;
  try {
    targets = await findLintTargets(roots.map((root) => path.resolve(cwd, root)));
  } catch (error) {
    io.err(`${PRODUCT_NAME} lint: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }

  const findings: Finding[] = [];
  let unreadable = 0;
  for (const target of targets) {
    try {
      findings.push(
        ...(target.kind === 'zip'
          ? await lintZipFile(target.file, options)
          : await lintDocument(await readLintDocument(target.file), options, target.kind)),
      );
    } catch (error) {
      unreadable += 1;
      io.err(
        `${PRODUCT_NAME} lint: cannot read ${path.relative(cwd, target.file) || target.file}: ${(error as Error).message}\n`,
      );
    }
  }
  findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
  io.out(formatFindings(format, findings, targets.length - unreadable, cwd));
  if (unreadable > 0) return EXIT_USAGE;
  return findings.some((finding) => finding.severity === 'error') ? EXIT_FAILURE : EXIT_OK;
}

function usage(io: CliIO, message: string): number {
  io.err(
    `${PRODUCT_NAME} lint: ${message}\nUsage: ${PRODUCT_NAME} lint [PATH...] [--format text|json|sarif] [--no-shellcheck]\n`,
  );
  return EXIT_USAGE;
}
