import path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/lint/types';
import type { CommandContext } from '../context';
import { zipProblems } from './zip-problems';

/** What the check found, for callers (tests, other commands). */
export interface ZipCheckResult {
  readonly file: string;
  readonly findings: readonly Finding[];
}

/**
 * `lambdaRuntime.checkDeploymentPackage`: checks a .zip (the one clicked in the Explorer, else one the user picks)
 * as Lambda will extract and run it; its findings go to Problems on the zip and stay fresh as the zip changes.
 */
export async function checkDeploymentPackage(
  context: CommandContext,
  resource?: unknown,
): Promise<ZipCheckResult | undefined> {
  const uri = resource instanceof vscode.Uri ? resource : await pickZip();
  if (uri === undefined) return undefined;
  const file = uri.fsPath;
  let findings: Finding[];
  try {
    findings = await zipProblems(context.extension, context.log).check(file);
  } catch (error) {
    void vscode.window.showErrorMessage(`${(error as Error).message}.`);
    return undefined;
  }
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const name = path.basename(file);
  if (findings.length === 0) {
    void vscode.window.showInformationMessage(`${name}: no problems found; Lambda can extract and run it.`);
  } else {
    const summary =
      `${name}: ${findings.length} ${findings.length === 1 ? 'problem' : 'problems'}` +
      (errors > 0 ? `, ${errors} that Lambda fails on` : '') +
      '.';
    void showWithProblems(summary, errors > 0);
  }
  return { file, findings };
}

/** A summary with a button to the Problems view. */
export async function showWithProblems(
  message: string,
  error: boolean,
  ...more: string[]
): Promise<string | undefined> {
  const show = error ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const action = await show(message, 'Show Problems', ...more);
  if (action === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  return action;
}

async function pickZip(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Deployment package': ['zip'] },
    openLabel: 'Check',
    title: 'Check Deployment Package',
  });
  return picked?.[0];
}
