// `lambda-runtime-kit new LANGUAGE DIR [--image] [--arch x86_64|arm64] [--name NAME] [--base ...]`: write a
// working custom runtime into DIR. It never overwrites: one differing file and nothing at all is written.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Architecture } from '../core/types';
import { PRODUCT_NAME } from '../core/product';
import {
  functionNameFromFolder,
  hostArchitecture,
  LANGUAGES,
  LAYER_LANGUAGES,
  renderScaffold,
  validateFunctionName,
  writeScaffold,
} from '../core/scaffold';
import type { BaseRuntime, Language, Scaffold, ScaffoldOptions } from '../core/scaffold/types';
import { layerInterpreterProblem } from '../core/scaffold/layer-interpreter';
import { EXIT_OK, EXIT_USAGE } from './exit-codes';
import type { CliIO } from './io';
import { closestNames } from './suggest';

const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];
const BASES: readonly BaseRuntime[] = ['provided.al2023', 'provided.al2'];
const USAGE = `Usage: ${PRODUCT_NAME} new LANGUAGE DIR [--image | --layer] [--arch x86_64|arm64] [--name NAME] [--base provided.al2023|provided.al2]\n`;

class NewUsageError extends Error {}

/**
 * Runs `new` with `args` (after the subcommand): renders the scaffold for LANGUAGE and writes it into DIR
 * (created when missing), then prints the files and the next steps. Resolves to 0, or to 2 on bad usage, an
 * unknown language, an invalid name, or when a file it would write already exists with other content (then
 * it writes nothing and names those files).
 */
export async function runNew(args: readonly string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  let request: { options: ScaffoldOptions; dir: string };
  try {
    request = parseNewArgs(args);
  } catch (error) {
    if (!(error instanceof NewUsageError)) throw error;
    io.err(`${PRODUCT_NAME} new: ${error.message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { options, dir } = request;
  const root = path.resolve(cwd, dir);
  const scaffold = renderScaffold(options);

  const problem = await findConflicts(dir, root, scaffold);
  if (problem !== undefined) {
    io.err(`${PRODUCT_NAME} new: ${problem}\n`);
    return EXIT_USAGE;
  }

  let report;
  try {
    // Conflicts were ruled out above; should a file appear in the meantime, keep it rather than overwrite it.
    report = await writeScaffold(root, scaffold.files, async () => 'keep');
  } catch (error) {
    io.err(`${PRODUCT_NAME} new: cannot write ${dir}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  io.out(summary(dir, root, scaffold, report.written, report.kept));
  return EXIT_OK;
}

/** The scaffold options and target folder `args` ask for; throws a NewUsageError on anything else. */
function parseNewArgs(args: readonly string[]): { options: ScaffoldOptions; dir: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        image: { type: 'boolean', default: false },
        layer: { type: 'boolean', default: false },
        arch: { type: 'string' },
        name: { type: 'string' },
        base: { type: 'string' },
      },
    });
  } catch (error) {
    // Keep parseArgs' first sentence; the rest is advice for programmers.
    const message = (error as Error).message.split(/\.\s/)[0].replace(/\.$/, '');
    throw new NewUsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
  const [languageArg, dir, extra] = parsed.positionals;
  const ids = LANGUAGES.map((language) => language.id);
  if (languageArg === undefined) throw new NewUsageError(`missing LANGUAGE (one of ${ids.join(', ')})`);
  const language = ids.find((id) => id === languageArg.toLowerCase());
  if (language === undefined) throw new NewUsageError(unknownLanguage(languageArg, ids));
  if (dir === undefined || dir === '') throw new NewUsageError('missing DIR, the folder to create the project in');
  if (extra !== undefined) throw new NewUsageError(`unexpected argument '${extra}'`);

  if (parsed.values.image && parsed.values.layer) throw new NewUsageError('give --image or --layer, not both');
  if (parsed.values.layer && !LAYER_LANGUAGES.includes(language as Language)) {
    throw new NewUsageError(
      `--layer: a runtime in a layer is scaffolded for ${LAYER_LANGUAGES.join(', ')}, not ${language}`,
    );
  }
  const architecture = pick(parsed.values.arch, ARCHITECTURES, '--arch') ?? hostArchitecture();
  const base = pick(parsed.values.base, BASES, '--base') ?? 'provided.al2023';
  const functionName = parsed.values.name ?? functionNameFromFolder(path.resolve(dir));
  const invalid = validateFunctionName(functionName);
  if (invalid !== undefined) throw new NewUsageError(`--name '${functionName}': ${invalid}`);
  const options: ScaffoldOptions = {
    language: language as Language,
    packaging: parsed.values.image ? 'image' : parsed.values.layer ? 'layer' : 'zip',
    architecture,
    base,
    functionName,
  };
  const layerProblem = options.packaging === 'layer' ? layerInterpreterProblem(options) : undefined;
  if (layerProblem !== undefined) throw new NewUsageError(`--layer: ${layerProblem}`);
  return { dir, options };
}

