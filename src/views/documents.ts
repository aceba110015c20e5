// The event, response and logs of an invocation as read-only documents of our own scheme: JSON is pretty-printed
// and gets the json language, nothing is written to disk, and a document opened while the function runs fills
// in when it ends.
import * as vscode from 'vscode';
import type { InvocationRecord } from '../debug/runs';
import { payloadText, prettyJson } from './invocation-format';

export const INVOCATION_SCHEME = 'lambda-runtime-invocation';

export type InvocationPart = 'event' | 'response' | 'logs';

/** Serves `lambda-runtime-invocation:/KEY/NAME.PART.EXT` documents for the records it was asked to open. */
export class InvocationDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Records with an open document, by key; they stay readable after the history dropped them. */
  private readonly opened = new Map<number, { record: InvocationRecord; uris: Set<string> }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(INVOCATION_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      this.changed,
    ];
  }

  /** Opens one part of `record` (key: its stable key in the history) beside the active editor. */
  async open(record: InvocationRecord, key: number, part: InvocationPart): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({
      scheme: INVOCATION_SCHEME,
      path: `/${key}/${record.functionName}.${part}${extension(record, part)}`,
    });
    const entry = this.opened.get(key) ?? { record, uris: new Set<string>() };
    entry.uris.add(uri.toString());
    this.opened.set(key, entry);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return document;
  }

  /** Refreshes the open documents of a record that has just finished. */
  finished(key: number): void {
    for (const uri of this.opened.get(key)?.uris ?? []) this.changed.fire(vscode.Uri.parse(uri));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [, key, name = ''] = uri.path.split('/');
    const record = this.opened.get(Number(key))?.record;
    if (!record) return 'This invocation is no longer in the history; invoke the function again to see it.\n';
    const part = /\.(event|response|logs)\.[a-z]+$/.exec(name)?.[1] as InvocationPart | undefined;
    if (part === 'event') return prettyJson(record.event) ?? record.event;
    if (record.error !== undefined) return `The function was not invoked: ${record.error}\n`;
    if (!record.result) return `${record.functionName} is still running; this document fills in when it ends.\n`;
    if (part === 'logs') return record.result.logs;
    const text = payloadText(record.result);
    return prettyJson(text) ?? text;
  }

  private forget(uri: vscode.Uri): void {
    if (uri.scheme !== INVOCATION_SCHEME) return;
    const key = Number(uri.path.split('/')[1]);
    const entry = this.opened.get(key);
    if (!entry) return;
    entry.uris.delete(uri.toString());
    if (entry.uris.size === 0) this.opened.delete(key);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.opened.clear();
  }
}

/** `.json` where the text is (or will likely be) JSON, so the editor colours and folds it; `.log` for logs. */
function extension(record: InvocationRecord, part: InvocationPart): string {
  if (part === 'logs') return '.log';
  if (part === 'event') return prettyJson(record.event) === undefined ? '.txt' : '.json';
  if (record.error !== undefined || (record.result && prettyJson(payloadText(record.result)) === undefined))
    return '.txt';
  return '.json';
}
