// Lints a Dockerfile for the mistakes that stop a Lambda container image from starting its runtime, plus
// dockerfile-utils' own validation.
import { analyzeDockerfile, MAX_DOCKERFILE_BYTES } from '../../project/dockerfile-facts';
import { imageFunctionsOf } from '../../project/target';
import type { LintDocument } from '../document';
import { ruleFinding } from '../rules';
import type { Finding, LintOptions } from '../types';
import { checkBaseImage } from './base-image';
import { checkBootstrapDir } from './bootstrap-dir';
import { checkChmod } from './chmod';
import { checkCmdHandler } from './cmd-handler';
import { checkEntrypoint } from './entrypoint';
import { validatorFindings } from './validator';

/**
 * Findings of the docker-* rules and of dockerfile-utils on `doc` (its text, which may be unsaved). A template
 * nearby whose image function sets ImageConfig.Command or EntryPoint silences the rule that setting overrides.
 */
export async function lintDockerfile(doc: LintDocument, _options: LintOptions): Promise<Finding[]> {
  const size = Buffer.byteLength(doc.text, 'utf8');
  if (size > MAX_DOCKERFILE_BYTES) {
    const start = { line: 0, character: 0 };
    const message = `Not linted: at ${Math.round(size / 1024)} KB this is far bigger than any Dockerfile (limit ${MAX_DOCKERFILE_BYTES / 1024} KB).`;
    return [ruleFinding('file-skipped', doc.file, { start, end: start }, message)];
  }
  if (doc.bytes.subarray(0, 8192).includes(0)) {
    const start = { line: 0, character: 0 };
    const message = 'Not linted: the file holds NUL bytes, so it is no Dockerfile (a binary file, or UTF-16 text).';
    return [ruleFinding('file-skipped', doc.file, { start, end: start }, message)];
  }
  const facts = analyzeDockerfile(doc.text, doc.file);
  let functions: Awaited<ReturnType<typeof imageFunctionsOf>> = [];
  try {
    functions = await imageFunctionsOf(doc.file);
  } catch {
    functions = [];
  }
  const commandOverridden = functions.length > 0 && functions.every((fn) => (fn.imageCommand?.length ?? 0) > 0);
  const entrypointOverridden = functions.length > 0 && functions.every((fn) => (fn.imageEntryPoint?.length ?? 0) > 0);
  return [
    ...checkCmdHandler(facts, doc.text, commandOverridden || entrypointOverridden),
    ...checkBootstrapDir(entrypointOverridden ? { ...facts, lambdaEntrypoint: false } : facts),
    ...checkBaseImage(facts),
    ...checkEntrypoint(facts, entrypointOverridden),
    ...checkChmod(facts),
    ...validatorFindings(doc.file, doc.text),
  ];
}
