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
  if (doc.bytes.subarray(0, 8192).includes(0)) {
    const start = { line: 0, character: 0 };
    const message = 'Not linted: the file holds NUL bytes, so it is no YAML template (a binary file, or UTF-16 text).';
    return [ruleFinding('file-skipped', doc.file, { start, end: start }, message)];
  }
  const parsed = parseTemplate(doc.text, doc.file);
  const syntax = parsed.problems.filter((problem) => problem.functionName === undefined);
  const findings: Finding[] = [];
  for (const problem of syntax) {
    if (findings.length >= MAX_SYNTAX_FINDINGS) break;
    const message = readable(problem.message);
    // A stack overflow is reported once per level the parser unwinds; once is enough.
    if (message === TOO_DEEP && findings.some((finding) => finding.message.endsWith(TOO_DEEP))) continue;
    findings.push(syntaxFinding(doc.file, problem.range, message));
  }
  const checks = parsed.functions
    .filter((fn) => fn.packageType === 'Zip' && fn.localCode && isProvidedRuntime(fn.runtime))
    .map((fn) => checkNoBootstrap(doc.file, fn).catch(() => undefined));
  for (const finding of await Promise.all(checks)) if (finding !== undefined) findings.push(finding);
  return findings;
}

/** One broken line often makes the parser report every line after it; the first few say what to fix. */
const MAX_SYNTAX_FINDINGS = 10;

const TOO_DEEP = 'the template is nested too deeply to be read.';

/** The parser's message, cut short (it may quote a whole binary line) and in words for a stack overflow. */
function readable(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return TOO_DEEP;
  if (/Excessive alias count/.test(message))
    return 'aliases (`*name`) expand to too much data (a "billion laughs" template), so it was not read.';
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

function syntaxFinding(file: string, range: Finding['range'], message: string): Finding {
  return ruleFinding(TEMPLATE_SYNTAX_RULE, file, range, `YAML error: ${message}`);
}
