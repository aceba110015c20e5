import path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, RuleSettings } from '../../core/lint/types';
import {
  checkPackage,
  DEFAULT_OUT_DIR,
  formatBytes,
  PackageError,
  packageTarget,
  selectPackageTargets,
  type PackageResult,
} from '../../core/package';
import type { CommandContext } from '../context';
import { showWithProblems } from './check';
import { zipProblems } from './zip-problems';

/** One zip the command built, with its check's findings. */
export interface BuiltPackage {
  readonly name: string;
  readonly kind: 'function' | 'layer';
  readonly file: string;
  readonly zippedBytes: number;
  readonly unzippedBytes: number;
  readonly findings: readonly Finding[];
}

/** What the command did, for callers (tests, other commands). */
export interface BuildResult {
  readonly packages: readonly BuiltPackage[];
  /** One sentence per package that could not be built. */
  readonly failures: readonly string[];
}

/**
 * `lambdaRuntime.buildDeploymentPackage`: builds the zips Lambda runs, as `lambda-runtime-kit package` does, for
 * the template or folder given (editor title, Explorer), else the open template, else the workspace's template;
 * then checks each one (findings in Problems on the zip) and lists them with their sizes.
 */
export async function buildDeploymentPackage(
  context: CommandContext,
  resource?: unknown,
): Promise<BuildResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    // A build runs the project's Makefile: nothing of an untrusted workspace is executed.
    const action = await vscode.window.showWarningMessage(
      'Building a deployment package runs the project’s build (make), which an untrusted workspace may not do. Trust the workspace first.',
      'Manage Workspace Trust',
    );
    if (action) await vscode.commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  const start = resource instanceof vscode.Uri ? resource : await defaultResource();
  if (start === undefined) return undefined;

  let selection;
  try {
    selection = await selectPackageTargets(start.fsPath);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot build a deployment package: ${(error as Error).message}`);
    return undefined;
  }
  for (const reason of selection.skipped) context.log.info(`Package: skipped ${reason}`);
  if (selection.targets.length === 0) {
    void vscode.window.showErrorMessage(
      `${path.basename(start.fsPath)} has nothing to package: no provided.* function with local code, no layer with a local ContentUri.`,
    );
    return undefined;
  }
  const outDir = path.join(selection.root, DEFAULT_OUT_DIR);
  const problems = zipProblems(context.extension, context.log);

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Building deployment packages' },
    async (progress) => {
      const packages: BuiltPackage[] = [];
      const failures: string[] = [];
      const step = 100 / selection.targets.length;
      for (const [index, target] of selection.targets.entries()) {
        progress.report({ message: `${target.name} (${index + 1} of ${selection.targets.length})` });
        let built: PackageResult;
        try {
          built = await packageTarget(target, {
            outDir,
            output: (text) => context.log.info(`[${target.name}] ${text.trimEnd()}`),
          });
        } catch (error) {
          if (!(error instanceof PackageError)) throw error;
          failures.push(error.message);
          context.log.error(`Package: ${error.message}`);
          progress.report({ increment: step });
          continue;
        }
        for (const note of built.notes) context.log.info(`Package: ${target.name}: ${note}`);
        progress.report({ message: `checking ${target.name}.zip` });
        const checker = (file: string, rules: RuleSettings) => checkPackage(file, target, rules);
        const findings = await problems.check(built.file, checker).catch((error: Error) => {
          context.log.warn(error.message);
          return [];
        });
        packages.push({
          name: target.name,
          kind: target.kind,
          file: built.file,
          zippedBytes: built.zippedBytes,
          unzippedBytes: built.unzippedBytes,
          findings,
        });
        progress.report({ increment: step });
      }
      return { packages, failures };
    },
  );
  report(result, context);
  return result;
}

/** The summary at the end: each zip with its sizes, and the buttons that lead on. */
function report(result: BuildResult, context: CommandContext): void {
  for (const built of result.packages) {
    context.log.info(
      `Package: ${built.file}: ${formatBytes(built.zippedBytes)} zipped, ${formatBytes(built.unzippedBytes)} unzipped`,
    );
  }
  if (result.failures.length > 0) {
    void vscode.window
      .showErrorMessage(`Not built: ${result.failures.join(' ')}`, 'Show Output')
      .then((action) => action && context.log.show(true));
  }
  if (result.packages.length === 0) return;
  const list = result.packages
    .map(
      (built) =>
        `${path.basename(built.file)} ${formatBytes(built.zippedBytes)} (${formatBytes(built.unzippedBytes)} unzipped)`,
    )
    .join(', ');
  const findings = result.packages.flatMap((built) => built.findings);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const checked =
    findings.length === 0
      ? 'No problems found.'
      : `${findings.length} ${findings.length === 1 ? 'problem' : 'problems'} in Problems` +
        (errors > 0 ? `, ${errors} that Lambda fails on.` : '.');
  const message = `Built ${list}. ${checked}`;
  const reveal = 'Reveal in Explorer';
  const shown =
    findings.length > 0
      ? showWithProblems(message, errors > 0, reveal)
      : vscode.window.showInformationMessage(message, reveal);
  void shown.then(async (action) => {
    if (action === reveal) {
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result.packages[0]!.file));
    }
  });
}

/** The open template, else the workspace's one template (or the one picked among several). */
async function defaultResource(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && /^template\.ya?ml$/.test(path.basename(active.fsPath))) return active;
  const templates = await vscode.workspace.findFiles(
    '**/template.{yaml,yml}',
    '**/{node_modules,.git,.aws-sam}/**',
    50,
  );
  if (templates.length === 1) return templates[0];
  if (templates.length > 1) {
    const picked = await vscode.window.showQuickPick(
      templates.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { title: 'Build Deployment Package', placeHolder: 'The template whose functions and layers to package' },
    );
    return picked?.uri;
  }
  const action = await vscode.window.showErrorMessage(
    'No template.yaml in the workspace: right-click the function’s folder in the Explorer and choose Build Deployment Package, or create a project.',
    'New Custom Runtime…',
  );
  if (action) await vscode.commands.executeCommand('lambdaRuntime.newProject');
  return undefined;
}
