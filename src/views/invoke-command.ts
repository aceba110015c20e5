// `lambdaRuntime.invoke`: send an event to the running function (or start it without the debugger first) and
// answer { payload, functionError?, logs, durationMs }. From the palette, the view or an event file's editor
// title it asks what it needs; called with { event } it asks nothing and throws its errors to the caller.
import path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import type { InvocationRecord, LambdaRun } from '../debug/runs';
import type { InvokeResult } from '../core/emulator/types';
import { eventSourceOf, readInvokeArgument } from './event-argument';
import { pickEvent, readEventFile, type ChosenEvent } from './event-picker';
import { answerOf, errorSummary, formatMs, type InvokeAnswer } from './invocation-format';
import { Cancelled, chooseRunningRun, chooseWhatToStart, startRun, type RunRequest } from './run-start';
import { openPart, viewsState, type ViewsState } from './views-state';

/** The command: see src/views/event-argument.ts for the argument; resolves undefined when the user cancels. */
export async function invokeFunction(context: CommandContext, argument?: unknown): Promise<InvokeAnswer | undefined> {
  // The editor title of an events/*.json file passes that file's URI.
  const fromFile = argument instanceof vscode.Uri ? argument : undefined;
  // A caller that passes anything but nothing or a file gets errors thrown back, also for a malformed argument.
  let interactive = argument === undefined || fromFile !== undefined;
  try {
    const request = fromFile ? {} : readInvokeArgument(argument);
    interactive = fromFile !== undefined || request.event === undefined;
    const state = viewsState(context);
    const running = await chooseRunningRun(context, request.functionName, interactive);
    const toStart = running ? undefined : await chooseWhatToStart(state.functions, request.functionName, interactive);
    const name = running?.functionName ?? toStart?.functionName;
    const event = fromFile ? await readEventFile(fromFile) : await eventOf(request.event, name);
    if (!event) return undefined;
    const run = running ?? (await startWithProgress(context, toStart!));
    return await invokeRun(context, state, run, event, interactive);
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    return failed(context, error, interactive);
  }
}

/** Invokes `record`'s function again with the same event: on its run if it is still up, else on a new one. */
export async function invokeAgain(
  context: CommandContext,
  record: InvocationRecord,
): Promise<InvokeAnswer | undefined> {
  try {
    const state = viewsState(context);
    const stillUp = context.runs.runs().includes(record.run) ? record.run : context.runs.find(record.functionName);
    const configuration = record.run.session?.configuration;
    const run =
      stillUp ??
      (await startWithProgress(
        context,
        configuration
          ? { configuration, folder: record.run.session?.workspaceFolder }
          : { functionName: record.functionName },
      ));
    return await invokeRun(context, state, run, { text: record.event, origin: 'the same event' }, true);
  } catch (error) {
    return failed(context, error, true);
  }
}

async function eventOf(event: unknown, functionName: string | undefined): Promise<ChosenEvent | undefined> {
  const source = eventSourceOf(event);
  if (source.kind === 'json') return { text: source.text, origin: 'the event passed to the command' };
  if (source.kind === 'file') {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!path.isAbsolute(source.path) && !folder)
      throw new Error(`The event file ${source.path} is relative, and no folder is open: pass an absolute path.`);
    const file = path.isAbsolute(source.path) ? source.path : path.join(folder!.uri.fsPath, source.path);
    return readEventFile(vscode.Uri.file(file), source.path);
  }
  return pickEvent(functionName);
}

function startWithProgress(context: CommandContext, request: RunRequest): Promise<LambdaRun> {
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Starting ${request.functionName ?? 'the function'} without the debugger…`,
      },
      () => startRun(context, request),
    ),
  );
}

async function invokeRun(
  context: CommandContext,
  state: ViewsState,
  run: LambdaRun,
  event: ChosenEvent,
  interactive: boolean,
): Promise<InvokeAnswer> {
  context.log.info(`Invocations: invoking ${run.functionName} on ${run.emulator.url} with ${event.origin}.`);
  // The run fires its start event synchronously inside invoke(): that is how the record of this call is known.
  let record: InvocationRecord | undefined;
  const listening = run.onDidStartInvocation((started) => (record ??= started));
  let pending: Promise<InvokeResult>;
  try {
    pending = run.invoke(event.text);
  } finally {
    listening.dispose();
  }
  // A debugged run may sit on a breakpoint for minutes: a notification would hang over the editor all along.
  const location = run.debugging ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
  let result: InvokeResult;
  try {
    result = await vscode.window.withProgress({ location, title: `Invoking ${run.functionName}…` }, () => pending);
  } catch (error) {
    throw new Error(
      `${run.functionName} could not be invoked: ${String((error as Error).message ?? error).replace(/\.$/, '')}. Check that its session is still running, or invoke it again.`,
    );
  }
  const answer = answerOf(result);
  const figures = `${formatMs(result.durationMs)}, billed ${formatMs(result.billedDurationMs)}, ${result.maxMemoryUsedMb} of ${result.memorySizeMb} MB`;
  if (result.functionError) {
    const summary = errorSummary(result);
    context.log.warn(`Invocations: ${run.functionName} failed (${figures}): ${summary}`);
    void vscode.window
      .showWarningMessage(`${run.functionName} returned an error: ${summary}`, 'Show Response', 'Show Logs')
      .then((choice) => {
        if (choice && record) void openPart(state, record, choice === 'Show Logs' ? 'logs' : 'response');
      });
  } else {
    context.log.info(`Invocations: ${run.functionName} answered (${figures}).`);
    vscode.window.setStatusBarMessage(`$(pass) ${run.functionName} answered in ${formatMs(result.durationMs)}`, 5000);
    if (interactive && record) await openPart(state, record, 'response');
  }
  return answer;
}

/** Logs the error; shows it with an action when a person asked, else throws it to the caller. */
function failed(context: CommandContext, error: unknown, interactive: boolean): undefined {
  const message = error instanceof Error ? error.message : String(error);
  context.log.error(`Invocations: ${message}`);
  if (!interactive) throw error instanceof Error ? error : new Error(message);
  void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
    if (choice) context.log.show(true);
  });
  return undefined;
}
