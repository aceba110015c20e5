// lambdaRuntime.addEvent: a sample event from the built-in catalogue, written to events/<source>.json.
import path from 'node:path';
import * as vscode from 'vscode';
import { SAMPLE_EVENTS } from '../../core/scaffold/events';
import { writeScaffold } from '../../core/scaffold';
import type { SampleEvent, ScaffoldFile } from '../../core/scaffold/types';
import type { CommandContext } from '../context';
import { conflictResolver } from './conflicts';
import { parseAddEventArgs, type AddEventRequest } from './add-requests';
import { conflictingFiles } from './request';
import { fail, failWith, openFile, projectFolder, reason, uriFolder } from './ui';

interface EventItem extends vscode.QuickPickItem {
  readonly event: SampleEvent;
}

/**
 * `lambdaRuntime.addEvent`. With no argument: the project of the active editor (or the workspace folder); with a
 * Uri: that folder; both then pick the event. With `{ source, folder, onConflict?, open? }` it asks nothing but
 * conflicts. Resolves the written (or kept) file's absolute path, undefined when the user cancels.
 */
export async function addEvent(context: CommandContext, arg?: unknown): Promise<string | undefined> {
  let request: AddEventRequest;
  if (arg === undefined || arg instanceof vscode.Uri) {
    const folder = arg instanceof vscode.Uri ? await uriFolder(arg) : await projectFolder();
    if (folder === undefined) {
      return fail(
        context,
        'Add Sample Event needs a folder: open one, or run it from a folder’s context menu in the Explorer.',
      );
    }
    const picked = await vscode.window.showQuickPick<EventItem>(
      SAMPLE_EVENTS.map((event) => ({
        label: event.title,
        description: event.source,
        detail: event.description,
        event,
      })),
      {
        title: 'Add Sample Event',
        placeHolder: `A sample event for ${path.join(folder, 'events')}`,
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    if (picked === undefined) return undefined;
    request = { source: picked.event.source, folder, onConflict: 'ask', open: true };
  } else {
    request = failWith(context, 'Add Sample Event', () =>
      parseAddEventArgs(
        arg,
        SAMPLE_EVENTS.map((event) => event.source),
      ),
    );
  }
  const event = SAMPLE_EVENTS.find((candidate) => candidate.source === request.source);
  if (event === undefined) return fail(context, `Add Sample Event: there is no sample event ${request.source}.`);
  const file: ScaffoldFile = { path: `events/${event.source}.json`, content: event.json, role: 'event' };
  const target = path.join(request.folder, file.path);
  context.log.info(`Add Sample Event: ${event.source} to ${target}.`);
  try {
    const conflicts = conflictingFiles(request.folder, [file]).length;
    await writeScaffold(request.folder, [file], conflictResolver(context, request.onConflict, conflicts));
  } catch (error) {
    return fail(
      context,
      `Could not write ${target}: ${reason(error)}. Check that the folder is writable, then try again.`,
    );
  }
  if (request.open) await openFile(context, target);
  return target;
}
