// Choosing the event to send: the JSON in the active editor, the workspace's events/*.json files, or the
// built-in catalogue, in one QuickPick with separators. Every choice is checked to be JSON before it is sent.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { SAMPLE_EVENTS } from '../core/scaffold/events';
import { checkedJson } from './event-argument';

const EVENT_FILES_GLOB = '**/events/*.json';
const EXCLUDED = '**/{node_modules,.git,.aws-sam}/**';
const MAX_EVENT_FILES = 200;

/** A chosen event: its JSON text and words for messages (`events/s3.json`, `the editor`, `sample s3-put`). */
export interface ChosenEvent {
  readonly text: string;
  readonly origin: string;
}

type EventItem = vscode.QuickPickItem & { load?: () => Promise<ChosenEvent> };

/** Shows the picker; undefined when the user dismisses it. */
export async function pickEvent(functionName: string | undefined): Promise<ChosenEvent | undefined> {
  const items: EventItem[] = [];
  const editor = vscode.window.activeTextEditor;
  if (editor && (editor.document.languageId === 'json' || editor.document.languageId === 'jsonc')) {
    const document = editor.document;
    items.push(
      { label: 'Editor', kind: vscode.QuickPickItemKind.Separator },
      {
        label: `$(file-code) ${path.basename(document.uri.path)}`,
        description: 'the JSON in the active editor (unsaved changes included)',
        load: async () => ({
          text: checkedJson(document.getText(), `The text of ${document.uri.path}`),
          origin: 'the editor',
        }),
      },
    );
  }
  const files = await vscode.workspace.findFiles(EVENT_FILES_GLOB, EXCLUDED, MAX_EVENT_FILES);
  if (files.length > 0) {
    items.push({ label: 'Workspace events', kind: vscode.QuickPickItemKind.Separator });
    for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
      const relative = vscode.workspace.asRelativePath(uri);
      items.push({ label: `$(json) ${relative}`, load: () => readEventFile(uri, relative) });
    }
  }
  items.push({ label: 'Sample events', kind: vscode.QuickPickItemKind.Separator });
  for (const sample of SAMPLE_EVENTS) {
    items.push({
      label: sample.title,
      description: sample.source,
      detail: sample.description,
      load: async () => ({ text: sample.json, origin: `sample ${sample.source}` }),
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: functionName ? `Invoke ${functionName}` : 'Invoke Function',
    placeHolder: 'Pick the event to send',
    matchOnDescription: true,
  });
  return picked?.load?.();
}

/** Reads a workspace event file (or any JSON file the caller names). */
export async function readEventFile(
  uri: vscode.Uri,
  origin = vscode.workspace.asRelativePath(uri),
): Promise<ChosenEvent> {
  // An open editor's text wins over the disk: the user sends what they see, saved or not.
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  let text: string;
  if (open) text = open.getText();
  else {
    try {
      text =
        uri.scheme === 'file'
          ? await readFile(uri.fsPath, 'utf8')
          : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      throw new Error(
        `Cannot read the event file ${origin} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      );
    }
  }
  return { text: checkedJson(text, `The event file ${origin}`), origin };
}
