// What the scaffolding commands share in the editor: errors shown and thrown, files opened, folders found
// from a clicked Uri or the active editor, and the small pickers more than one command asks.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGES } from '../../core/scaffold';
import type { Architecture } from '../../core/types';
import type { BaseRuntime, Language } from '../../core/scaffold/types';
import type { CommandContext } from '../context';
import { ArgumentError } from './request';
import { languageDescription, missingToolchains } from './toolchain';

/** Logs `message`, shows it as an error and throws it, so that a caller of executeCommand sees it too. */
export function fail(context: CommandContext, message: string): never {
  context.log.error(message);
  void vscode.window.showErrorMessage(message);
  throw new Error(message);
}

/** Runs `parse`; an ArgumentError (bad input from a caller) is shown, logged and thrown as a plain Error. */
export function failWith<T>(context: CommandContext, command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ArgumentError) return fail(context, `${command}: ${error.message}`);
    throw error;
  }
}

/** Opens `file` in an editor; a failure is logged, not thrown: the files are written by then. */
export async function openFile(context: CommandContext, file: string): Promise<void> {
  try {
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  } catch (error) {
    context.log.warn(`Could not open ${file}: ${(error as Error).message}`);
  }
}

/** The folder a Uri stands for: itself when it is a folder (or does not exist yet), else the file's folder. */
export async function uriFolder(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const stats = await stat(uri.fsPath).catch(() => undefined);
  return stats === undefined || stats.isDirectory() ? uri.fsPath : path.dirname(uri.fsPath);
}

/** The active editor's file, when it is a local file. */
export function activeFile(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri.fsPath : undefined;
}

interface Item<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/** Asks for a language, `preselected` first in focus; undefined when dismissed. */
export async function pickLanguage(title: string, preselected: Language | undefined): Promise<Language | undefined> {
  const missing = await missingToolchains(LANGUAGES);
  const items: Item<Language>[] = LANGUAGES.map((language) => ({
    label: language.label,
    description: languageDescription(language, missing.get(language.id)),
    value: language.id,
    picked: language.id === preselected,
  }));
  const pick = vscode.window.createQuickPick<Item<Language>>();
  pick.title = title;
  pick.placeholder = 'The language of the bootstrap';
  pick.matchOnDescription = true;
  pick.items = items;
  const active = items.find((item) => item.value === preselected);
  if (active) pick.activeItems = [active];
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.value);
      pick.dispose();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The architecture picker's items, `host` marked as this machine. */
export function architectureItems(host: Architecture): Item<Architecture>[] {
  return (['x86_64', 'arm64'] as const).map((value) => ({
    label: value,
    description: [value === 'arm64' ? 'Graviton' : 'Intel and AMD', value === host ? 'this machine' : undefined]
      .filter(Boolean)
      .join(', '),
    value,
  }));
}

/** The base picker's items. */
export function baseItems(): Item<BaseRuntime>[] {
  return [
    { label: 'provided.al2023', description: 'Amazon Linux 2023 (recommended)', value: 'provided.al2023' },
    { label: 'provided.al2', description: 'Amazon Linux 2', value: 'provided.al2' },
  ];
}

export type { Item };

/**
 * The project folder for a command run from the palette: the nearest folder above the active editor's file
 * that holds a template or a bootstrap (within its workspace folder), else that workspace folder, else the only
 * workspace folder, else the one the user picks. Undefined when no folder is open or the user dismissed the pick.
 */
export async function projectFolder(): Promise<string | undefined> {
  const file = activeFile();
  const root = file ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) : undefined;
  if (file !== undefined && root !== undefined && root.uri.scheme === 'file') {
    for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
      const names = await readdir(folder).catch(() => [] as string[]);
      if (names.some((name) => name === 'bootstrap' || /^template\.ya?ml$/.test(name))) return folder;
      if (folder === root.uri.fsPath || path.dirname(folder) === folder) break;
    }
    return root.uri.fsPath;
  }
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((candidate) => candidate.uri.scheme === 'file');
  if (roots.length <= 1) return roots[0]?.uri.fsPath;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The project folder' });
  return picked?.uri.fsPath;
}

/** An error's message to go inside a sentence: without its final full stop. */
export function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.\s*$/, '');
}
