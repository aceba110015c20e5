// dockerfile-utils' own checks (unknown instructions, bad flags, duplicate CMDs...), reported with its source so
// users can tell them from ours, with its code as `dockerfile-<name>` so settings can change their severity.
import { validate, ValidationCode } from 'dockerfile-utils';
import type { Finding, Severity } from '../types';

const SEVERITIES: Readonly<Record<number, Severity>> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** `MULTIPLE_INSTRUCTIONS` → `dockerfile-multiple-instructions`; an unknown number keeps its number. */
export function validatorCode(code: unknown): string {
  const name = typeof code === 'number' ? ValidationCode[code] : typeof code === 'string' ? code : undefined;
  return `dockerfile-${(name ?? String(code)).toLowerCase().replace(/_/g, '-')}`;
}

export function validatorFindings(file: string, text: string): Finding[] {
  let diagnostics;
  try {
    diagnostics = validate(text);
  } catch {
    return [];
  }
  return diagnostics.map((diagnostic) => ({
    file,
    range: diagnostic.range,
    severity: SEVERITIES[diagnostic.severity ?? 1] ?? 'warning',
    code: validatorCode(diagnostic.code),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    source: 'dockerfile-utils' as const,
  }));
}
