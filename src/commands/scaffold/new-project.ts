// lambdaRuntime.newProject: prompts (or an argument object) -> rendered scaffold -> files written under
// progress, never overwriting without asking -> the handler opened and the folder offered.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGES, renderScaffold, writeScaffold } from '../../core/scaffold';
import type { CommandContext } from '../context';
import { conflictResolver } from './conflicts';
import { conflictingFiles, inspectFolder, isInside, parseNewProjectArgs, type NewProjectRequest } from './request';
import { fail, failWith, openFile, reason, uriFolder } from './ui';
import { askNewProject } from './wizard';

/** What `lambdaRuntime.newProject` returns to a caller: absolute paths. */
export interface NewProjectResult {
  readonly folder: string;
  readonly written: string[];
  readonly kept: string[];
  readonly handler: string;
}

/**
 * `lambdaRuntime.newProject`. With no argument it prompts; with a Uri (the Explorer's context menu) it prompts
 * with that folder as the default target; with an argument object
 * `{ language, packaging?, architecture?, base?, folder, functionName?, onConflict?, open? }` it asks nothing
 * (except about conflicts when onConflict is 'ask'). Resolves undefined when the user cancels.
 * @throws Error with a sentence for a bad argument object or a failed write (also shown to the user).
 */
export async function newProject(context: CommandContext, arg?: unknown): Promise<NewProjectResult | undefined> {
  const prompted = arg === undefined || arg instanceof vscode.Uri;
  let request: NewProjectRequest | undefined;
  if (prompted) {
    request = await askNewProject(arg instanceof vscode.Uri ? await uriFolder(arg) : undefined);
    if (request === undefined) {
      context.log.info('New Custom Runtime: cancelled.');
      return undefined;
    }
  } else {
    request = failWith(context, 'New Custom Runtime', () => parseNewProjectArgs(arg));
  }
  const result = await createProject(context, request);
  if (prompted) void offerFolder(context, result.folder, request);
  return result;
}

async function createProject(context: CommandContext, request: NewProjectRequest): Promise<NewProjectResult> {
  const { folder, options } = request;
  const label = LANGUAGES.find((language) => language.id === options.language)?.label ?? options.language;
  context.log.info(
    `New Custom Runtime: ${label}, ${options.packaging}, ${options.architecture}, ${options.base}, ` +
      `${options.functionName} in ${folder}.`,
  );
  const scaffold = renderScaffold(options);
  if (inspectFolder(folder, []).kind === 'file') {
    fail(context, `${folder} is a file, not a folder: choose another target folder for New Custom Runtime.`);
  }
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Writing the ${label} runtime to ${folder}…` },
    async () => {
      try {
        await mkdir(folder, { recursive: true });
        const conflicts = conflictingFiles(folder, scaffold.files).length;
        return await writeScaffold(folder, scaffold.files, conflictResolver(context, request.onConflict, conflicts));
      } catch (error) {
        return fail(
          context,
          `Could not write the scaffold to ${folder}: ${reason(error)}. ` +
            'Check that the folder is writable, then run New Custom Runtime again.',
        );
      }
    },
  );
  const absolute = (file: string) => path.resolve(folder, file);
  const result: NewProjectResult = {
    folder,
    written: report.written.map(absolute),
    kept: report.kept.map(absolute),
    handler: absolute(scaffold.handlerPath),
  };
  context.log.info(
    `New Custom Runtime: wrote ${result.written.length} file(s), kept ${result.kept.length} in ${folder}` +
      (result.kept.length > 0 ? ` (kept: ${report.kept.join(', ')}).` : '.'),
  );
  if (request.open) await openFile(context, result.handler);
  return result;
}

/** After a prompted run: a folder outside the workspace can be opened in a new window or added to it. */
async function offerFolder(context: CommandContext, folder: string, request: NewProjectRequest): Promise<void> {
  const roots = vscode.workspace.workspaceFolders ?? [];
  const message = `Created the ${request.options.language} runtime ${request.options.functionName} in ${folder}.`;
  if (roots.some((root) => root.uri.scheme === 'file' && isInside(folder, root.uri.fsPath))) {
    void vscode.window.showInformationMessage(message);
    return;
  }
  const choice = await vscode.window.showInformationMessage(message, 'Open Folder', 'Add to Workspace');
  const uri = vscode.Uri.file(folder);
  if (choice === 'Open Folder') {
    context.log.info(`Opening ${folder} in a new window.`);
    await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
  } else if (choice === 'Add to Workspace') {
    context.log.info(`Adding ${folder} to the workspace.`);
    vscode.workspace.updateWorkspaceFolders(roots.length, 0, { uri });
  }
}
