// lambdaRuntime.addBootstrap: an event-loop bootstrap in a chosen language next to an existing handler.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGES, renderBootstrap, writeScaffold } from '../../core/scaffold';
import type { CommandContext } from '../context';
import { conflictResolver } from './conflicts';
import { languageFromExtension } from './detect';
import { languageOfFolder, parseAddBootstrapArgs, type AddBootstrapRequest } from './add-requests';
import { conflictingFiles } from './request';
import { activeFile, fail, failWith, openFile, pickLanguage, reason, uriFolder } from './ui';

/**
 * `lambdaRuntime.addBootstrap`. With no argument: next to the active editor's file; with a Uri: in that folder
 * (or next to that file); the language is picked, preselected from the handler's extension. With
 * `{ language, folder, onConflict?, open? }` it asks nothing but conflicts. Resolves the absolute paths written
 * or kept, undefined when the user cancels.
 */
export async function addBootstrap(context: CommandContext, arg?: unknown): Promise<string[] | undefined> {
  let request: AddBootstrapRequest;
  if (arg === undefined || arg instanceof vscode.Uri) {
    const handler = arg instanceof vscode.Uri ? undefined : activeFile();
    const folder = arg instanceof vscode.Uri ? await uriFolder(arg) : handler ? path.dirname(handler) : undefined;
    if (folder === undefined) {
      return fail(
        context,
        'Add Bootstrap works next to a handler: open the handler file, or run it from its folder’s context menu in the Explorer.',
      );
    }
    const fromUri = arg instanceof vscode.Uri && arg.fsPath !== folder ? languageFromExtension(arg.fsPath) : undefined;
    const preselected =
      (handler ? languageFromExtension(handler) : undefined) ??
      fromUri ??
      languageOfFolder(await readdir(folder).catch(() => []));
    const language = await pickLanguage(`Add Bootstrap in ${path.basename(folder)}`, preselected);
    if (language === undefined) return undefined;
    request = { language, folder, onConflict: 'ask', open: true };
  } else {
    request = failWith(context, 'Add Bootstrap', () => parseAddBootstrapArgs(arg));
  }
  const files = renderBootstrap(request.language);
  const label = LANGUAGES.find((language) => language.id === request.language)?.label ?? request.language;
  context.log.info(
    `Add Bootstrap: ${label} bootstrap (${files.map((file) => file.path).join(', ')}) in ${request.folder}.`,
  );
  let report;
  try {
    const conflicts = conflictingFiles(request.folder, files).length;
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Writing the ${label} bootstrap…` },
      () => writeScaffold(request.folder, files, conflictResolver(context, request.onConflict, conflicts)),
    );
  } catch (error) {
    return fail(
      context,
      `Could not write the bootstrap to ${request.folder}: ${reason(error)}. ` +
        'Check that the folder is writable, then try again.',
    );
  }
  const bootstrap = files.find((file) => file.role === 'bootstrap') ?? files[0];
  if (request.open && bootstrap !== undefined) await openFile(context, path.join(request.folder, bootstrap.path));
  return [...report.written, ...report.kept].map((file) => path.resolve(request.folder, file));
}
