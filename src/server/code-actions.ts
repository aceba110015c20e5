// Quick fixes from the findings' fixes: text edits become a workspace edit pinned to the document version they
// were computed on (the editor refuses it if the text changed since, so no user text is overwritten), file
// operations become the server's command.
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Command,
  TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { FileOperation, Finding, Fix } from '../core/lint/types';
import { rangesTouch, toDiagnostic } from './diagnostics';
import type { LintResult } from './linter';
import { APPLY_FILE_OPERATIONS_COMMAND } from './protocol';

/** The argument of APPLY_FILE_OPERATIONS_COMMAND. */
export interface ApplyFileOperationsArgs {
  readonly uri: string;
  readonly operations: readonly FileOperation[];
}

export interface CodeActionEnvironment {
  /** The document's version now; edits computed on an older one are not offered. */
  readonly currentVersion: number | undefined;
  readonly rulesDocUrl: string | undefined;
  /** Whether the client takes versioned `documentChanges` in a WorkspaceEdit. */
  readonly documentChanges: boolean;
  /** The document's text now, to recognise a fix that only converts line endings. */
  readonly text: string | undefined;
}

/**
 * `data` of a code action whose edit only turns CRLF into LF. An editor that keeps one line ending per document
 * (VS Code does) turns the LF of such an edit back into CRLF, so the client applies it as an end-of-line change.
 */
export interface EndOfLineFixData {
  readonly endOfLine: 'LF';
}

/** The quick fixes for the findings of `result` at the requested range or among the requested diagnostics. */
export function codeActions(
  params: CodeActionParams,
  result: LintResult | undefined,
  environment: CodeActionEnvironment,
): CodeAction[] {
  if (result === undefined) return [];
  const only = params.context.only;
  if (only !== undefined && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const finding of result.findings) {
    if (!finding.fixes?.length || !wanted(finding, params)) continue;
    for (const fix of finding.fixes) {
      const key = JSON.stringify([fix.title, fix.edits ?? [], fix.operations ?? []]);
      if (seen.has(key)) continue;
      const action = quickFix(uri, finding, fix, result.version, environment);
      if (action === undefined) continue;
      seen.add(key);
      actions.push(action);
    }
  }
  return actions;
}

function wanted(finding: Finding, params: CodeActionParams): boolean {
  if (rangesTouch(finding.range, params.range)) return true;
  return params.context.diagnostics.some(
    (diagnostic) =>
      diagnostic.code === finding.code &&
      diagnostic.message === finding.message &&
      rangesTouch(diagnostic.range, finding.range),
  );
}

function quickFix(
  uri: string,
  finding: Finding,
  fix: Fix,
  version: number,
  environment: CodeActionEnvironment,
): CodeAction | undefined {
  const edits = fix.edits ?? [];
  const operations = fix.operations ?? [];
  if (edits.length === 0 && operations.length === 0) return undefined;
  // The edits' ranges refer to the text that was linted; once the text moved on they could land anywhere.
  if (edits.length > 0 && environment.currentVersion !== version) return undefined;
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(finding, environment.rulesDocUrl)],
  };
  if (fix.preferred) action.isPreferred = true;
  if (edits.length > 0) {
    action.edit = workspaceEdit(uri, version, edits, environment.documentChanges);
    if (environment.text !== undefined && convertsToLf(environment.text, edits)) {
      const data: EndOfLineFixData = { endOfLine: 'LF' };
      action.data = data;
    }
  }
  if (operations.length > 0) {
    const args: ApplyFileOperationsArgs = { uri, operations };
    const command: Command = { title: fix.title, command: APPLY_FILE_OPERATIONS_COMMAND, arguments: [args] };
    action.command = command;
  }
  return action;
}

function workspaceEdit(
  uri: string,
  version: number,
  edits: NonNullable<Fix['edits']>,
  documentChanges: boolean,
): WorkspaceEdit {
  const textEdits = edits.map((edit) => ({ range: edit.range, newText: edit.newText }));
  return documentChanges
    ? { documentChanges: [TextDocumentEdit.create({ uri, version }, textEdits)] }
    : { changes: { [uri]: textEdits } };
}

/** Whether applying `edits` to `text` gives exactly `text` with its CRLF line endings made LF. */
export function convertsToLf(text: string, edits: NonNullable<Fix['edits']>): boolean {
  if (!text.includes('\r\n')) return false;
  const document = TextDocument.create('file:///eol', 'plaintext', 0, text);
  return TextDocument.applyEdits(document, [...edits]) === text.replaceAll('\r\n', '\n');
}