/** Other names people give the languages; suggested, not accepted, so that scripts spell them one way. */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  sh: 'bash',
  shell: 'bash',
  js: 'node',
  javascript: 'node',
  nodejs: 'node',
  ts: 'node',
  typescript: 'node',
  py: 'python',
  python3: 'python',
  golang: 'go',
  rs: 'rust',
  'c++': 'cpp',
  cxx: 'cpp',
  c: 'cpp',
};

function unknownLanguage(input: string, ids: readonly string[]): string {
  const close = LANGUAGE_ALIASES[input.toLowerCase()] ?? closestNames(input, ids, 1)[0];
  const hint = close !== undefined ? ` Did you mean '${close}'?` : '';
  return `unknown language '${input}'; use one of ${ids.join(', ')}.${hint}`;
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new NewUsageError(`${option} must be ${allowed.join(' or ')}, not '${value}'`);
  return found;
}

/** The architecture Lambda would run for code built on this machine, so `make` output passes the linter. */

/** Why nothing may be written into `root`, or undefined when every file is new or already identical. */
async function findConflicts(dir: string, root: string, scaffold: Scaffold): Promise<string | undefined> {
  const info = await stat(root).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) return `${dir} exists and is not a folder; choose another DIR.`;
  const differing: string[] = [];
  for (const file of scaffold.files) {
    const existing = await readFile(path.join(root, file.path), 'utf8').catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? undefined : `\0${error.code ?? 'unreadable'}`,
    );
    if (existing !== undefined && existing !== file.content.replace(/\r\n?/g, '\n')) differing.push(file.path);
  }
  if (differing.length === 0) return undefined;
  return [
    `${differing.length === 1 ? 'a file' : `${differing.length} files`} it would write already exist${differing.length === 1 ? 's' : ''} with other content; nothing was written:`,
    ...differing.map((file) => `  ${path.join(dir, file)}`),
    'Move them away, or choose another DIR.',
  ].join('\n');
}

function summary(
  dir: string,
  root: string,
  scaffold: Scaffold,
  written: readonly string[],
  kept: readonly string[],
): string {
  const { language, packaging, architecture, base, functionName } = scaffold.options;
  const lines = [
    `Created ${functionName}: a ${language} custom runtime (${packaging}, ${architecture}, ${base}) in ${dir}`,
    ...written.map((file) => `  wrote ${displayPath(dir, root, file)}`),
    ...kept.map((file) => `  kept  ${displayPath(dir, root, file)} (already the same)`),
    '',
    'Next steps:',
  ];
  if (scaffold.build !== undefined) lines.push(`  ${buildCommand(dir, scaffold.build)}`);
  lines.push(`  ${PRODUCT_NAME} lint ${shellQuote(dir)}`);
  if (packaging === 'layer') {
    lines.push(
      `  ${PRODUCT_NAME} invoke --template ${shellQuote(path.join(dir, 'template.yaml'))} --function ${functionName} ` +
        `--event ${shellQuote(path.join(dir, scaffold.eventPath))}`,
    );
  } else {
    lines.push(
      `  ${PRODUCT_NAME} invoke --bootstrap ${shellQuote(path.join(dir, scaffold.bootstrapPath))} ` +
        `--handler ${shellQuote(scaffold.handler)} --event ${shellQuote(path.join(dir, scaffold.eventPath))}`,
    );
  }
  if (packaging === 'image') {
    const platform = architecture === 'arm64' ? 'linux/arm64' : 'linux/amd64';
    lines.push(`  docker build --platform ${platform} -t ${functionName.toLowerCase()} ${shellQuote(dir)}`);
  }
  return `${lines.join('\n')}\n`;
}

// writeScaffold may report absolute or relative paths; show them under DIR as the user wrote it.
function displayPath(dir: string, root: string, file: string): string {
  return path.join(dir, path.isAbsolute(file) ? path.relative(root, file) : file);
}

function buildCommand(dir: string, build: readonly string[]): string {
  const [program, ...rest] = build;
  if (program === 'make') return ['make', '-C', shellQuote(dir), ...rest.map(shellQuote)].join(' ');
  return `(cd ${shellQuote(dir)} && ${build.map(shellQuote).join(' ')})`;
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
