// The linter's one entry point: decides what a file is, runs the rule families that apply to it, and applies
// the user's per-rule settings. The language server and the command line both call this and nothing below it.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { findZipDeployment, isBootstrapCandidate, resolveTarget } from '../project';
import { BOOTSTRAP_NAME } from '../project/names';
import { lintBinaryBootstrap, readExecutableHeader } from './binary';
import type { LintDocument } from './document';
import { lintDockerfile } from './docker';
import { lintFileMode } from './file-mode';
import { applyRuleSettings, ruleFinding } from './rules';
import { lintTemplate } from './sam';
import { lintShellBootstrap } from './shell';
import type { Finding, LintOptions, TargetBase } from './types';
import { layersFromTemplate, lintZip } from './zip';

/** Files larger than this are reported (`file-skipped`) rather than parsed, so a stray blob cannot stall the editor. */
export const MAX_LINT_BYTES = 2 * 1024 * 1024;

export type FileKind = 'dockerfile' | 'template' | 'bootstrap' | 'other';

const DOCKERFILE = /^(Dockerfile(\..+)?|.+\.[Dd]ockerfile|Containerfile)$/;
const TEMPLATE = /^template\.ya?ml$/;
const SHELL_INTERPRETER = /^#!\s*(\/usr)?\/bin\/(env\s+)?(ba|da|k|z)?sh\b/;

/** What kind of file `file` is for the linter, from its name and, for bootstraps, where it is used. */
export async function classifyFile(file: string): Promise<FileKind> {
  const name = path.basename(file);
  if (DOCKERFILE.test(name)) return 'dockerfile';
  if (TEMPLATE.test(name)) return 'template';
  return (await isBootstrapCandidate(file)) ? 'bootstrap' : 'other';
}

/** Reads `file` from disk into a LintDocument (BOM removed from the text, as the editor shows it). */
export async function readLintDocument(file: string): Promise<LintDocument> {
  const bytes = await readFile(file);
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  return { file, bytes, text };
}

/**
 * Lints one document. `kind` may be given when the caller already knows it (an explicit command-line
 * argument is a bootstrap whatever its name); otherwise it is found with classifyFile.
 */
export async function lintDocument(doc: LintDocument, options: LintOptions, kind?: FileKind): Promise<Finding[]> {
  const fileKind = kind ?? (await classifyFile(doc.file));
  if (fileKind === 'other') return [];
  // Compiled bootstraps are often bigger than the text limit; their rules read only the header and version tables.
  const compiled = fileKind === 'bootstrap' && COMPILED.has(readExecutableHeader(doc.bytes.subarray(0, 4096)).format);
  if (doc.bytes.length > MAX_LINT_BYTES && !compiled) {
    const size = (doc.bytes.length / (1024 * 1024)).toFixed(1);
    const message = `Not linted: the file is ${size} MB, over the ${MAX_LINT_BYTES / (1024 * 1024)} MB limit for text files.`;
    return applyRuleSettings([ruleFinding('file-skipped', doc.file, firstLine(), message)], options.rules);
  }
  let findings: Finding[];
  switch (fileKind) {
    case 'dockerfile':
      findings = await lintDockerfile(doc, options);
      break;
    case 'template':
      findings = await lintTemplate(doc, options);
      break;
    case 'bootstrap':
      findings = await lintBootstrap(doc, options);
      break;
  }
  return applyRuleSettings(findings, options.rules);
}

/**
 * Checks the deployment zip `file` (see lintZip) against the template function whose CodeUri it is, when a template
 * nearby says so (its runtime, Architectures and layers), else against the default target on x86_64. Rejects with
 * a sentence when the zip cannot be read.
 */
export async function lintZipFile(file: string, options: LintOptions): Promise<Finding[]> {
  const deployment = await findZipDeployment(file);
  if (deployment === undefined) {
    return lintZip(file, {
      base: options.defaultTarget,
      architecture: 'x86_64',
      source: `the default: no template deploys ${path.basename(file)}`,
      rules: options.rules,
    });
  }
  if (deployment.role === 'layer') {
    // A layer needs no bootstrap of its own; its binaries run on the runtime and CPU of the function using it.
    const fn = deployment.usedBy;
    return lintZip(file, {
      base: fn === undefined ? options.defaultTarget : (fn.runtime as TargetBase),
      architecture: fn?.architecture ?? 'x86_64',
      source: `${path.basename(deployment.template)} (${fn === undefined ? deployment.name : `${fn.name}, using ${deployment.name}`})`,
      role: 'layer',
      rules: options.rules,
    });
  }
  const { fn } = deployment;
  return lintZip(file, {
    base: fn.runtime as TargetBase,
    architecture: fn.architecture,
    source: `${path.basename(fn.template)} (${fn.name})`,
    layers: layersFromTemplate(fn.layers),
    rules: options.rules,
  });
}

