// The three output formats of `lambda-runtime-kit lint`. Positions become 1-based here, as the contract says.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../core/product';
import { RULES } from '../core/lint/rules';
import type { Finding, Severity } from '../core/lint/types';

export type LintFormat = 'text' | 'json' | 'sarif';
export const LINT_FORMATS: readonly LintFormat[] = ['text', 'json', 'sarif'];

/** One finding of the JSON format: `{file, line, column, endLine, endColumn, severity, code, message}`. */
export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

/** Findings as the contract's JSON records, with paths relative to `cwd` when they are inside it. */
export function toJsonFindings(findings: readonly Finding[], cwd: string): JsonFinding[] {
  return findings.map((finding) => ({
    file: displayPath(finding.file, cwd),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
  }));
}

/** Renders `findings` in `format`; `files` is how many files were linted (for the text summary). */
export function formatFindings(format: LintFormat, findings: readonly Finding[], files: number, cwd: string): string {
  const records = toJsonFindings(findings, cwd);
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(toSarif(findings, records, cwd), null, 2)}\n`;
  // Like a compiler's output, so editors and CI log viewers turn `file:line:column` into links.
  const lines = records.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity}: ${r.message} [${r.code}]`);
  const count = (severity: Severity) => records.filter((record) => record.severity === severity).length;
  const summary =
    records.length === 0
      ? `${plural(files, 'file')} checked, no problems found.`
      : `${plural(files, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ` +
        `${count('info') + count('hint')} info.`;
  return [...lines, summary, ''].join('\n');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

/** SARIF 2.1.0 as GitHub code scanning reads it: repository-relative URIs under %SRCROOT%, one rule per id. */
function toSarif(findings: readonly Finding[], records: readonly JsonFinding[], cwd: string) {
  const ids = [...new Set(findings.map((finding) => finding.code))].sort();
  const rules = ids.map((id) => {
    const ours = RULES.find((rule) => rule.id === id);
    const url = findings.find((finding) => finding.code === id)?.url;
    return {
      id,
      shortDescription: { text: ours?.summary ?? id },
      ...(url !== undefined && /^https?:/.test(url) ? { helpUri: url } : {}),
      ...(ours ? { defaultConfiguration: { level: SARIF_LEVEL[ours.severity] } } : {}),
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: PRODUCT_NAME, version: PRODUCT_VERSION, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href}/` } },
        results: records.map((record, index) => ({
          ruleId: record.code,
          ruleIndex: ids.indexOf(record.code),
          level: SARIF_LEVEL[record.severity],
          message: { text: record.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: sarifLocation(findings[index]!.file, cwd),
                region: {
                  startLine: record.line,
                  startColumn: record.column,
                  endLine: record.endLine,
                  endColumn: record.endColumn,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

function sarifLocation(file: string, cwd: string) {
  const relative = path.relative(cwd, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
