// Which run an invocation goes to: the running function (asking when several run), or a new run of the
// `lambda-runtime` debugger without a debugger attached (noDebug), waited for until it shows in the registry.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import type { LambdaRun } from '../debug/runs';
import type { WorkspaceFunctions } from './workspace-functions';

/** How long a run may take to appear after its session started (the emulator starts; the runtime may still init). */
export const RUN_START_DEADLINE_MS = 30_000;
const MAX_BOOTSTRAPS = 20;

/** What to start: a template function, a bootstrap, or a whole earlier configuration (invoke again). */
export interface RunRequest {
  readonly functionName?: string;
  readonly template?: string;
  readonly bootstrap?: string;
  readonly configuration?: vscode.DebugConfiguration;
  readonly folder?: vscode.WorkspaceFolder;
}

let nextStart = 1;

/** Thrown when the user dismissed a picker: the command ends quietly. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled.');
  }
}

/** The running run to invoke, asking when several serve different functions; undefined when none fits. */
export async function chooseRunningRun(
  context: CommandContext,
  functionName: string | undefined,
  interactive: boolean,
): Promise<LambdaRun | undefined> {
  const running = context.runs.runs().filter((run) => !functionName || run.functionName === functionName);
  const names = new Set(running.map((run) => run.functionName));
  if (running.length === 0) return undefined;
  if (names.size === 1 || !interactive) return context.runs.find(functionName);
  const picked = await vscode.window.showQuickPick(
    [...running].reverse().map((run) => ({
      label: run.functionName,
      description: `${run.emulator.url}${run.debugging ? ' · debugging' : ''}`,
      run,
    })),
    { title: 'Invoke Function', placeHolder: 'Several functions are running: pick the one to invoke' },
  );
  if (!picked) throw new Cancelled();
  return picked.run;
}

/** Decides what to start when nothing runs: the named function, or the workspace's only function or bootstrap. */
export async function chooseWhatToStart(
  functions: WorkspaceFunctions,
  functionName: string | undefined,
  interactive: boolean,
): Promise<RunRequest> {
  const known = await functions.list();
  if (functionName) {
    const match = (known.some(({ fn }) => fn.name === functionName) ? known : await functions.list(true)).find(
      ({ fn }) => fn.name === functionName,
    );
    return { functionName, template: match?.fn.template, folder: match?.folder };
  }
  const choices: Array<vscode.QuickPickItem & { request: RunRequest }> = known.map(({ fn, folder }) => ({
    label: fn.name,
    description: `${vscode.workspace.asRelativePath(fn.template)} · ${fn.runtime}`,
    request: { functionName: fn.name, template: fn.template, folder },
  }));
  if (choices.length === 0) {
    const bootstraps = await vscode.workspace.findFiles(
      '**/bootstrap',
      '**/{node_modules,.git,.aws-sam}/**',
      MAX_BOOTSTRAPS,
    );
    for (const uri of bootstraps.sort((a, b) => a.path.length - b.path.length)) {
      choices.push({
        label: vscode.workspace.asRelativePath(uri),
        description: 'bootstrap',
        request: { bootstrap: uri.fsPath, folder: vscode.workspace.getWorkspaceFolder(uri) },
      });
    }
  }
  if (choices.length === 0) {
    throw new Error(
      'No function is running and the workspace has no bootstrap or template.yaml function to start: create one with "Lambda Runtime: New Custom Runtime…", or start a lambda-runtime debug session.',
    );
  }
  if (choices.length === 1) return choices[0].request;
  if (!interactive) {
    throw new Error(
      `No function is running and the workspace has several (${choices.map((choice) => choice.label).join(', ')}): pass functionName to say which to start.`,
    );
  }
  const picked = await vscode.window.showQuickPick(choices, {
    title: 'Invoke Function',
    placeHolder: 'No function is running: pick the one to start (without the debugger)',
  });
  if (!picked) throw new Cancelled();
  return picked.request;
}