/** Bootstraps are looked for in the folder of a sourced file and this many parents. */
const SOURCING_LEVELS = 2;

/**
 * The findings inside `file`, a script that a bootstrap sources (`source ./function.sh`): the shell bootstraps in its
 * folder and the two above are linted (our rules only: no ShellCheck, no git) and what they find in `file` is
 * returned. Empty when no bootstrap there sources it. `readDocument` gives a bootstrap's text (the editor's, when it
 * is open).
 */
export async function lintSourcedFile(
  file: string,
  options: LintOptions,
  readDocument: (file: string) => Promise<LintDocument> = readLintDocument,
): Promise<Finding[]> {
  const absolute = path.resolve(file);
  const quick: LintOptions = { ...options, shellcheck: { ...options.shellcheck, enabled: false } };
  const findings: Finding[] = [];
  let folder = path.dirname(absolute);
  for (let level = 0; level <= SOURCING_LEVELS; level++) {
    const bootstrap = path.join(folder, BOOTSTRAP_NAME);
    if (bootstrap !== absolute && (await isFile(bootstrap)) && (await classifyFile(bootstrap)) === 'bootstrap') {
      const doc = await readDocument(bootstrap).catch(() => undefined);
      if (doc !== undefined && doc.bytes.length <= MAX_LINT_BYTES && isShellText(doc)) {
        const target = await resolveTarget(doc.file, options.defaultTarget);
        const all = await lintShellBootstrap(doc, target, quick);
        findings.push(...all.filter((finding) => path.resolve(finding.file) === absolute));
      }
    }
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return applyRuleSettings(findings, options.rules);
}

/** A bootstrap the shell rules read: a script (or a file without `#!`) that is not binary. */
function isShellText(doc: LintDocument): boolean {
  const format = readExecutableHeader(doc.bytes).format;
  return (format === 'script' || format === 'unknown') && !looksBinary(doc.bytes);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

async function lintBootstrap(doc: LintDocument, options: LintOptions): Promise<Finding[]> {
  const target = await resolveTarget(doc.file, options.defaultTarget);
  // The file's own mode matters only where Lambda takes it as it is: not when the image build sets it.
  const modeFindings = target.imageSetsExecutable ? [] : await lintFileMode(doc.file, options).catch(() => []);
  const header = readExecutableHeader(doc.bytes);
  if (header.format !== 'script' && header.format !== 'unknown') {
    return [...modeFindings, ...lintBinaryBootstrap(doc, target)];
  }
  if (looksBinary(doc.bytes)) {
    const message = 'Not linted: the bootstrap is neither a script nor an executable this linter can read.';
    return [...modeFindings, ruleFinding('file-skipped', doc.file, firstLine(), message)];
  }
  const findings = await lintShellBootstrap(doc, target, options);
  // A bootstrap in Python, Node... is no shell script: only the rules about the file itself apply to it.
  const firstLineText = doc.text.slice(0, doc.text.indexOf('\n') >>> 0);
  const shell = !firstLineText.startsWith('#!') || SHELL_INTERPRETER.test(firstLineText);
  return [...modeFindings, ...(shell ? findings : findings.filter((finding) => NOT_SHELL_RULES.has(finding.code)))];
}

const COMPILED = new Set(['elf', 'macho', 'pe']);

const NOT_SHELL_RULES = new Set(['crlf', 'shebang', 'interpreter-missing']);

/** NUL bytes in the first 8 KB: what git and grep take as "binary". */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

function firstLine() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

// The language server asks these of the shell family; they are re-exported so that nothing outside the engine
// reaches below it.
export { keepWasmOnBaselineCompiler, shellcheckStatus, warmUpShellParser } from './shell';
export { applyRuleSettings };
