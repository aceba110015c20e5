// Our rule ids are part of the contract: tests, users' settings (`lambdaRuntime.lint.rules`) and
// docs/rules.md refer to them. Each rule's default severity lives here and nowhere else.
import type { Finding, Fix, Range, RuleSettings, Severity } from './types';

export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  /** What the rule finds, one line (settings descriptions and docs/rules.md use it). */
  readonly summary: string;
}

const rule = (id: string, severity: Severity, summary: string): RuleInfo => ({ id, severity, summary });

export const RULES: readonly RuleInfo[] = [
  rule('exec-bit', 'error', 'bootstrap without execute permission'),
  rule('git-exec-bit', 'warning', 'bootstrap tracked by git without the executable bit (mode 100644)'),
  rule('no-event-loop', 'error', 'the Runtime API /invocation/next call is not inside a loop'),
  rule('no-response-post', 'error', 'the loop gets events but never posts /response or /error'),
  rule('syntax', 'error', 'shell syntax error'),
  rule('crlf', 'error', 'Windows line endings'),
  rule('shebang', 'error', 'shebang missing, not on line 1, or after a byte-order mark'),
  rule('interpreter-missing', 'warning', 'interpreter absent from the target image'),
  rule('elf-arch', 'error', "binary for another OS or CPU than the function's architecture"),
  rule('elf-glibc', 'error', 'binary that needs a newer glibc (GLIBC_x.y) than the base image has'),
  rule('hardcoded-api-host', 'warning', 'hard-coded Runtime API host instead of $AWS_LAMBDA_RUNTIME_API'),
  rule('api-path', 'error', 'a Runtime API path that does not exist'),
  rule('request-id-header', 'warning', 'request id read case-sensitively or without stripping \\r'),
  rule('next-timeout', 'warning', 'a client timeout on the long poll of /invocation/next'),
  rule('unset-variable', 'error', 'under set -u, a variable read but never assigned'),
  rule('handler-missing', 'error', "the template's Handler names a function (or file) the bootstrap never reads"),
  rule('no-error-reporting', 'info', 'no /invocation/{id}/error or /init/error call'),
  rule('missing-tool', 'warning', 'a command used but not installed in the image'),
  rule('bashism', 'warning', 'bash-only syntax under #!/bin/sh on a base whose sh is not bash'),
  rule('docker-cmd-handler', 'error', 'default entrypoint with no CMD, or a CMD that is not one JSON-array handler'),
  rule('docker-bootstrap-dir', 'error', 'bootstrap copied anywhere but ${LAMBDA_RUNTIME_DIR} (/var/runtime)'),
  rule('docker-base-image', 'warning', 'custom bootstrap on a managed-runtime base image'),
  rule('docker-entrypoint', 'info', 'ENTRYPOINT override that loses /lambda-entrypoint.sh, or shell form'),
  rule('docker-chmod', 'warning', 'bootstrap made non-executable for other users'),
  rule('sam-no-bootstrap', 'error', 'a provided.* function whose CodeUri has no bootstrap'),
  rule('template-syntax', 'error', 'YAML syntax error in a template'),
  rule('zip-no-bootstrap', 'error', 'a deployment zip with no bootstrap at its root'),
  rule('zip-exec-bit', 'error', 'bootstrap not executable in the zip, or a zip with no Unix modes (made on Windows)'),
  rule('zip-unreadable', 'warning', "zip entries Lambda's user cannot read (no read permission for others)"),
  rule('zip-crlf', 'error', 'script bootstrap with Windows (CRLF) line endings in the zip'),
  rule('zip-size', 'error', 'zip over 250 MB unzipped with its layers (or over 50 MB zipped, a warning)'),
  rule('zip-symlink', 'warning', 'symbolic link in the zip that points outside it or to nothing'),
  rule('file-skipped', 'info', 'a file too large or not text, so it was not linted'),
];

const BY_ID = new Map(RULES.map((info) => [info.id, info]));

/** The rule called `id`; throws on an unknown id so a typo in a rule is caught by its first test. */
export function ruleInfo(id: string): RuleInfo {
  const info = BY_ID.get(id);
  if (info === undefined) throw new Error(`Unknown lint rule id '${id}'`);
  return info;
}

/** A finding of one of our rules, at the rule's default severity (settings may override it later). */
export function ruleFinding(id: string, file: string, range: Range, message: string, fixes?: readonly Fix[]): Finding {
  return { file, range, severity: ruleInfo(id).severity, code: id, message, source: 'lambda-runtime-kit', fixes };
}

/** Drops the rules set to `off` and gives the others the severity the user chose. */
export function applyRuleSettings(findings: readonly Finding[], rules: RuleSettings): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const setting = rules[finding.code];
    if (setting === 'off') continue;
    result.push(setting === undefined ? finding : { ...finding, severity: setting });
  }
  return result;
}
