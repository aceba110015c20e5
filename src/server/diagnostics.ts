// Findings of the lint engine as LSP diagnostics: severity mapped, the rule id as `code`, and a link to where the
// rule is explained (our docs/rules.md section, ShellCheck's wiki page).
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/lint/types';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The LSP diagnostic of `finding`; `rulesDocUrl` is the URI of docs/rules.md that our rule ids link into. */
export function toDiagnostic(finding: Finding, rulesDocUrl: string | undefined): Diagnostic {
  const href = ruleLink(finding, rulesDocUrl);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.code,
    ...(href === undefined ? {} : { codeDescription: { href } }),
    source: finding.source,
    message: finding.message,
  };
}

/**
 * Where the rule of `finding` is explained. A finding's own absolute URL wins (ShellCheck's wiki); our rules link
 * to their section of docs/rules.md, whose anchors are the rule ids.
 */
export function ruleLink(finding: Finding, rulesDocUrl: string | undefined): string | undefined {
  if (finding.url !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(finding.url)) return finding.url;
  if (finding.source === 'shellcheck' && /^SC\d+$/.test(finding.code)) {
    return `https://www.shellcheck.net/wiki/${finding.code}`;
  }
  if (finding.source === 'lambda-runtime-kit' && rulesDocUrl !== undefined) return `${rulesDocUrl}#${finding.code}`;
  return undefined;
}

/** Whether two ranges overlap or touch (an empty range at a diagnostic's edge counts, as the editor's cursor does). */
export function rangesTouch(a: Finding['range'], b: Finding['range']): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Finding['range']['start'], b: Finding['range']['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
