// `lambdaRuntime.debugFunction` (the handler CodeLens's "Debug"): a `lambda-runtime` debug session for one
// function of a template, with the debugger the function's language needs.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { viewsState } from './views-state';

/** Starts debugging `{ functionName, template? }`; without an argument the user picks a function. */
export async function debugFunction(context: CommandContext, argument?: unknown): Promise<boolean> {
  const given = (typeof argument === 'object' && argument !== null ? argument : {}) as {
    functionName?: unknown;
    template?: unknown;
  };
  const known = await viewsState(context).functions.list();
  let functionName = typeof given.functionName === 'string' ? given.functionName : undefined;
  let template = typeof given.template === 'string' ? given.template : undefined;
  if (!functionName) {
    if (known.length === 0) {
      void vscode.window.showErrorMessage(
        'The workspace has no provided.* function in a template.yaml to debug: add one, or open its bootstrap and press F5.',
      );
      return false;
    }
    const picked = await vscode.window.showQuickPick(
      known.map(({ fn }) => ({ label: fn.name, description: vscode.workspace.asRelativePath(fn.template), fn })),
      { title: 'Debug Function', placeHolder: 'Pick the function to debug' },
    );
    if (!picked) return false;
    functionName = picked.fn.name;
    template = picked.fn.template;
  }
  const match = known.find(({ fn }) => fn.name === functionName && (!template || fn.template === template));
  const folder = match?.folder ?? vscode.workspace.workspaceFolders?.[0];
  context.log.info(`Invocations: debugging ${functionName}.`);
  return vscode.debug.startDebugging(folder, {
    type: 'lambda-runtime',
    request: 'launch',
    name: `Debug ${functionName}`,
    functionName,
    ...(template ? { template } : {}),
  });
}
