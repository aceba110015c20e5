// Lints a SAM/CloudFormation template: YAML errors, and provided.* functions that cannot start.
import { ruleFinding } from '../rules';
import { isProvidedRuntime, MAX_TEMPLATE_BYTES, parseTemplate } from '../../project/template';
import type { LintDocument } from '../document';
import type { Finding, LintOptions } from '../types';
import { checkNoBootstrap } from './no-bootstrap';

/** The rule id of YAML syntax errors. */
export const TEMPLATE_SYNTAX_RULE = 'template-syntax';

/** Findings on the template `doc` (its text, possibly unsaved; CodeUri folders are checked on disk). */
export async function lintTemplate(doc: LintDocument, _options: LintOptions): Promise<Finding[]> {
  const size = Buffer.byteLength(doc.text, 'utf8');
  if (size > MAX_TEMPLATE_BYTES) {
    const start = { line: 0, character: 0 };
    const message = `Not linted: at ${(size / (1024 * 1024)).toFixed(1)} MB the template is over CloudFormation's 1 MB limit, so it cannot be deployed as it is.`;
    return [ruleFinding('file-skipped', doc.file, { start, end: start }, message)];
  }
  const parsed = parseTemplate(doc.text, doc.file);
  const findings: Finding[] = parsed.problems
    .filter((problem) => problem.functionName === undefined)
    .map((problem) => syntaxFinding(doc.file, problem.range, problem.message));
  const checks = parsed.functions
    .filter((fn) => fn.packageType === 'Zip' && fn.localCode && isProvidedRuntime(fn.runtime))
    .map((fn) => checkNoBootstrap(doc.file, fn).catch(() => undefined));
  for (const finding of await Promise.all(checks)) if (finding !== undefined) findings.push(finding);
  return findings;
}

function syntaxFinding(file: string, range: Finding['range'], message: string): Finding {
  return ruleFinding(TEMPLATE_SYNTAX_RULE, file, range, `YAML error: ${message}`);
}