/** Starts a `lambda-runtime` session without a debugger and resolves with its run once the registry has it. */
export async function startRun(
  context: CommandContext,
  request: RunRequest,
  deadlineMs = RUN_START_DEADLINE_MS,
): Promise<LambdaRun> {
  const marker = `invoke-${process.pid}-${nextStart++}`;
  const what =
    request.functionName ??
    (request.bootstrap ? `the bootstrap ${vscode.workspace.asRelativePath(request.bootstrap)}` : undefined) ??
    request.configuration?.name ??
    'the function';
  if (!vscode.workspace.isTrusted) {
    throw new Error(
      `No run of ${what} is up, and this workspace is not trusted, so its bootstrap is not run: trust the workspace (Workspaces: Manage Workspace Trust), then invoke again.`,
    );
  }
  const configuration: vscode.DebugConfiguration = request.configuration
    ? { ...ownAttributes(request.configuration), event: undefined, debugger: 'none', lambdaRuntimeInvoke: marker }
    : {
        type: 'lambda-runtime',
        request: 'launch',
        name: `Run ${what}`,
        ...(request.functionName ? { functionName: request.functionName } : {}),
        ...(request.template ? { template: request.template } : {}),
        ...(request.bootstrap ? { bootstrap: request.bootstrap } : {}),
        debugger: 'none',
        // Lets the new session (and so its run) be told apart from others starting at the same time.
        lambdaRuntimeInvoke: marker,
      };
  const folder = request.folder ?? vscode.workspace.workspaceFolders?.[0];
  const before = new Set(context.runs.runs());
  context.log.info(`Invocations: no run of ${what} is up; starting one without the debugger.`);

  let sessionId: string | undefined;
  const ours = (run: LambdaRun) =>
    !before.has(run) &&
    (run.session?.configuration.lambdaRuntimeInvoke === marker ||
      (sessionId !== undefined && run.session?.id === sessionId) ||
      (run.session === undefined && (!request.functionName || run.functionName === request.functionName)));
  const subscriptions: vscode.Disposable[] = [];
  try {
    return await new Promise<LambdaRun>((resolve, reject) => {
      const check = () => {
        const run = context.runs.runs().find(ours);
        if (run) resolve(run);
      };
      subscriptions.push(
        context.runs.onDidChangeRuns(check),
        vscode.debug.onDidStartDebugSession((session) => {
          if (session.configuration.lambdaRuntimeInvoke === marker) sessionId = session.id;
          check();
        }),
        vscode.debug.onDidTerminateDebugSession((session) => {
          if (session.configuration.lambdaRuntimeInvoke === marker)
            reject(
              new Error(
                `The run of ${what} ended before it was ready: see the Debug Console and the Lambda Runtime Kit output for why.`,
              ),
            );
        }),
      );
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `The run of ${what} did not start within ${deadlineMs / 1000} s: see the Debug Console and the Lambda Runtime Kit output, then try again.`,
            ),
          ),
        deadlineMs,
      );
      subscriptions.push(new vscode.Disposable(() => clearTimeout(timer)));
      vscode.debug.startDebugging(folder, configuration, { noDebug: true }).then(
        (started) => {
          if (!started)
            reject(
              new Error(
                `The lambda-runtime debugger did not start ${what} (see the message it showed); check the function's bootstrap and launch configuration.`,
              ),
            );
          else check();
        },
        (error: unknown) => reject(new Error(`Could not start ${what}: ${(error as Error).message ?? error}`)),
      );
    });
  } finally {
    for (const subscription of subscriptions) subscription.dispose();
  }
}

/** A session's configuration without what the editor added to it (`__sessionId`, `__configurationTarget`, `noDebug`). */
function ownAttributes(configuration: vscode.DebugConfiguration): vscode.DebugConfiguration {
  const own = Object.entries(configuration).filter(([key]) => !key.startsWith('__') && key !== 'noDebug');
  return Object.fromEntries(own) as vscode.DebugConfiguration;
}
